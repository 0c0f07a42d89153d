// Waiting for a stack's services to converge: one loop for deploy, scale, rollback and force update, CLI and
// editor (split from deploy.ts, which re-exports it).
import { isFailedTask, isLiveTask } from '../core/taskStates';
import type { ProgressFn } from './deploy';
import { isTimeout, patiently } from './patience';
import { sleep, type StackClient } from './stacks';
import type { SwarmService, SwarmTask } from './types';

export interface ServiceOutcome {
  name: string;
  fullName: string;
  id: string;
  state: 'converged' | 'failed' | 'timeout';
  running: number;
  desired: number;
  /** For failed/timeout: what the latest failing task said, where, and its last log lines. */
  error?: string;
  node?: string;
  exitCode?: number;
  taskId?: string;
  logs?: string[];
}

export interface ConvergeResult {
  converged: boolean;
  services: ServiceOutcome[];
  elapsedMs: number;
}

export interface ConvergeOptions {
  timeoutMs: number;
  /** Failed/rejected tasks (since the deploy started) after which a service stops being waited for. */
  failThreshold?: number;
  pollMs?: number;
  /** Tasks older than this are history, not failures of this deploy. Default: now. */
  since?: Date;
  signal?: AbortSignal;
  progress?: ProgressFn;
  logLines?: number;
  /**
   * How long a service must stay at its desired count, with no task failing meanwhile, to count as converged.
   * A crash-looping task is "running" for a moment between restarts; like the docker CLI (which waits 5 s
   * "to verify that tasks are stable"), we do not take one good poll for convergence. Jobs need no settling.
   */
  settleMs?: number;
  /** The wait follows a rollback the user asked for: "rollback_completed" is success, not a failed update. */
  rollback?: boolean;
  /**
   * The wait follows an update the caller just started (rollback, force update): the engine's update status
   * from before `since` belongs to an earlier update and is ignored, and the engine gets `noticeMs` (10 s) to
   * mark the new one before the task count alone decides (an update of 0 replicas is never marked).
   */
  expectUpdate?: boolean;
  noticeMs?: number;
}

/** Which update the engine reports, if it is the one this wait follows. */
function updateStateOf(svc: SwarmService, since: number, expectUpdate: boolean): string | undefined {
  const st = svc.UpdateStatus;
  if (!st?.State) return undefined;
  // Engine and client clocks may differ by a little; 2 s of slack, as for task timestamps.
  if (expectUpdate && !(st.StartedAt && Date.parse(st.StartedAt) >= since - 2000)) return undefined;
  return st.State;
}

/**
 * Wait for all the services at once (not one after another, as `docker stack deploy --detach=false` does):
 * each is done when its running tasks reach the desired count and any rolling update completed, or when its
 * tasks keep failing, or when nothing can schedule it; the rest wait until the overall timeout.
 */
export async function waitForConvergence(
  client: StackClient,
  services: { name: string; fullName: string; id: string }[],
  opts: ConvergeOptions,
): Promise<ConvergeResult> {
  const t0 = Date.now();
  const since = (opts.since ?? new Date(t0)).getTime();
  const deadline = t0 + opts.timeoutMs;
  const threshold = opts.failThreshold ?? 3;
  const outcomes = new Map<string, ServiceOutcome>();
  const pending = new Map(services.map((s) => [s.id, s]));
  const lastReported = new Map<string, string>();
  const nodes = new Map<string, string>();
  const stuckSince = new Map<string, number>();
  const settleMs = opts.settleMs ?? 5000;
  const atDesiredSince = new Map<string, number>();
  const expectUpdate = !!opts.expectUpdate;
  const noticeBy = t0 + (opts.noticeMs ?? 10_000);
  const sawUpdate = new Set<string>();
  const lastUpdateState = new Map<string, string>();
  const nodeName = async (id: string | undefined): Promise<string | undefined> => {
    if (!id) return undefined;
    if (!nodes.has(id)) {
      try {
        for (const n of await client.listNodes(undefined, opts.signal)) nodes.set(n.ID, n.Description?.Hostname ?? n.Spec?.Name ?? n.ID);
      } catch {
        /* names are extra */
      }
    }
    return nodes.get(id) ?? id;
  };
  // A busy engine answering late is not a failure of the wait: ask again until our own deadline.
  const slow = { deadline, signal: opts.signal, onSlow: (note: string) => opts.progress?.({ phase: 'converge' as const, message: note }) };
  const fail = async (
    s: { name: string; fullName: string; id: string },
    state: 'failed' | 'timeout',
    running: number,
    desired: number,
    task: SwarmTask | undefined,
    why?: string,
  ): Promise<void> => {
    const o: ServiceOutcome = { ...s, state, running, desired };
    if (task) {
      o.error = why ?? task.Status?.Err ?? task.Status?.Message;
      o.node = await nodeName(task.NodeID);
      o.exitCode = task.Status?.ContainerStatus?.ExitCode;
      o.taskId = task.ID;
      if (task.Status?.ContainerStatus?.ContainerID) o.logs = await client.lastLogLines('task', task.ID, opts.logLines ?? 15, opts.signal);
    } else if (why) o.error = why;
    outcomes.set(s.id, o);
    pending.delete(s.id);
    opts.progress?.({
      phase: 'converge',
      service: s.name,
      running,
      desired,
      message: `${s.fullName}: ${state === 'failed' ? 'FAILED' : 'not converged'}${o.error ? `: ${o.error}` : ''}${o.node ? ` on ${o.node}` : ''}`,
    });
  };

  while (pending.size) {
    if (opts.signal?.aborted) throw opts.signal.reason ?? new Error('aborted');
    const ids = [...pending.keys()];
    let svcs: SwarmService[];
    let tasks: SwarmTask[];
    try {
      [svcs, tasks] = await patiently(
        () => Promise.all([client.listServices({ filters: { id: ids }, status: true }, opts.signal), client.listTasks({ service: ids }, opts.signal)]),
        slow,
      );
    } catch (err) {
      if (!isTimeout(err)) throw err;
      // Past the deadline and the engine still does not answer: the rest did not converge in time, and why.
      for (const s of [...pending.values()]) {
        const [running, desired] = (lastReported.get(s.id) ?? '0/0').split('/').map(Number);
        await fail(s, 'timeout', running, desired, undefined, err.message);
      }
      break;
    }
    const byId = new Map(svcs.map((s) => [s.ID, s]));
    const tasksBy = new Map<string, SwarmTask[]>();
    for (const t of tasks) if (t.ServiceID) (tasksBy.get(t.ServiceID) ?? tasksBy.set(t.ServiceID, []).get(t.ServiceID)!).push(t);
    for (const ts of tasksBy.values())
      ts.sort((a, b) => Date.parse(b.Status?.Timestamp ?? b.CreatedAt ?? '') - Date.parse(a.Status?.Timestamp ?? a.CreatedAt ?? ''));

    for (const s of [...pending.values()]) {
      const svc = byId.get(s.id);
      if (!svc) {
        await fail(s, 'failed', 0, 0, undefined, 'the service disappeared while waiting (removed by someone else?)');
        continue;
      }
      const ts = tasksBy.get(s.id) ?? [];
      const { running, desired, job } = counts(svc, ts);
      const key = `${running}/${desired}`;
      if (lastReported.get(s.id) !== key) {
        lastReported.set(s.id, key);
        opts.progress?.({
          phase: 'converge',
          service: s.name,
          running,
          desired,
          message: `${s.fullName}: ${running}/${desired}${job ? ' completed' : ' running'}`,
        });
      }
      const upd = updateStateOf(svc, since, expectUpdate);
      if (upd) sawUpdate.add(s.id);
      if (upd && lastUpdateState.get(s.id) !== upd) {
        lastUpdateState.set(s.id, upd);
        if (expectUpdate)
          opts.progress?.({
            phase: 'converge',
            service: s.name,
            running,
            desired,
            message: `${s.fullName}: ${upd.replace('_', ' ')}${svc.UpdateStatus?.Message ? ` (${svc.UpdateStatus.Message})` : ''}`,
          });
      }
      // After a deploy or force update, a completed rollback means the update failed; after a requested rollback it is the goal.
      if ((upd === 'rollback_completed' && !opts.rollback) || upd === 'paused' || upd === 'rollback_paused') {
        await fail(s, 'failed', running, desired, ts.find(isFailedTask), `update ${upd.replace('_', ' ')}: ${svc.UpdateStatus?.Message ?? ''}`.trim());
        continue;
      }
      // Until the engine marks the update we started, the old tasks' count says nothing.
      const updating = upd === 'updating' || upd === 'rollback_started' || (expectUpdate && !sawUpdate.has(s.id) && Date.now() < noticeBy);
      if (running >= desired && !updating) {
        const first = atDesiredSince.get(s.id) ?? Date.now();
        atDesiredSince.set(s.id, first);
        // A task that failed after the count was first reached means the "running" ones are a crash loop.
        const failedSince = ts.some((t) => isFailedTask(t) && Date.parse(t.Status?.Timestamp ?? '') >= first - 1000);
        if (failedSince) atDesiredSince.set(s.id, Date.now());
        else if (job || Date.now() - first >= settleMs) {
          outcomes.set(s.id, { ...s, state: 'converged', running, desired });
          pending.delete(s.id);
          continue;
        }
      } else atDesiredSince.delete(s.id);
      const recent = ts.filter((t) => Date.parse(t.CreatedAt ?? t.Status?.Timestamp ?? '') >= since - 1000);
      const failed = recent.filter((t) => isFailedTask(t) || (!job && t.Status?.State === 'complete'));
      // A replacement held back by the restart delay has DesiredState "ready" until the delay is over.
      const live = ts.filter((t) => (t.DesiredState === 'running' || t.DesiredState === 'ready') && isLiveTask(t));
      if (failed.length >= threshold) {
        await fail(s, 'failed', running, desired, failed[0], describe(failed[0]));
        continue;
      }
      // Restart policy exhausted (or on-failure after a clean exit): nothing will be started again.
      const restartDelayMs = (svc.Spec?.TaskTemplate?.RestartPolicy?.Delay ?? 5e9) / 1e6;
      if (failed.length && live.length === 0 && running < desired && Date.now() - Date.parse(failed[0].Status?.Timestamp ?? '') > restartDelayMs + 3000) {
        await fail(
          s,
          'failed',
          running,
          desired,
          failed[0],
          `${describe(failed[0])}; no new task was started (restart policy: ${JSON.stringify(svc.Spec?.TaskTemplate?.RestartPolicy ?? {})})`,
        );
        continue;
      }
      // "no suitable node" does not fix itself; give the scheduler a few seconds (a node may be joining).
      const unschedulable = live.find((t) => t.Status?.State === 'pending' && /no suitable node|insufficient resources/i.test(t.Status?.Err ?? ''));
      if (unschedulable) {
        const first = stuckSince.get(s.id) ?? Date.now();
        stuckSince.set(s.id, first);
        if (Date.now() - first > 8000) {
          await fail(s, 'failed', running, desired, unschedulable);
          continue;
        }
      } else stuckSince.delete(s.id);
    }
    if (!pending.size) break;
    if (Date.now() > deadline) {
      for (const s of [...pending.values()]) {
        const ts = tasksBy.get(s.id) ?? [];
        const svc = byId.get(s.id);
        const { running, desired } = svc ? counts(svc, ts) : { running: 0, desired: 0 };
        const worst = ts.find(isFailedTask) ?? ts.find((t) => t.Status?.Err) ?? ts[0];
        await fail(s, 'timeout', running, desired, worst, worst ? describe(worst) : 'no task was created');
      }
      break;
    }
    await sleep(opts.pollMs ?? 500, opts.signal);
  }
  const list = services.map((s) => outcomes.get(s.id)!);
  return { converged: list.every((o) => o.state === 'converged'), services: list, elapsedMs: Date.now() - t0 };
}

function counts(svc: SwarmService, ts: SwarmTask[]): { running: number; desired: number; job: boolean } {
  const mode = svc.Spec?.Mode;
  if (mode?.ReplicatedJob || mode?.GlobalJob) {
    const done = ts.filter((t) => t.Status?.State === 'complete').length;
    const desired = mode.ReplicatedJob ? (mode.ReplicatedJob.TotalCompletions ?? 1) : (svc.ServiceStatus?.DesiredTasks ?? done);
    return { running: done, desired, job: true };
  }
  const running = ts.filter((t) => t.DesiredState === 'running' && t.Status?.State === 'running').length;
  const desired = mode?.Replicated
    ? (mode.Replicated.Replicas ?? 1)
    : (svc.ServiceStatus?.DesiredTasks ?? Math.max(1, ts.filter((t) => t.DesiredState === 'running').length));
  return { running, desired, job: false };
}

function describe(t: SwarmTask): string {
  const err = t.Status?.Err ?? t.Status?.Message ?? t.Status?.State ?? 'unknown';
  const code = t.Status?.ContainerStatus?.ExitCode;
  return code !== undefined && code !== 0 && !err.includes(`(${code})`) ? `${err} (exit code ${code})` : err;
}

// ---------------------------------------------------------------------------------------------- all together
