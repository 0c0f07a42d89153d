// What every group of the explorer tree shares: theme colours, the one-pass index over the snapshot, empty rows.
import type { XNode, XService, XTask } from '../engineTypes';
import type { ExplorerRow } from '../rows';
import type { SwarmSnapshot } from '../snapshot';

// Theme colour ids (VS Code's own, so themes style them).
export const GREEN = 'charts.green';
export const YELLOW = 'charts.yellow';
export const RED = 'charts.red';
export const GREY = 'disabledForeground';

export interface TreeOptions {
  /** "now" for relative times; defaults to the snapshot's fetch time so a tree is reproducible. */
  now?: number;
  /** false: leave out the Secrets, Configs and Volumes groups. */
  objects?: boolean;
}

/** Indexes shared by all sections: one pass over each list. */
export interface Index {
  now: number;
  nodesById: Map<string, XNode>;
  servicesById: Map<string, XService>;
  tasksByService: Map<string, XTask[]>;
  tasksByNode: Map<string, XTask[]>;
  selfNodeId?: string;
}

export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function buildIndex(s: SwarmSnapshot, now: number): Index {
  const nodesById = new Map<string, XNode>();
  for (const n of s.nodes) nodesById.set(n.ID, n);
  const servicesById = new Map<string, XService>();
  for (const svc of s.services) servicesById.set(svc.ID, svc);
  const tasksByService = new Map<string, XTask[]>();
  const tasksByNode = new Map<string, XTask[]>();
  for (const t of s.tasks) {
    if (t.ServiceID) push(tasksByService, t.ServiceID, t);
    if (t.NodeID) push(tasksByNode, t.NodeID, t);
  }
  return { now, nodesById, servicesById, tasksByService, tasksByNode, selfNodeId: s.info.Swarm?.NodeID };
}

/**
 * A group whose list the first refresh does not fetch (networks, secrets, configs, volumes): folded, and `lazy` until
 * it is opened once, when the VS Code layer asks for the lists and rebuilds.
 */
export function lazyGroup(key: string, label: string, icon: string, list: readonly unknown[] | undefined): ExplorerRow {
  const row: ExplorerRow = { id: `group/${key}`, kind: 'group', label, icon: { id: icon }, contextValue: `group ${key}`, expanded: false };
  return list ? row : { ...row, children: [], lazy: true };
}

export function emptyRow(id: string, label: string): ExplorerRow {
  return { id, kind: 'empty', label, icon: { id: 'info', color: GREY }, contextValue: 'empty' };
}
