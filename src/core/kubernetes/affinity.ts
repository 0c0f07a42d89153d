import type { IAffinity } from 'kubernetes-models/v1/Affinity';
import type { INodeSelectorRequirement } from 'kubernetes-models/v1/NodeSelectorRequirement';
import type { IToleration } from 'kubernetes-models/v1/Toleration';
import type { ITopologySpreadConstraint } from 'kubernetes-models/v1/TopologySpreadConstraint';
import type { KubeServiceContext } from './context';
import { isLabelValue, isQualifiedKey } from './names';
import type { Labels } from './labels';

const CONTROL_PLANE = 'node-role.kubernetes.io/control-plane';
/** Docker reports uname's machine; Kubernetes nodes carry GOARCH. */
const ARCH: Record<string, string> = {
  x86_64: 'amd64',
  aarch64: 'arm64',
  armv7l: 'arm',
  armhf: 'arm',
  i386: '386',
  i686: '386',
  ppc64le: 'ppc64le',
  s390x: 's390x',
};

export interface Placement {
  affinity?: IAffinity;
  tolerations?: IToleration[];
  topologySpreadConstraints?: ITopologySpreadConstraint[];
}

/**
 * deploy.placement: constraints on node labels, hostname, role, OS and architecture as required node affinity
 * (all in one term: swarm ANDs them); `node.role == manager` also tolerates the control plane's taint. Spread
 * preferences become topology spread constraints. `node.id` and `engine.labels` have no Kubernetes counterpart.
 */
export function placementOf(ctx: KubeServiceContext, selector: Labels): Placement {
  const p = ctx.task.Placement;
  const out: Placement = {};
  const reqs: INodeSelectorRequirement[] = [];
  for (const c of p?.Constraints ?? []) {
    const r = requirement(c);
    if (typeof r === 'string') ctx.issue('warning', 'k8s-untranslated', 'deploy', `placement constraint "${c}" not exported: ${r}.`);
    else {
      reqs.push(r);
      if (r.key === CONTROL_PLANE && r.operator === 'Exists') out.tolerations = [{ key: CONTROL_PLANE, operator: 'Exists', effect: 'NoSchedule' }];
    }
  }
  if (reqs.length) out.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: reqs }] } } };
  for (const pref of p?.Preferences ?? []) {
    const d = pref.Spread?.SpreadDescriptor ?? '';
    const key = d.startsWith('node.labels.') ? d.slice('node.labels.'.length) : undefined;
    if (!key || !isQualifiedKey(key)) {
      ctx.issue('warning', 'k8s-untranslated', 'deploy', `placement preference "spread=${d}" not exported: only node labels spread.`);
      continue;
    }
    (out.topologySpreadConstraints ??= []).push({
      maxSkew: 1,
      topologyKey: key,
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: { ...selector } },
    });
  }
  if (p?.MaxReplicas)
    ctx.issue(
      'warning',
      'k8s-untranslated',
      'deploy',
      `max_replicas_per_node (${p.MaxReplicas}) not exported: a topology spread constraint on kubernetes.io/hostname with whenUnsatisfiable: DoNotSchedule comes closest.`,
    );
  return out;
}

/** One swarm constraint as a node selector requirement, or why it does not translate. */
export function requirement(constraint: string): INodeSelectorRequirement | string {
  const m = /^\s*([\w.-]+)\s*(==|!=)\s*(\S+)\s*$/.exec(constraint);
  if (!m) return 'it is not `key == value` or `key != value`';
  const [, key, op, value] = m;
  const eq = op === '==';
  const sel = (k: string, v: string): INodeSelectorRequirement | string => {
    if (!isQualifiedKey(k)) return `"${k}" is not a valid Kubernetes label key`;
    if (!isLabelValue(v)) return `"${v}" is not a valid Kubernetes label value`;
    return { key: k, operator: eq ? 'In' : 'NotIn', values: [v] };
  };
  switch (key) {
    case 'node.hostname':
      return sel('kubernetes.io/hostname', value);
    case 'node.platform.os':
      return sel('kubernetes.io/os', value.toLowerCase());
    case 'node.platform.arch':
      return sel('kubernetes.io/arch', ARCH[value] ?? value);
    case 'node.role': {
      const manager = value === 'manager';
      if (!manager && value !== 'worker') return `node.role is manager or worker, not "${value}"`;
      return { key: CONTROL_PLANE, operator: manager === eq ? 'Exists' : 'DoesNotExist' };
    }
    case 'node.id':
      return 'Kubernetes nodes have no swarm node id: use node.hostname or a node label';
  }
  if (key.startsWith('node.labels.')) return sel(key.slice('node.labels.'.length), value);
  if (key.startsWith('engine.labels.')) return 'engine labels are Docker daemon labels: label the Kubernetes nodes and constrain on node.labels';
  return `"${key}" is not a swarm constraint Kubernetes can express`;
}
