// The Services group: grouped by stack (com.docker.stack.namespace), ungrouped ones after the stacks; children: slots.
import { LABEL_NAMESPACE } from '../../deploy/engine';
import { actionRow } from '../problems';
import type { XService, XTask } from '../engineTypes';
import { formatPorts, imageWithoutDigest, shortId } from '../format';
import { type ExplorerRow, mdTable, type RowIcon } from '../rows';
import type { SwarmSnapshot } from '../snapshot';
import { groupBySlot, isFailed, isRunning } from '../tasks';
import { emptyRow, GREEN, GREY, type Index, push, RED, YELLOW } from './common';
import { slotRow } from './taskRows';

export const stackOf = (svc: XService): string | undefined => svc.Spec?.Labels?.[LABEL_NAMESPACE] || undefined;
export const serviceName = (svc: XService | undefined, fallbackId?: string): string => svc?.Spec?.Name ?? shortId(svc?.ID ?? fallbackId);

/** `mender_api-gateway` in stack `mender` shows as `api-gateway`; anything else keeps its full name. */
export function shortServiceName(svc: XService): string {
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

export function serviceIcon(running: number, desired: number, update: string | undefined): RowIcon {
  if (update === 'updating' || update === 'rollback_started') return { id: 'sync~spin', color: YELLOW };
  if (desired === 0) return { id: 'server-process', color: GREY };
  if (running >= desired) return { id: 'server-process', color: update?.endsWith('paused') ? YELLOW : GREEN };
  return { id: running === 0 ? 'error' : 'warning', color: running === 0 ? RED : YELLOW };
}

export function servicesGroup(s: SwarmSnapshot, ix: Index): ExplorerRow {
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
    // An empty swarm: the two ways to a first stack, as the explorer's welcome.
    children:
      children.length > 0
        ? children
        : [
            emptyRow('group/services/empty', 'No services'),
            actionRow('group/services/empty/new-stack', 'new-stack'),
            actionRow('group/services/empty/deploy-stack', 'deploy-stack'),
          ],
  };
}

function serviceRow(svc: XService, ix: Index): ExplorerRow {
  const tasks = ix.tasksByService.get(svc.ID) ?? [];
  const { running, desired } = replicaCounts(svc, tasks);
  const mode = serviceMode(svc);
  const image = svc.Spec?.TaskTemplate?.ContainerSpec?.Image;
  const ports = formatPorts(svc.Endpoint?.Ports?.length ? svc.Endpoint.Ports : svc.Spec?.EndpointSpec?.Ports);
  const update = svc.UpdateStatus?.State;
  const updateText = update ? (UPDATE_WORDS[update] ?? update) : '';
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
