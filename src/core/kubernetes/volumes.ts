import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
import type { KubernetesFacts } from '../catalog/model';
import { get, str } from '../model/node';
import type { KubeServiceContext } from './context';
import { toDns1035Label, withSuffix } from './names';

/** A claim the service needs: a PersistentVolumeClaim of its own, or (StatefulSet) a template per replica. */
export interface Claim {
  name: string;
  size: string;
  why: string;
}

export interface PodVolumes {
  volumes: IVolume[];
  mounts: IVolumeMount[];
  /** Named volumes: claims (a StatefulSet makes them templates; others get PersistentVolumeClaims). */
  claims: Claim[];
  /** External volumes: claims that must exist already. */
  external: string[];
}

/**
 * The service's mounts (swarm spec): named volumes as claims, external ones as claims that must exist, binds as
 * hostPath (they tie the pod to what the node has), tmpfs and anonymous volumes as emptyDir; `shm_size` as a
 * memory emptyDir at /dev/shm. For a store the catalog knows (MongoDB, MinIO), each data path no mount covers gets a
 * claim too, so its data outlives the pod.
 */
export function volumesOf(ctx: KubeServiceContext, size: string, stateful: KubernetesFacts | undefined): PodVolumes {
  const out: PodVolumes = { volumes: [], mounts: [], claims: [], external: [] };
  const used = new Set<string>();
  const volName = (base: string): string => {
    let n = toDns1035Label(base);
    let i = 2;
    while (used.has(n)) n = withSuffix(toDns1035Label(base), String(i++));
    used.add(n);
    return n;
  };
  for (const m of ctx.container.Mounts ?? []) {
    const target = m.Target ?? '';
    const readOnly = m.ReadOnly ? { readOnly: true } : {};
    if (m.Type === 'volume' && m.Source) {
      const compose = composeVolume(ctx, m.Source);
      if (compose.external) {
        const name = volName(compose.name);
        out.volumes.push({ name, persistentVolumeClaim: { claimName: toDns1035Label(compose.name) } });
        out.external.push(compose.name);
        out.mounts.push({ name, mountPath: target, ...readOnly });
        ctx.issue(
          'info',
          'k8s-approximated',
          'volumes',
          `external volume "${compose.name}" is mounted from the PersistentVolumeClaim "${toDns1035Label(compose.name)}", which must exist in the namespace.`,
        );
        continue;
      }
      const name = volName(compose.name);
      out.claims.push({ name, size, why: `volume "${compose.name}"` });
      out.mounts.push({ name, mountPath: target, ...readOnly });
      if (m.VolumeOptions?.DriverConfig?.Name)
        ctx.issue(
          'warning',
          'k8s-untranslated',
          'volumes',
          `volume "${compose.name}": driver "${m.VolumeOptions.DriverConfig.Name}" not exported: the cluster's default storage class provides the claim.`,
        );
    } else if (m.Type === 'volume') {
      const name = volName('anonymous');
      out.volumes.push({ name, emptyDir: {} });
      out.mounts.push({ name, mountPath: target, ...readOnly });
      ctx.issue('info', 'k8s-approximated', 'volumes', `the anonymous volume at ${target} is an emptyDir: it lives as long as the pod.`);
    } else if (m.Type === 'bind' && m.Source) {
      const name = volName(`host-${m.Source}`);
      out.volumes.push({ name, hostPath: { path: m.Source } });
      out.mounts.push({ name, mountPath: target, ...readOnly });
      ctx.issue(
        'warning',
        'k8s-approximated',
        'volumes',
        `bind mount ${m.Source} is a hostPath volume: it must exist on every node the pod may run on (a ConfigMap, Secret or claim is usually what is meant).`,
      );
    } else if (m.Type === 'tmpfs') {
      const name = volName(`tmpfs-${target}`);
      out.volumes.push({ name, emptyDir: { medium: 'Memory', ...(m.TmpfsOptions?.SizeBytes ? { sizeLimit: String(m.TmpfsOptions.SizeBytes) } : {}) } });
      out.mounts.push({ name, mountPath: target });
    } else {
      ctx.issue('warning', 'k8s-untranslated', 'volumes', `a ${m.Type ?? 'mount'} mount at ${target} is not exported.`);
    }
  }
  const shm = ctx.raw.shm_size;
  // compose writes it as a byte count or a size string (`64m`); anything else the schema finding already reports
  if (typeof shm === 'string' || typeof shm === 'number') {
    const name = volName('dshm');
    out.volumes.push({ name, emptyDir: { medium: 'Memory', sizeLimit: String(shm).replace(/([kmg])b?$/i, (u) => `${u[0].toUpperCase()}i`) } });
    out.mounts.push({ name, mountPath: '/dev/shm' });
  }
  if (stateful) {
    for (const path of dataPaths(ctx, stateful)) {
      if (out.mounts.some((m) => path === m.mountPath || path.startsWith(`${m.mountPath.replace(/\/$/, '')}/`))) continue;
      const name = volName(`data-${path}`);
      out.claims.push({ name, size, why: `${path}: ${stateful.why}` });
      out.mounts.push({ name, mountPath: path });
    }
  }
  return out;
}

/** The catalog's data paths, or the argument after `dataPathAfterArg` in the command (MinIO's `server /export`). */
function dataPaths(ctx: KubeServiceContext, facts: KubernetesFacts): string[] {
  if (facts.dataPathAfterArg) {
    const words = [...(ctx.container.Command ?? []), ...(ctx.container.Args ?? [])];
    const i = words.indexOf(facts.dataPathAfterArg);
    const p = i >= 0 ? words[i + 1] : undefined;
    if (p?.startsWith('/')) return [p];
  }
  return facts.dataPaths;
}

/** The compose volume behind a swarm mount source (`<stack>_<name>`, or the `name:` / external name it declares). */
function composeVolume(ctx: KubeServiceContext, source: string): { name: string; external: boolean } {
  return volumeSources(ctx).get(source) ?? { name: source.startsWith(`${ctx.stack}_`) ? source.slice(ctx.stack.length + 1) : source, external: false };
}

/** Mount source -> compose volume, once per project (a scan per mount was quadratic on large stacks). */
const sourcesCache = new WeakMap<object, Map<string, { name: string; external: boolean }>>();
function volumeSources(ctx: KubeServiceContext): Map<string, { name: string; external: boolean }> {
  let m = sourcesCache.get(ctx.project);
  if (m) return m;
  m = new Map();
  for (const [name, obj] of ctx.project.volumes) {
    const ext = obj.node?.index.get('external')?.value;
    const external = !!ext && (ext.kind !== 'scalar' || String(ext.value) === 'true');
    const declared = str(get(obj.node, 'name'));
    if (external) m.set(name, { name, external });
    if (declared) m.set(declared, { name, external });
    m.set(`${ctx.stack}_${name}`, { name, external });
  }
  sourcesCache.set(ctx.project, m);
  return m;
}

export function claimOf(name: string, claim: Claim, labels: Record<string, string>, namespace: string): IPersistentVolumeClaim {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace, labels, annotations: { 'mender-swarm/source': claim.why } },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: claim.size } } },
  };
}
