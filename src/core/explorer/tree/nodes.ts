// The Nodes group: hostname, role, leader, status, availability, engine, address; children: tasks on the node.
import type { XNode } from '../engineTypes';
import { shortId } from '../format';
import { type ExplorerRow, mdTable, type RowIcon } from '../rows';
import type { SwarmSnapshot } from '../snapshot';
import { groupBySlot, isFailed, isRunning, isStopped, type SlotGroup } from '../tasks';
import { emptyRow, GREEN, type Index, RED, YELLOW } from './common';
import { serviceName } from './services';
import { slotRow } from './taskRows';

export const nodeName = (n: XNode | undefined): string => n?.Description?.Hostname || n?.Spec?.Name || shortId(n?.ID);

export function nodeRoleText(n: XNode): string {
  if (n.Spec?.Role !== 'manager') return 'worker';
  if (n.ManagerStatus?.Leader) return 'manager, leader';
  const r = n.ManagerStatus?.Reachability;
  return r && r !== 'reachable' ? `manager, ${r}` : 'manager';
}

function nodeIcon(n: XNode): RowIcon {
  const state = n.Status?.State ?? 'unknown';
  const avail = n.Spec?.Availability ?? 'active';
  const id = n.Spec?.Role === 'manager' ? 'server-environment' : 'server';
  if (state === 'down' || state === 'disconnected') return { id: 'debug-disconnect', color: RED };
  if (state !== 'ready') return { id, color: YELLOW };
  if (n.ManagerStatus?.Reachability === 'unreachable') return { id, color: RED };
  if (avail !== 'active') return { id, color: YELLOW };
  return { id, color: GREEN };
}

export function nodesGroup(s: SwarmSnapshot, ix: Index): ExplorerRow {
  const nodes = [...s.nodes].sort((a, b) => {
    // Managers first (leader on top), then by hostname: the order of `docker node ls` is by id, unhelpful.
    const rank = (n: XNode): number => (n.ManagerStatus?.Leader ? 0 : n.Spec?.Role === 'manager' ? 1 : 2);
    return rank(a) - rank(b) || nodeName(a).localeCompare(nodeName(b));
  });
  const down = nodes.filter((n) => n.Status?.State !== 'ready').length;
  return {
    id: 'group/nodes',
    kind: 'group',
    label: 'Nodes',
    description: `${nodes.length}${down > 0 ? ` · ${down} not ready` : ''}`,
    icon: { id: 'server', color: down > 0 ? RED : undefined },
    contextValue: 'group nodes',
    expanded: true,
    children: nodes.length > 0 ? nodes.map((n) => nodeRow(n, ix)) : [emptyRow('group/nodes/empty', 'No nodes')],
  };
}

function nodeRow(n: XNode, ix: Index): ExplorerRow {
  const role = n.Spec?.Role ?? 'worker';
  const state = n.Status?.State ?? 'unknown';
  const avail = n.Spec?.Availability ?? 'active';
  const engine = n.Description?.Engine?.EngineVersion;
  // Status.Addr is what the node advertises; some engines report 0.0.0.0 for managers, the raft address is right then.
  const statusAddr = n.Status?.Addr && n.Status.Addr !== '0.0.0.0' ? n.Status.Addr : undefined;
  const addr = statusAddr ?? n.ManagerStatus?.Addr?.replace(/:\d+$/, '');
  const self = n.ID === ix.selfNodeId;
  const tags = ['node', role, n.ManagerStatus?.Leader ? 'leader' : '', state, avail, self ? 'self' : ''].filter(Boolean);
  const tasks = ix.tasksByNode.get(n.ID) ?? [];
  const groups = groupBySlot(tasks);
  // Live tasks first, then what only history remembers; by service name and slot within each part.
  const dead = (g: SlotGroup): number => Number(isStopped(g.current) || isFailed(g.current));
  const svcName = (g: SlotGroup): string => serviceName(ix.servicesById.get(g.serviceId), g.serviceId);
  groups.sort((a, b) => dead(a) - dead(b) || svcName(a).localeCompare(svcName(b)) || (a.slot ?? 0) - (b.slot ?? 0));
  const running = tasks.filter(isRunning).length;
  return {
    id: `node/${n.ID}`,
    kind: 'node',
    label: nodeName(n),
    description: [nodeRoleText(n), state, avail, engine, addr, `${running} running`].filter(Boolean).join(' · '),
    tooltip: () =>
      mdTable(`Node ${nodeName(n)}${self ? ' (this engine)' : ''}`, [
        ['ID', n.ID],
        ['Role', nodeRoleText(n)],
        ['Status', n.Status?.Message ? `${state}: ${n.Status.Message}` : state],
        ['Availability', avail],
        ['Address', n.Status?.Addr],
        ['Manager address', n.ManagerStatus?.Addr],
        ['Engine', engine],
        ['Platform', n.Description?.Platform ? `${n.Description.Platform.OS}/${n.Description.Platform.Architecture}` : undefined],
        ['CPUs', n.Description?.Resources?.NanoCPUs ? n.Description.Resources.NanoCPUs / 1e9 : undefined],
        ['Memory', n.Description?.Resources?.MemoryBytes ? `${(n.Description.Resources.MemoryBytes / 2 ** 30).toFixed(1)} GiB` : undefined],
        [
          'Labels',
          n.Spec?.Labels
            ? Object.entries(n.Spec.Labels)
                .map(([k, v]) => `${k}=${v}`)
                .join(', ')
            : undefined,
        ],
      ]),
    icon: nodeIcon(n),
    contextValue: tags.join(' '),
    expanded: false,
    children: groups.length > 0 ? groups.map((g) => slotRow(g, `node/${n.ID}`, ix, 'full')) : [emptyRow(`node/${n.ID}/empty`, 'No tasks')],
    ref: { type: 'node', id: n.ID, name: nodeName(n), version: n.Version?.Index },
  };
}
