// The Swarm explorer's tree, built from one snapshot (see snapshot.ts) in one pass over each list:
//   Swarm     cluster id, managers/nodes, raft, dispatcher, CA
//   Nodes     hostname, role, leader, status, availability, engine, address; children: tasks on the node
//   Services  grouped by stack (com.docker.stack.namespace), ungrouped ones after the stacks; children: slots
//             with their current task, older tasks of the slot (shut down, failed) nested under it
//   Networks  swarm-scoped: driver, attachable, encrypted, subnets; children: services attached
// Pure and synchronous: the VS Code layer calls it after each refresh, the bench on 10,000 tasks.
import { X509Certificate } from 'node:crypto';
import { LABEL_NAMESPACE } from '../deploy/engine';
import type { XNetwork, XNode, XService, XTask } from './engineTypes';
import {
  formatNanos,
  formatNanosAsDays,
  formatPorts,
  humanDuration,
  imageWithoutDigest,
  shortId,
} from './format';
import { md, mdTable, type ExplorerRow, type RowIcon } from './rows';
import type { SwarmSnapshot } from './snapshot';
import { currentStateText, groupBySlot, isFailed, isRunning, isStopped, taskErrorText, type SlotGroup } from './tasks';


// Theme colour ids (VS Code's own, so themes style them).
const GREEN = 'charts.green';
const YELLOW = 'charts.yellow';
const RED = 'charts.red';
const GREY = 'disabledForeground';

export interface TreeOptions {
  /** "now" for relative times; defaults to the snapshot's fetch time so a tree is reproducible. */
  now?: number;
}

/** Indexes shared by all sections: one pass over each list. */
interface Index {
  now: number;
  nodesById: Map<string, XNode>;
  servicesById: Map<string, XService>;
  tasksByService: Map<string, XTask[]>;
  tasksByNode: Map<string, XTask[]>;
  selfNodeId?: string;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function buildIndex(s: SwarmSnapshot, now: number): Index {
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

export function buildExplorerTree(snapshot: SwarmSnapshot, opts: TreeOptions = {}): ExplorerRow[] {
  const ix = buildIndex(snapshot, opts.now ?? snapshot.fetchedAt);
  return [swarmRow(snapshot, ix), nodesGroup(snapshot, ix), servicesGroup(snapshot, ix), networksGroup(snapshot, ix)];
}

// ------------------------------------------------------------------------------------------------ swarm

/** The root CA's expiry date, from the PEM in TLSInfo.TrustRoot (the API has no field for it). */
export function rootCaExpiry(trustRoot: string | undefined): Date | undefined {
  if (!trustRoot) return undefined;
  try {
    const end = Date.parse(new X509Certificate(trustRoot).validTo);
    return Number.isFinite(end) ? new Date(end) : undefined;
  } catch {
    return undefined; // an unparsable certificate only costs the row its date
  }
}

function swarmRow(s: SwarmSnapshot, ix: Index): ExplorerRow {
  const sw = s.info.Swarm ?? {};
  const cluster = sw.Cluster ?? {};
  const spec = cluster.Spec ?? {};
  const managers = s.nodes.filter((n) => n.Spec?.Role === 'manager').length;
  const nodes = s.nodes.length;
  const caEnd = rootCaExpiry(cluster.TLSInfo?.TrustRoot);
  const raft = spec.Raft ?? {};
  const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;
  const detail = (key: string, label: string, value: string | undefined, icon: string): ExplorerRow => ({
    id: `swarm/${key}`,
    kind: 'detail',
    label,
    description: value ?? '—',
    icon: { id: icon },
    contextValue: `detail ${key}`,
  });
  const self = sw.NodeID ? ix.nodesById.get(sw.NodeID) : undefined;
  const children: ExplorerRow[] = [
    detail('cluster-id', 'Cluster ID', cluster.ID, 'symbol-key'),
    detail('managers', 'Managers', `${managers} of ${plural(nodes, 'node')}`, 'server-environment'),
    detail('nodes', 'Nodes', String(nodes), 'server'),
    detail(
      'raft',
      'Raft',
      `snapshot every ${raft.SnapshotInterval ?? '?'} entries, keep ${raft.KeepOldSnapshots ?? 0} old, election tick ${
        raft.ElectionTick ?? '?'
      }, heartbeat tick ${raft.HeartbeatTick ?? '?'}, ${raft.LogEntriesForSlowFollowers ?? '?'} entries for slow followers`,
      'database',
    ),
    detail('dispatcher', 'Dispatcher heartbeat', formatNanos(spec.Dispatcher?.HeartbeatPeriod), 'pulse'),
    detail('node-certs', 'Node certificates valid', formatNanosAsDays(spec.CAConfig?.NodeCertExpiry), 'workspace-trusted'),
    detail(
      'ca-expiry',
      'Root CA expires',
      caEnd
        ? `${caEnd.toISOString().slice(0, 10)} (${caEnd.getTime() > ix.now ? `in ${humanDuration(caEnd.getTime() - ix.now).toLowerCase()}` : 'expired'})`
        : undefined,
      'shield',
    ),
    detail('history', 'Task history retention', spec.Orchestration?.TaskHistoryRetentionLimit?.toString(), 'history'),
    detail('autolock', 'Autolock managers', spec.EncryptionConfig?.AutoLockManagers ? 'on' : 'off', 'lock'),
    detail(
      'addr-pool',
      'Default address pool',
      cluster.DefaultAddrPool ? `${cluster.DefaultAddrPool.join(', ')} (/${cluster.SubnetSize ?? 24} subnets)` : undefined,
      'symbol-namespace',
    ),
    detail('data-path-port', 'Data path port', cluster.DataPathPort?.toString(), 'plug'),
  ];
  if (self) {
    children.push(
      detail('this-engine', 'This engine', `${nodeName(self)} (${nodeRoleText(self)}), ${s.info.ServerVersion ?? ''}`, 'vm-active'),
    );
  }
  return {
    id: 'swarm',
    kind: 'swarm',
    label: 'Swarm',
    description: `${shortId(cluster.ID)} · ${plural(managers, 'manager')}, ${plural(nodes, 'node')}`,
    tooltip: () =>
      mdTable('Swarm', [
        ['Cluster ID', cluster.ID],
        ['Created', cluster.CreatedAt],
        ['Managers', managers],
        ['Nodes', nodes],
        ['Root CA expires', caEnd?.toISOString()],
        ['Root rotation in progress', cluster.RootRotationInProgress ? 'yes' : undefined],
      ]),
    icon: { id: 'organization' },
    contextValue: `swarm${sw.ControlAvailable ? ' manager' : ''}`,
    children,
    expanded: false,
    ref: { type: 'swarm', id: cluster.ID ?? 'swarm', name: spec.Name ?? 'default' },
  };
}

// ------------------------------------------------------------------------------------------------ nodes

const nodeName = (n: XNode | undefined): string => n?.Description?.Hostname || n?.Spec?.Name || shortId(n?.ID);

function nodeRoleText(n: XNode): string {
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

function nodesGroup(s: SwarmSnapshot, ix: Index): ExplorerRow {
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
    description: [
      nodeRoleText(n),
      state,
      avail,
      engine,
      addr,
      `${running} running`,
    ]
      .filter(Boolean)
      .join(' · '),
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
        ['Labels', n.Spec?.Labels ? Object.entries(n.Spec.Labels).map(([k, v]) => `${k}=${v}`).join(', ') : undefined],
      ]),
    icon: nodeIcon(n),
    contextValue: tags.join(' '),
    expanded: false,
    children:
      groups.length > 0
        ? groups.map((g) => slotRow(g, `node/${n.ID}`, ix, 'full'))
        : [emptyRow(`node/${n.ID}/empty`, 'No tasks')],
    ref: { type: 'node', id: n.ID, name: nodeName(n), version: n.Version?.Index },
  };
}

// ------------------------------------------------------------------------------------------------ services

export const stackOf = (svc: XService): string | undefined => svc.Spec?.Labels?.[LABEL_NAMESPACE] || undefined;
const serviceName = (svc: XService | undefined, fallbackId?: string): string => svc?.Spec?.Name ?? shortId(svc?.ID ?? fallbackId);

/** `mender_api-gateway` in stack `mender` shows as `api-gateway`; anything else keeps its full name. */
function shortServiceName(svc: XService): string {
  const name = serviceName(svc);
  const stack = stackOf(svc);
  return stack && name.startsWith(`${stack}_`) ? name.slice(stack.length + 1) : name;
}

export type ServiceMode = 'replicated' | 'global' | 'replicated-job' | 'global-job';

export function serviceMode(svc: XService): ServiceMode {
  const m = svc.Spec?.Mode ?? {};
  if (m.Global) return 'global';
  if (m.ReplicatedJob) return 'replicated-job';
  if (m.GlobalJob) return 'global-job';
  return 'replicated';
}

/**
 * Running/desired like `docker service ls`. The manager's ServiceStatus counts global services per eligible
 * node already; without it (API < 1.41) count from the task list: desired = tasks meant to run.
 */
export function replicaCounts(svc: XService, tasks: readonly XTask[]): { running: number; desired: number } {
  const st = svc.ServiceStatus;
  if (st && st.RunningTasks !== undefined && st.DesiredTasks !== undefined) {
    return { running: st.RunningTasks, desired: st.DesiredTasks };
  }
  const running = tasks.filter((t) => isRunning(t)).length;
  const mode = serviceMode(svc);
  const desired =
    mode === 'replicated'
      ? (svc.Spec?.Mode?.Replicated?.Replicas ?? 1)
      : tasks.filter((t) => t.DesiredState === 'running' || t.DesiredState === 'ready').length;
  return { running, desired };
}

const UPDATE_WORDS: Record<string, string> = {
  updating: 'updating',
  paused: 'update paused',
  completed: '',
  rollback_started: 'rolling back',
  rollback_paused: 'rollback paused',
  rollback_completed: 'rolled back',
};

function serviceIcon(running: number, desired: number, update: string | undefined): RowIcon {
  if (update === 'updating' || update === 'rollback_started') return { id: 'sync~spin', color: YELLOW };
  if (desired === 0) return { id: 'server-process', color: GREY };
  if (running >= desired) return { id: 'server-process', color: update?.endsWith('paused') ? YELLOW : GREEN };
  return { id: running === 0 ? 'error' : 'warning', color: running === 0 ? RED : YELLOW };
}

function servicesGroup(s: SwarmSnapshot, ix: Index): ExplorerRow {
  const stacks = new Map<string, XService[]>();
  const loose: XService[] = [];
  for (const svc of s.services) {
    const st = stackOf(svc);
    if (st) push(stacks, st, svc);
    else loose.push(svc);
  }
  const byName = (a: XService, b: XService): number => serviceName(a).localeCompare(serviceName(b));
  const children: ExplorerRow[] = [];
  let degraded = 0;
  for (const name of [...stacks.keys()].sort()) {
    const services = stacks.get(name)!.sort(byName);
    const rows = services.map((svc) => serviceRow(svc, ix));
    const bad = rows.filter((r) => / degraded\b/.test(r.contextValue)).length;
    degraded += bad;
    children.push({
      id: `stack/${name}`,
      kind: 'stack',
      label: name,
      description: `stack · ${services.length} service${services.length === 1 ? '' : 's'}${bad > 0 ? ` · ${bad} degraded` : ''}`,
      icon: { id: 'layers', color: bad > 0 ? YELLOW : undefined },
      contextValue: `stack${bad > 0 ? ' degraded' : ''}`,
      expanded: true,
      children: rows,
    });
  }
  for (const svc of loose.sort(byName)) {
    const row = serviceRow(svc, ix);
    if (/ degraded\b/.test(row.contextValue)) degraded++;
    children.push(row);
  }
  return {
    id: 'group/services',
    kind: 'group',
    label: 'Services',
    description: `${s.services.length}${stacks.size > 0 ? ` in ${stacks.size} stack${stacks.size === 1 ? '' : 's'}` : ''}${
      degraded > 0 ? ` · ${degraded} degraded` : ''
    }`,
    icon: { id: 'server-process', color: degraded > 0 ? YELLOW : undefined },
    contextValue: 'group services',
    expanded: true,
    children: children.length > 0 ? children : [emptyRow('group/services/empty', 'No services')],
  };
}

function serviceRow(svc: XService, ix: Index): ExplorerRow {
  const tasks = ix.tasksByService.get(svc.ID) ?? [];
  const { running, desired } = replicaCounts(svc, tasks);
  const mode = serviceMode(svc);
  const image = svc.Spec?.TaskTemplate?.ContainerSpec?.Image;
  const ports = formatPorts(svc.Endpoint?.Ports?.length ? svc.Endpoint.Ports : svc.Spec?.EndpointSpec?.Ports);
  const update = svc.UpdateStatus?.State;
  const updateText = update ? UPDATE_WORDS[update] ?? update : '';
  const degraded = running < desired;
  const failedTasks = tasks.filter(isFailed).length;
  const groups = groupBySlot(tasks);
  const base = `service/${svc.ID}`;
  const tags = ['service', mode, stackOf(svc) ? 'stack' : '', degraded ? 'degraded' : '', update ? `update-${update}` : ''];
  return {
    id: base,
    kind: 'service',
    label: shortServiceName(svc),
    description: [
      `${running}/${desired}${mode === 'replicated' ? '' : ` ${mode}`}`,
      imageWithoutDigest(image),
      ports.join(', '),
      updateText,
      failedTasks > 0 ? `${failedTasks} failed` : '',
    ]
      .filter(Boolean)
      .join(' · '),
    tooltip: () =>
      mdTable(`Service ${serviceName(svc)}`, [
        ['ID', svc.ID],
        ['Stack', stackOf(svc)],
        ['Mode', mode],
        ['Replicas', `${running}/${desired}`],
        ['Image', image],
        ['Ports', ports.join(', ') || undefined],
        ['Endpoint mode', svc.Spec?.EndpointSpec?.Mode],
        ['Update', svc.UpdateStatus ? `${update}${svc.UpdateStatus.Message ? `: ${svc.UpdateStatus.Message}` : ''}` : undefined],
        ['Failed tasks (kept in history)', failedTasks || undefined],
        ['Updated', svc.UpdatedAt],
      ]),
    icon: serviceIcon(running, desired, update),
    contextValue: tags.filter(Boolean).join(' '),
    expanded: false,
    children: groups.length > 0 ? groups.map((g) => slotRow(g, base, ix, 'short')) : [emptyRow(`${base}/empty`, 'No tasks')],
    ref: { type: 'service', id: svc.ID, name: serviceName(svc), version: svc.Version?.Index },
  };
}

// ------------------------------------------------------------------------------------------------ tasks

/** `api-gateway.1` (replicated) or `agent.worker1` (global: the CLI uses the node id, a hostname reads better). */
function taskName(t: XTask, ix: Index, style: 'short' | 'full'): string {
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
function slotRow(g: SlotGroup, parentId: string, ix: Index, style: 'short' | 'full'): ExplorerRow {
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
    description: [
      currentStateText(t, ix.now),
      style === 'short' ? nodeName(node) || shortId(t.NodeID) : '',
      showDesired ? `desired ${desired}` : '',
      error,
    ]
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
    contextValue: ['task', state, current ? 'current' : 'history', t.Status?.ContainerStatus?.ContainerID ? 'container' : '']
      .filter(Boolean)
      .join(' '),
    ref: { type: 'task', id: t.ID, name },
  };
}

// ------------------------------------------------------------------------------------------------ networks

/** Service ids per network id (and per name: older specs target networks by name). */
function servicesByNetwork(services: readonly XService[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (net: string | undefined, svc: string): void => {
    if (!net) return;
    let set = out.get(net);
    if (!set) out.set(net, (set = new Set()));
    set.add(svc);
  };
  for (const svc of services) {
    for (const n of svc.Spec?.TaskTemplate?.Networks ?? svc.Spec?.Networks ?? []) add(n.Target, svc.ID);
    // Ingress-published ports attach the service to the ingress network without it being in the spec.
    for (const vip of svc.Endpoint?.VirtualIPs ?? []) add(vip.NetworkID, svc.ID);
  }
  return out;
}

function networksGroup(s: SwarmSnapshot, ix: Index): ExplorerRow {
  const base: ExplorerRow = {
    id: 'group/networks',
    kind: 'group',
    label: 'Networks',
    icon: { id: 'type-hierarchy-sub' },
    contextValue: 'group networks',
    expanded: false,
  };
  if (!s.networks) return { ...base, children: [], lazy: true };
  const nets = s.networks.filter((n) => n.Scope === 'swarm').sort((a, b) => (a.Name ?? '').localeCompare(b.Name ?? ''));
  const attached = servicesByNetwork(s.services);
  return {
    ...base,
    description: String(nets.length),
    children: nets.length > 0 ? nets.map((n) => networkRow(n, attached, ix)) : [emptyRow('group/networks/empty', 'No swarm networks')],
  };
}

function networkRow(n: XNetwork, attached: Map<string, Set<string>>, ix: Index): ExplorerRow {
  const id = n.Id ?? n.Name ?? '';
  const serviceIds = new Set([...(attached.get(id) ?? []), ...(n.Name ? (attached.get(n.Name) ?? []) : [])]);
  const encrypted = n.Options?.encrypted !== undefined;
  const subnets = (n.IPAM?.Config ?? []).map((c) => c.Subnet).filter((x): x is string => !!x);
  const base = `network/${id}`;
  const services = [...serviceIds]
    .map((sid) => ix.servicesById.get(sid))
    .filter((x): x is XService => x !== undefined)
    .sort((a, b) => serviceName(a).localeCompare(serviceName(b)));
  return {
    id: base,
    kind: 'network',
    label: n.Name ?? shortId(id),
    description: [
      n.Driver,
      n.Ingress ? 'ingress' : '',
      n.Attachable ? 'attachable' : '',
      encrypted ? 'encrypted' : '',
      n.Internal ? 'internal' : '',
      subnets.join(', '),
      `${services.length} service${services.length === 1 ? '' : 's'}`,
    ]
      .filter(Boolean)
      .join(' · '),
    tooltip: () =>
      mdTable(`Network ${n.Name ?? id}`, [
        ['ID', id],
        ['Driver', n.Driver],
        ['Scope', n.Scope],
        ['Attachable', n.Attachable ? 'yes' : 'no'],
        ['Encrypted', encrypted ? 'yes' : 'no'],
        ['Ingress', n.Ingress ? 'yes' : undefined],
        ['Subnets', subnets.join(', ')],
        ['Stack', n.Labels?.[LABEL_NAMESPACE]],
        ['Created', n.Created],
      ]),
    icon: { id: n.Ingress ? 'globe' : encrypted ? 'lock' : 'type-hierarchy-sub' },
    contextValue: ['network', n.Driver ?? '', n.Ingress ? 'ingress' : '', n.Attachable ? 'attachable' : ''].filter(Boolean).join(' '),
    expanded: false,
    children:
      services.length > 0
        ? services.map((svc) => {
            const tasks = ix.tasksByService.get(svc.ID) ?? [];
            const { running, desired } = replicaCounts(svc, tasks);
            return {
              id: `${base}/service/${svc.ID}`,
              kind: 'network-service' as const,
              label: serviceName(svc),
              description: `${running}/${desired}`,
              icon: serviceIcon(running, desired, svc.UpdateStatus?.State),
              contextValue: `service attached ${serviceMode(svc)}`,
              ref: { type: 'service' as const, id: svc.ID, name: serviceName(svc), version: svc.Version?.Index },
            };
          })
        : [emptyRow(`${base}/empty`, 'No services attached')],
    ref: { type: 'network', id, name: n.Name ?? id },
  };
}

// ------------------------------------------------------------------------------------------------ misc

function emptyRow(id: string, label: string): ExplorerRow {
  return { id, kind: 'empty', label, icon: { id: 'info', color: GREY }, contextValue: 'empty' };
}
