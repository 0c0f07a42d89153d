import type { IResourceRequirements } from 'kubernetes-models/v1/ResourceRequirements';
import type { KubeServiceContext } from './context';

/** deploy.resources (and the v2 keys the swarm conversion moved there): limits, and reservations as requests. */
export function resourcesOf(ctx: KubeServiceContext): IResourceRequirements | undefined {
  const r = ctx.task.Resources;
  if (!r) return undefined;
  const out: IResourceRequirements = {};
  const limits: Record<string, string> = {};
  const requests: Record<string, string> = {};
  if (r.Limits?.NanoCPUs) limits.cpu = cpu(r.Limits.NanoCPUs);
  if (r.Limits?.MemoryBytes) limits.memory = memory(r.Limits.MemoryBytes);
  if (r.Reservations?.NanoCPUs) requests.cpu = cpu(r.Reservations.NanoCPUs);
  if (r.Reservations?.MemoryBytes) requests.memory = memory(r.Reservations.MemoryBytes);
  if (r.Limits?.Pids)
    ctx.issue(
      'warning',
      'k8s-untranslated',
      'deploy',
      `the pids limit (${r.Limits.Pids}) is not exported: Kubernetes limits pids per node (the kubelet's podPidsLimit).`,
    );
  if (r.Reservations?.GenericResources?.length)
    ctx.issue('warning', 'k8s-untranslated', 'deploy', 'generic resources are not exported: devices reach pods through device plugins and extended resources.');
  if (Object.keys(limits).length) out.limits = limits;
  if (Object.keys(requests).length) out.requests = requests;
  return Object.keys(out).length ? out : undefined;
}

/** NanoCPUs as millicores ("500m"), whole cores plainly ("2"). */
export function cpu(nano: number): string {
  const m = Math.max(1, Math.round(nano / 1e6));
  return m % 1000 === 0 ? String(m / 1000) : `${m}m`;
}

/** Bytes in the largest binary unit that divides them ("512Mi"), else plain bytes. */
export function memory(bytes: number): string {
  for (const [u, n] of [
    ['Gi', 2 ** 30],
    ['Mi', 2 ** 20],
    ['Ki', 2 ** 10],
  ] as const)
    if (bytes % n === 0) return `${bytes / n}${u}`;
  return String(bytes);
}
