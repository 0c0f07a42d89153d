// Shared by `rollback` and `force-update`: parse SERVICE... arguments, resolve every service before changing
// anything, start the engine-side update, then follow it to its end and to the desired task count.
import { findService, msg, sleep, type StackClient } from '../../docker/stacks';
import type { SwarmService, SwarmTask } from '../../docker/types';
import { connect, one, parseArgs, UsageError, type CliIO } from './common';

export interface ServiceUpdateArgs { stack?: string; services: string[]; timeoutS: number; detach: boolean }

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

type Outcome = { name: string; ok: boolean; text: string };

const FAILED = new Set(['failed', 'rejected']);

/**
 * Follow one service after `since` (when our request went out): the engine's UpdateStatus until it ends, then
 * the running count until it reaches the desired count. `rollback`: the end we want is rollback_completed;
 * otherwise completed (an automatic rollback after failing tasks is a failure of the update).
 */
async function follow(client: StackClient, svc: SwarmService, since: number, rollback: boolean, deadline: number, io: CliIO): Promise<Outcome> {
  const name = svc.Spec?.Name ?? svc.ID;
  let lastState = '';
  let sawUpdate = false;
  const noticeBy = Date.now() + 10_000;   // the engine marks the update within moments; some updates never do (0 replicas)
  for (;;) {
    const cur = (await client.listServices({ filters: { id: [svc.ID] }, status: true })).find((s) => s.ID === svc.ID);
    if (!cur) return { name, ok: false, text: 'the service disappeared (removed by someone else?)' };
    const st = cur.UpdateStatus;
    const fresh = !!st?.StartedAt && Date.parse(st.StartedAt) >= since - 2000;
    const state = fresh ? st!.State ?? '' : '';
    if (state && state !== lastState) { lastState = state; io.stdout(`${name}: ${state.replace('_', ' ')}${st?.Message ? ` (${st.Message})` : ''}\n`); }
    if (fresh) sawUpdate = true;
    const running = cur.ServiceStatus?.RunningTasks ?? 0;
    const desired = cur.ServiceStatus?.DesiredTasks ?? 0;
    const updateDone = rollback ? state === 'rollback_completed' : state === 'completed';
    const updateFailed = rollback ? state === 'rollback_paused' : ['paused', 'rollback_completed', 'rollback_paused'].includes(state);
    if (updateFailed) return { name, ok: false, text: `${state.replace('_', ' ')}: ${st?.Message ?? ''}${await lastError(client, cur.ID, since)}` };
    if ((updateDone || (!sawUpdate && Date.now() > noticeBy)) && running >= desired) {
      return { name, ok: true, text: `${rollback ? 'rolled back' : 'force-updated'}, ${running}/${desired} running` };
    }
    if (Date.now() > deadline) {
      return { name, ok: false, text: `not done in time: ${state ? state.replace('_', ' ') : 'no update seen'}, ${running}/${desired} running${await lastError(client, cur.ID, since)}` };
    }
    await sleep(500);
  }
}

async function lastError(client: StackClient, id: string, since: number): Promise<string> {
  try {
    const tasks: SwarmTask[] = await client.listTasks({ service: [id] });
    const bad = tasks.filter((t) => FAILED.has(t.Status?.State ?? '') && Date.parse(t.Status?.Timestamp ?? '') >= since - 2000)
      .sort((a, b) => Date.parse(b.Status?.Timestamp ?? '') - Date.parse(a.Status?.Timestamp ?? ''))[0];
    return bad ? ` - last failed task: ${bad.Status?.Err ?? bad.Status?.State}` : '';
  } catch (err) { return ` (tasks unavailable: ${msg(err)})`; }
}

/** Resolve all (refusing before any change), apply `start` to each, then wait unless detached. */
export async function runServiceUpdate(args: ServiceUpdateArgs, io: CliIO, opts: {
  rollback: boolean;
  check?: (svc: SwarmService) => string | undefined;
  start: (client: StackClient, svc: SwarmService) => Promise<unknown>;
}): Promise<number> {
  const client = connect(io);
  try {
    const svcs: SwarmService[] = [];
    for (const s of args.services) svcs.push(await findService(client, s, args.stack));
    const refused = svcs.map((s) => opts.check?.(s)).filter((x): x is string => !!x);
    if (refused.length) { for (const r of refused) io.stderr(`mender-swarm: ${r}\n`); return 1; }
    const since = Date.now();
    for (const svc of svcs) {
      await opts.start(client, svc);
      io.stdout(`${svc.Spec?.Name}: ${opts.rollback ? 'rollback' : 'force update'} started\n`);
    }
    if (args.detach) return 0;
    const deadline = Date.now() + args.timeoutS * 1000;
    const outcomes = await Promise.all(svcs.map((s) => follow(client, s, since, opts.rollback, deadline, io)));
    for (const o of outcomes) io.stdout(`${o.name}: ${o.ok ? o.text : `FAILED - ${o.text}`}\n`);
    return outcomes.every((o) => o.ok) ? 0 : 1;
  } finally { client.dispose(); }
}
