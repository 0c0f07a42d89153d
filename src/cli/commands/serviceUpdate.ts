// Shared by `rollback` and `force-update`: parse SERVICE... arguments, resolve every service before changing
// anything, start the engine-side update, then follow it to its end and to the desired task count.
import { waitForConvergence, type ServiceOutcome, findService, serviceShortName, type StackClient, type SwarmService } from '../../docker';
import { connect, one, parseArgs, UsageError, type CliIO } from './common';

export interface ServiceUpdateArgs {
  stack?: string;
  services: string[];
  timeoutS: number;
  detach: boolean;
}

/** Validates everything before any connection is made (usage errors exit 2 without an engine). */
export function parseServiceUpdateArgs(argv: string[], what: string): ServiceUpdateArgs {
  const a = parseArgs(argv, ['--stack', '--timeout'], ['--detach', '-d']);
  if (!a.positional.length) throw new UsageError(`nothing to ${what}: give one or more SERVICE names`);
  for (const p of a.positional) if (p.includes('=')) throw new UsageError(`"${p}" is not a service name`);
  const t = one(a, '--timeout');
  const timeoutS = t === undefined ? 120 : Number(t);
  if (t !== undefined && !/^\d+(\.\d+)?$/.test(t)) throw new UsageError(`--timeout wants seconds, got "${t}"`);
  return { stack: one(a, '--stack'), services: [...new Set(a.positional)], timeoutS, detach: a.bools.has('--detach') || a.bools.has('-d') };
}

/** One line per service from the shared convergence loop's outcome. */
function outcomeText(o: ServiceOutcome, rollback: boolean): string {
  if (o.state === 'converged') return `${rollback ? 'rolled back' : 'force-updated'}, ${o.running}/${o.desired} running`;
  const where = o.node ? ` on ${o.node}` : '';
  if (o.state === 'timeout') return `FAILED - not done in time: ${o.running}/${o.desired} running${o.error ? ` - ${o.error}${where}` : ''}`;
  return `FAILED - ${o.error ?? 'failed'}${where}`;
}

/** Resolve all (refusing before any change), apply `start` to each, then wait unless detached. */
export async function runServiceUpdate(
  args: ServiceUpdateArgs,
  io: CliIO,
  opts: {
    rollback: boolean;
    check?: (svc: SwarmService) => string | undefined;
    start: (client: StackClient, svc: SwarmService) => Promise<unknown>;
  },
): Promise<number> {
  const client = connect(io);
  try {
    const svcs: SwarmService[] = [];
    for (const s of args.services) svcs.push(await findService(client, s, args.stack));
    const refused = svcs.map((s) => opts.check?.(s)).filter((x): x is string => !!x);
    if (refused.length) {
      for (const r of refused) io.stderr(`mender-swarm: ${r}\n`);
      return 1;
    }
    const since = Date.now();
    for (const svc of svcs) {
      await opts.start(client, svc);
      io.stdout(`${svc.Spec?.Name}: ${opts.rollback ? 'rollback' : 'force update'} started\n`);
    }
    if (args.detach) return 0;
    // The same loop as deploy, scale and the editor's commands: the update we started, then the desired count.
    const res = await waitForConvergence(
      client,
      svcs.map((s) => ({ id: s.ID, fullName: s.Spec?.Name ?? s.ID, name: serviceShortName(s) })),
      {
        timeoutMs: args.timeoutS * 1000,
        since: new Date(since),
        rollback: opts.rollback,
        expectUpdate: true,
        progress: (e) => io.stdout(`${e.message}\n`),
      },
    );
    for (const o of res.services) {
      io.stdout(`${o.fullName}: ${outcomeText(o, opts.rollback)}\n`);
      if (o.state !== 'converged') for (const l of o.logs ?? []) io.stdout(`  | ${l}\n`);
    }
    return res.converged ? 0 : 1;
  } finally {
    client.dispose();
  }
}
