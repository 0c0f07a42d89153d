// The Networks group: swarm-scoped networks (driver, attachable, encrypted, subnets); children: services attached.
import { LABEL_NAMESPACE } from '../../deploy/engine';
import type { XNetwork, XService } from '../engineTypes';
import { shortId } from '../format';
import { type ExplorerRow, mdTable } from '../rows';
import type { SwarmSnapshot } from '../snapshot';
import { emptyRow, type Index, lazyGroup } from './common';
import { replicaCounts, serviceIcon, serviceMode, serviceName } from './services';
import { taskName } from './taskRows';
import { tasksOnNetwork } from '../usage';

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

export function networksGroup(s: SwarmSnapshot, ix: Index): ExplorerRow {
  const base = lazyGroup('networks', 'Networks', 'type-hierarchy-sub', s.networks);
  if (!s.networks) return base;
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
              // The service's live tasks with their address on this network.
              children: nonEmpty(
                tasksOnNetwork(ix.tasksByService.get(svc.ID) ?? [], id).map((t) => ({
                  id: `${base}/service/${svc.ID}/task/${t.ID}`,
                  kind: 'network-task' as const,
                  label: taskName(t, ix, 'full'),
                  description: (t.NetworksAttachments ?? [])
                    .filter((a) => a.Network?.ID === id)
                    .flatMap((a) => a.Addresses ?? [])
                    .join(', '),
                  icon: { id: t.Status?.State === 'running' ? 'pass' : 'clock' },
                  contextValue: `task ${t.Status?.State ?? ''} attached`.trim(),
                  ref: { type: 'task' as const, id: t.ID, name: taskName(t, ix, 'full') },
                })),
              ),
              expanded: false,
            };
          })
        : [emptyRow(`${base}/empty`, 'No services attached')],
    ref: { type: 'network', id, name: n.Name ?? id },
  };
}

const nonEmpty = <T>(list: T[]): T[] | undefined => (list.length ? list : undefined);
