// The Swarm row: cluster id, managers/nodes, raft, dispatcher, CA.
import { X509Certificate } from 'node:crypto';
import { formatNanos, formatNanosAsDays, humanDuration, shortId } from '../format';
import { type ExplorerRow, mdTable } from '../rows';
import type { SwarmSnapshot } from '../snapshot';
import type { Index } from './common';
import { nodeName, nodeRoleText } from './nodes';

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

export function swarmRow(s: SwarmSnapshot, ix: Index): ExplorerRow {
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
    children.push(detail('this-engine', 'This engine', `${nodeName(self)} (${nodeRoleText(self)}), ${s.info.ServerVersion ?? ''}`, 'vm-active'));
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
