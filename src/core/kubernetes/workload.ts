import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { KubeServiceContext } from './context';
import type { Labels } from './labels';
import type { Claim } from './volumes';

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet';

export interface PodTemplate {
  labels: Labels;
  annotations?: Record<string, string>;
  spec: IPodSpec;
}

/** Which controller runs the service: global -> DaemonSet; a store the catalog knows -> StatefulSet; else Deployment. */
export function workloadKind(ctx: KubeServiceContext, stateful: boolean): WorkloadKind {
  const mode = ctx.spec.Mode;
  if (mode?.Global) return 'DaemonSet';
  if (mode?.ReplicatedJob || mode?.GlobalJob) {
    ctx.issue(
      'warning',
      'k8s-untranslated',
      'deploy',
      `mode ${String(ctx.deploy.mode)} exported as a ${stateful ? 'StatefulSet' : 'Deployment'}: a Kubernetes Job is the counterpart of a swarm job; write one by hand.`,
    );
  }
  return stateful ? 'StatefulSet' : 'Deployment';
}

export function replicasOf(ctx: KubeServiceContext): number {
  return ctx.spec.Mode?.Replicated?.Replicas ?? 1;
}

/**
 * The rolling update: swarm's parallelism and order as maxSurge/maxUnavailable (start-first starts the new task
 * before stopping the old one), only when update_config says something (both defaults roll one by one).
 */
function rollingUpdate(ctx: KubeServiceContext): { maxSurge: number | string; maxUnavailable: number | string } | undefined {
  if (ctx.deploy.update_config === undefined || !ctx.spec.UpdateConfig) return undefined;
  const u = ctx.spec.UpdateConfig;
  const batch: number | string = u.Parallelism > 0 ? u.Parallelism : '100%';
  const extras = ['failure_action', 'monitor', 'max_failure_ratio'].filter((k) => (ctx.deploy.update_config as Record<string, unknown>)[k] !== undefined);
  if (extras.length)
    ctx.issue(
      'info',
      'k8s-untranslated',
      'deploy',
      `update_config ${extras.join(', ')} not exported: a Deployment's rollout stops at progressDeadlineSeconds and is undone by hand (\`kubectl rollout undo\`).`,
    );
  return u.Order === 'start-first' ? { maxSurge: batch, maxUnavailable: 0 } : { maxSurge: 0, maxUnavailable: batch };
}

export function workloadOf(
  ctx: KubeServiceContext,
  kind: WorkloadKind,
  name: string,
  namespace: string,
  labels: Labels,
  selector: Labels,
  template: PodTemplate,
  claims: Claim[],
  serviceName: string,
  annotations?: Record<string, string>,
): Record<string, unknown> {
  const metadata = { name, namespace, labels, ...(annotations ? { annotations } : {}) };
  const spec: Record<string, unknown> = { selector: { matchLabels: { ...selector } } };
  if (kind !== 'DaemonSet') spec.replicas = replicasOf(ctx);
  if (kind === 'StatefulSet') spec.serviceName = serviceName;
  spec.template = { metadata: { labels: template.labels, ...(template.annotations ? { annotations: template.annotations } : {}) }, spec: template.spec };
  const ru = rollingUpdate(ctx);
  const delay = ctx.spec.UpdateConfig?.Delay;
  if (ru && delay) spec.minReadySeconds = Math.ceil(delay / 1e9);
  if (ru && kind === 'Deployment') spec.strategy = { type: 'RollingUpdate', rollingUpdate: ru };
  if (ru && kind === 'DaemonSet')
    spec.updateStrategy = {
      type: 'RollingUpdate',
      rollingUpdate: ru.maxSurge ? { maxSurge: ru.maxSurge, maxUnavailable: 0 } : { maxUnavailable: ru.maxUnavailable },
    };
  if (ru && kind === 'StatefulSet') ctx.issue('info', 'k8s-approximated', 'deploy', 'update_config: a StatefulSet updates one pod at a time, in order.');
  if (kind === 'StatefulSet' && claims.length) {
    spec.volumeClaimTemplates = claims.map((c) => ({
      metadata: { name: c.name, labels, annotations: { 'mender-swarm/source': c.why } },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: c.size } } },
    }));
  }
  const apiVersion = 'apps/v1';
  return { apiVersion, kind, metadata, spec };
}
