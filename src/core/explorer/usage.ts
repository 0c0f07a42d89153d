// Who uses a swarm object, from one snapshot's lists: the services that reference a secret or config, the
// services attached to a network, the tasks of this engine's node that mount a volume. The tree shows them, and
// removal is refused naming them (the engine's own refusal names ids, not services).
import type { XNetwork, XService, XTask } from './engineTypes';

export type SwarmObjectKind = 'secret' | 'config';

/** Services whose spec references the secret/config `id` (by ID, or by name for a spec not resolved yet). */
export function servicesUsingObject(services: readonly XService[], kind: SwarmObjectKind, id: string, name?: string): XService[] {
  return services.filter((svc) => {
    const cs = svc.Spec?.TaskTemplate?.ContainerSpec;
    const refs = kind === 'secret' ? (cs?.Secrets ?? []).map((r) => [r.SecretID, r.SecretName]) : (cs?.Configs ?? []).map((r) => [r.ConfigID, r.ConfigName]);
    return refs.some(([rid, rname]) => rid === id || (name !== undefined && !rid && rname === name));
  });
}

/** Where a service mounts the object: the target file names. */
export function objectTargets(svc: XService, kind: SwarmObjectKind, id: string): string[] {
  const cs = svc.Spec?.TaskTemplate?.ContainerSpec;
  const refs =
    kind === 'secret'
      ? (cs?.Secrets ?? []).map((r) => ({ id: r.SecretID, file: r.File?.Name }))
      : (cs?.Configs ?? []).map((r) => ({ id: r.ConfigID, file: r.File?.Name }));
  return refs.filter((r) => r.id === id && r.file).map((r) => r.file!);
}

/** Services attached to a network: in their spec (by id or name), or through an ingress-published port. */
export function servicesOnNetwork(services: readonly XService[], net: Pick<XNetwork, 'Id' | 'Name'>): XService[] {
  const keys = new Set([net.Id, net.Name].filter((x): x is string => !!x));
  return services.filter(
    (svc) =>
      (svc.Spec?.TaskTemplate?.Networks ?? svc.Spec?.Networks ?? []).some((n) => n.Target && keys.has(n.Target)) ||
      (svc.Endpoint?.VirtualIPs ?? []).some((v) => v.NetworkID && keys.has(v.NetworkID)),
  );
}

/** Tasks meant to run (or running) with an address on the network. */
export function tasksOnNetwork(tasks: readonly XTask[], netId: string): XTask[] {
  return tasks.filter((t) => t.DesiredState === 'running' && (t.NetworksAttachments ?? []).some((a) => a.Network?.ID === netId));
}

/** This node's live tasks that mount the named volume (volumes are node-local). */
export function tasksMountingVolume(tasks: readonly XTask[], nodeId: string | undefined, volume: string): XTask[] {
  return tasks.filter(
    (t) =>
      t.NodeID === nodeId &&
      t.DesiredState === 'running' &&
      (t.Spec?.ContainerSpec?.Mounts ?? []).some((m) => (m.Type ?? 'volume') === 'volume' && m.Source === volume),
  );
}

/** "a, b and 3 more": names in a refusal stay readable. */
export function nameList(names: readonly string[], max = 5): string {
  const shown = names.slice(0, max).map((n) => `"${n}"`);
  if (names.length > max) return `${shown.join(', ')} and ${names.length - max} more`;
  return shown.length > 1 ? `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}` : (shown[0] ?? '');
}
