import { waitForConvergence, scaleServices, serviceShortName } from '../../docker';
import { connect, guard, one, parseArgs, UsageError, type CliIO } from './common';

export const usage = 'mender-swarm scale [--stack NAME] [--timeout SECONDS] [--detach] SERVICE=N...';

/** `docker service scale` for replicated services, then wait until the new count runs. */
export async function run(argv: string[], io: CliIO): Promise<number> {
  return guard(io, usage, async () => {
    const a = parseArgs(argv, ['--stack', '--timeout'], ['--detach', '-d']);
    if (!a.positional.length) throw new UsageError('nothing to scale: give SERVICE=N');
    const targets = a.positional.map((p) => {
      const m = /^([^=]+)=(.*)$/.exec(p);
      if (!m) throw new UsageError(`"${p}" is not SERVICE=N`);
      if (!/^\d+$/.test(m[2])) throw new UsageError(`${m[1]}: replicas must be a non-negative integer, not "${m[2]}"`);
      return { service: m[1], replicas: parseInt(m[2], 10) };
    });
    const timeoutS = Number(one(a, '--timeout') ?? 120);
    if (!Number.isFinite(timeoutS) || timeoutS < 0) throw new UsageError('--timeout wants seconds');
    const client = connect(io);
    try {
      const svcs = await scaleServices(client, targets, { stack: one(a, '--stack') });
      for (let i = 0; i < svcs.length; i++) io.stdout(`${svcs[i].Spec?.Name} scaled to ${targets[i].replicas}\n`);
      if (a.bools.has('--detach') || a.bools.has('-d')) return 0;
      const res = await waitForConvergence(
        client,
        svcs.map((s) => ({ id: s.ID, fullName: s.Spec?.Name ?? s.ID, name: serviceShortName(s) })),
        {
          timeoutMs: timeoutS * 1000,
          progress: (e) => io.stdout(`${e.message}\n`),
        },
      );
      for (const o of res.services.filter((s) => s.state !== 'converged')) {
        io.stdout(`${o.fullName}: ${o.state} ${o.running}/${o.desired}${o.error ? ` - ${o.error}` : ''}${o.node ? ` (node ${o.node})` : ''}\n`);
        for (const l of o.logs ?? []) io.stdout(`  | ${l}\n`);
      }
      return res.converged ? 0 : 1;
    } finally {
      client.dispose();
    }
  });
}
