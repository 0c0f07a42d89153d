// Task history the way `docker service ps` / `docker node ps` show it: tasks of one slot (a replicated
// service's replica number, or the node for a global service) sorted newest first; the newest is the slot's
// current task, the older ones are its history ("\_ name.1" rows in the CLI).
import { ago, capitalize } from './format';
import type { XTask } from './engineTypes';
import { isLostOrFailedTask, isStoppedTask } from '../taskStates';

export interface SlotGroup {
  /** `serviceID/slot` or `serviceID/node:<nodeID>` for global services. */
  key: string;
  serviceId: string;
  slot?: number;
  nodeId?: string;
  current: XTask;
  /** Older tasks of the slot, newest first. */
  history: XTask[];
}

export const isFailed = (t: XTask): boolean => isLostOrFailedTask(t);
export const isRunning = (t: XTask): boolean => t.Status?.State === 'running';
export const isStopped = (t: XTask): boolean => isStoppedTask(t);

/** ISO timestamps sort as strings; equal ones (same second) fall back to the object version. */
function newestFirst(a: XTask, b: XTask): number {
  const ca = a.CreatedAt ?? '';
  const cb = b.CreatedAt ?? '';
  if (ca !== cb) return ca < cb ? 1 : -1;
  return (b.Version?.Index ?? 0) - (a.Version?.Index ?? 0);
}

export function slotKey(t: XTask): string {
  const service = t.ServiceID ?? '';
  return t.Slot !== undefined && t.Slot !== 0 ? `${service}/${t.Slot}` : `${service}/node:${t.NodeID ?? ''}`;
}

/**
 * Group tasks into slots, newest task first in each, and order the slots by replica number (global slots
 * after, by node id; the caller may re-sort by hostname). One pass plus one sort per slot: O(n log n).
 */
export function groupBySlot(tasks: Iterable<XTask>): SlotGroup[] {
  const bySlot = new Map<string, XTask[]>();
  for (const t of tasks) {
    const k = slotKey(t);
    const list = bySlot.get(k);
    if (list) list.push(t);
    else bySlot.set(k, [t]);
  }
  const groups: SlotGroup[] = [];
  for (const [key, list] of bySlot) {
    list.sort(newestFirst);
    const first = list[0];
    const slot = first.Slot !== undefined && first.Slot !== 0 ? first.Slot : undefined;
    groups.push({
      key,
      serviceId: first.ServiceID ?? '',
      slot,
      nodeId: slot === undefined ? first.NodeID : undefined,
      current: first,
      history: list.slice(1),
    });
  }
  groups.sort((a, b) => {
    if (a.serviceId !== b.serviceId) return a.serviceId < b.serviceId ? -1 : 1;
    if (a.slot !== undefined && b.slot !== undefined) return a.slot - b.slot;
    if (a.slot !== undefined) return -1;
    if (b.slot !== undefined) return 1;
    return (a.nodeId ?? '') < (b.nodeId ?? '') ? -1 : 1;
  });
  return groups;
}

/** "Running 2 hours ago", "Failed 5 seconds ago": the CURRENT STATE column of `docker service ps`. */
export function currentStateText(t: XTask, now: number): string {
  const state = capitalize(t.Status?.State ?? 'unknown');
  const when = ago(t.Status?.Timestamp, now);
  return when ? `${state} ${when}` : state;
}

/** The ERROR column plus the exit code, which the CLI only shows in `docker inspect`. */
export function taskErrorText(t: XTask): string | undefined {
  const err = t.Status?.Err;
  const code = t.Status?.ContainerStatus?.ExitCode;
  const parts: string[] = [];
  if (err) parts.push(err);
  if (code !== undefined && code !== 0 && (isFailed(t) || err)) parts.push(`exit code ${code}`);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}
