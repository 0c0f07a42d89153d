// The swarm task-state vocabulary (swarmkit's api.TaskState, lower-cased as the Engine API reports it), in one
// place: convergence, rollback/force-update, the doctor and the explorer all ask here which states mean what.

/** Every state a task passes through, in swarmkit's order. */
export const TASK_STATES = [
  'new',
  'pending',
  'allocated',
  'assigned',
  'accepted',
  'preparing',
  'ready',
  'starting',
  'running',
  'complete',
  'shutdown',
  'failed',
  'rejected',
  'remove',
  'orphaned',
] as const;
export type TaskStateName = (typeof TASK_STATES)[number];

/** The task ended in error (its container failed, or the node refused it): what convergence counts as a failure. */
export const FAILED_TASK_STATES: ReadonlySet<string> = new Set(['failed', 'rejected']);
/** Failed, or lost with its node ("orphaned": the node went away): what the explorer marks as failed. */
export const LOST_OR_FAILED_TASK_STATES: ReadonlySet<string> = new Set([...FAILED_TASK_STATES, 'orphaned']);
/** On its way to running, or running: a task that still counts towards the desired count. */
export const LIVE_TASK_STATES: ReadonlySet<string> = new Set([
  'new',
  'allocated',
  'pending',
  'assigned',
  'accepted',
  'preparing',
  'ready',
  'starting',
  'running',
]);
/** Ended without error, or being removed. */
export const STOPPED_TASK_STATES: ReadonlySet<string> = new Set(['shutdown', 'complete', 'remove']);
/** Nothing more will happen to the task by itself. */
export const SETTLED_TASK_STATES: ReadonlySet<string> = new Set(['running', ...STOPPED_TASK_STATES, ...LOST_OR_FAILED_TASK_STATES]);
/** Worth showing in a report of what went wrong: ended badly, never scheduled, or ended at all (a service must not exit). */
export const NOTEWORTHY_TASK_STATES: ReadonlySet<string> = new Set([...LOST_OR_FAILED_TASK_STATES, 'complete', 'pending']);

interface HasState {
  Status?: { State?: string };
}
const stateOf = (t: HasState): string => t.Status?.State ?? '';

export const isFailedTask = (t: HasState): boolean => FAILED_TASK_STATES.has(stateOf(t));
export const isLostOrFailedTask = (t: HasState): boolean => LOST_OR_FAILED_TASK_STATES.has(stateOf(t));
export const isLiveTask = (t: HasState): boolean => LIVE_TASK_STATES.has(stateOf(t));
export const isStoppedTask = (t: HasState): boolean => STOPPED_TASK_STATES.has(stateOf(t));
export const isSettledTask = (t: HasState): boolean => SETTLED_TASK_STATES.has(stateOf(t));
