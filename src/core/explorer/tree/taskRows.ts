// Task rows: a slot with its current task, older tasks of the slot (shut down, failed) nested under it.
import type { XTask } from '../engineTypes';
import { shortId } from '../format';
import { type ExplorerRow, md, mdTable, type RowIcon } from '../rows';
import { currentStateText, isFailed, isRunning, isStopped, type SlotGroup, taskErrorText } from '../tasks';
import { GREEN, GREY, type Index, RED, YELLOW } from './common';
import { nodeName } from './nodes';
import { serviceName, shortServiceName } from './services';

/** `api-gateway.1` (replicated) or `agent.worker1` (global: the CLI uses the node id, a hostname reads better). */
export function taskName(t: XTask, ix: Index, style: 'short' | 'full'): string {
  const svc = t.ServiceID ? ix.servicesById.get(t.ServiceID) : undefined;
  const name = svc ? (style === 'short' ? shortServiceName(svc) : serviceName(svc)) : shortId(t.ServiceID);
  if (t.Slot !== undefined && t.Slot !== 0) return `${name}.${t.Slot}`;
  return `${name}.${nodeName(t.NodeID ? ix.nodesById.get(t.NodeID) : undefined) || shortId(t.NodeID)}`;
}

function taskIcon(t: XTask): RowIcon {
  const state = t.Status?.State ?? '';
  if (state === 'running') return { id: 'pass', color: GREEN };
  if (isFailed(t)) return { id: 'error', color: RED };
  if (state === 'complete') return { id: 'check', color: GREY };
  if (isStopped(t)) return { id: 'circle-slash', color: GREY };
  if (state === 'preparing' || state === 'starting') return { id: 'loading~spin', color: YELLOW };
  return { id: 'clock', color: YELLOW };
}

/** The slot's current task, its history nested under it (like the CLI's `\_` rows). */
export function slotRow(g: SlotGroup, parentId: string, ix: Index, style: 'short' | 'full'): ExplorerRow {
  const row = taskRow(g.current, parentId, ix, style, true);
  if (g.history.length > 0) {
    row.children = g.history.map((t) => taskRow(t, row.id, ix, style, false));
    row.description = `${row.description} · ${g.history.length} earlier`;
    // Expanded when the history explains a problem (the current task is failing), like reading `service ps`.
    row.expanded = isFailed(g.current) || g.history.some(isFailed) ? !isRunning(g.current) : false;
  }
  return row;
}

function taskRow(t: XTask, parentId: string, ix: Index, style: 'short' | 'full', current: boolean): ExplorerRow {
  const node = t.NodeID ? ix.nodesById.get(t.NodeID) : undefined;
  const state = t.Status?.State ?? 'unknown';
  const desired = t.DesiredState;
  // Desired state matters only when the task is still meant to run but is not running (the CLI's column).
  const showDesired = desired && desired !== state && desired !== 'shutdown' && !(desired === 'running' && state === 'running');
  const error = taskErrorText(t);
  const name = taskName(t, ix, style);
  const svc = t.ServiceID ? ix.servicesById.get(t.ServiceID) : undefined;
  const image = t.Spec?.ContainerSpec?.Image;
  return {
    id: `${parentId}/task/${t.ID}`,
    kind: 'task',
    label: name,
    description: [currentStateText(t, ix.now), style === 'short' ? nodeName(node) || shortId(t.NodeID) : '', showDesired ? `desired ${desired}` : '', error]
      .filter(Boolean)
      .join(' · '),
    tooltip: () =>
      mdTable(`Task ${name}`, [
        ['ID', t.ID],
        ['Service', serviceName(svc, t.ServiceID)],
        ['Node', node ? `${nodeName(node)} (${t.NodeID})` : t.NodeID],
        ['Image', image],
        ['Desired state', desired],
        ['Current state', currentStateText(t, ix.now)],
        ['Since', t.Status?.Timestamp],
        ['Message', t.Status?.Message],
        ['Error', t.Status?.Err],
        ['Exit code', t.Status?.ContainerStatus?.ExitCode !== undefined && (isFailed(t) || isStopped(t)) ? t.Status.ContainerStatus.ExitCode : undefined],
        ['Container', t.Status?.ContainerStatus?.ContainerID],
      ]) + (t.Status?.Err ? `\n\n$(error) ${md(t.Status.Err)}` : ''),
    icon: taskIcon(t),
    contextValue: ['task', state, current ? 'current' : 'history', t.Status?.ContainerStatus?.ContainerID ? 'container' : ''].filter(Boolean).join(' '),
    ref: { type: 'task', id: t.ID, name },
  };
}
