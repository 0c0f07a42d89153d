import * as fs from 'fs';
import type { DesiredObject, DesiredStack } from '../deploy/convert/types';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
import type { KubeIssue, KubeServiceContext } from './context';
import { toDataKey, toDns1035Label } from './names';

/** Kubernetes refuses a Secret or ConfigMap over 1 MiB (etcd's object limit). */
const MAX_OBJECT_BYTES = 1 << 20;

export interface KubeObjectData {
  kind: 'Secret' | 'ConfigMap';
  name: string;
  key: string;
  source: DesiredObject;
  data?: Buffer;
}

/**
 * Swarm secrets and configs as Secrets and ConfigMaps, one per object, its content under one key named after it.
 * External ones are not written (they must exist in the namespace under the sanitised name).
 */
export class KubeObjects {
  readonly byFullName = new Map<string, KubeObjectData>();
  constructor(desired: DesiredStack, issues: KubeIssue[], readFile: (f: string) => Buffer) {
    for (const o of [...desired.secrets, ...desired.configs]) {
      const kind = o.kind === 'secret' ? 'Secret' : 'ConfigMap';
      const name = toDns1035Label(o.name);
      const d: KubeObjectData = { kind, name, key: toDataKey(o.name), source: o };
      if (o.external) {
        issues.push({
          severity: 'info',
          code: 'k8s-approximated',
          message: `external ${o.kind} "${o.name}" is not written: create the ${kind} "${name}" (key "${d.key}") in the namespace.`,
        });
      } else if (o.content !== undefined) d.data = Buffer.from(o.content, 'utf8');
      else if (o.file) {
        try {
          d.data = readFile(o.file);
        } catch (e) {
          issues.push({
            severity: 'error',
            code: 'k8s-untranslated',
            message: `${o.kind} "${o.name}": cannot read ${o.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
          });
        }
      }
      if (d.data && d.data.length > MAX_OBJECT_BYTES)
        issues.push({
          severity: 'error',
          code: 'k8s-untranslated',
          message: `${o.kind} "${o.name}" is ${d.data.length} bytes: Kubernetes refuses a ${kind} over 1 MiB.`,
        });
      this.byFullName.set(o.fullName, d);
    }
  }

  /** The written objects. */
  objects(namespace: string, labels: Record<string, string>): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    for (const d of this.byFullName.values()) {
      if (d.source.external || !d.data) continue;
      const metadata = { name: d.name, namespace, labels };
      if (d.kind === 'Secret') out.push({ apiVersion: 'v1', kind: 'Secret', metadata, type: 'Opaque', data: { [d.key]: d.data.toString('base64') } });
      else if (isUtf8(d.data)) out.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata, data: { [d.key]: d.data.toString('utf8') } });
      else out.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata, binaryData: { [d.key]: d.data.toString('base64') } });
    }
    return out;
  }

  /**
   * A service's secrets and configs, each mounted at the path swarm gives it (a relative secret target under
   * /run/secrets, a relative config target under /) as one file (subPath), with its mode.
   */
  mountsOf(ctx: KubeServiceContext): { volumes: IVolume[]; mounts: IVolumeMount[] } {
    const volumes: IVolume[] = [];
    const mounts: IVolumeMount[] = [];
    const refs = [
      ...(ctx.container.Secrets ?? []).map((r) => ({ kind: 'secret' as const, full: r.SecretName ?? '', file: r.File })),
      ...(ctx.container.Configs ?? []).map((r) => ({ kind: 'config' as const, full: r.ConfigName ?? '', file: r.File })),
    ];
    refs.forEach((r, i) => {
      const d = this.byFullName.get(r.full);
      if (!d) return;
      const target = r.file?.Name ?? d.source.name;
      const mountPath = target.startsWith('/') ? target : r.kind === 'secret' ? `/run/secrets/${target}` : `/${target}`;
      const name = `${r.kind}-${i}`;
      const items = [{ key: d.key, path: d.key, ...(r.file?.Mode !== undefined ? { mode: r.file.Mode } : {}) }];
      volumes.push(d.kind === 'Secret' ? { name, secret: { secretName: d.name, items } } : { name, configMap: { name: d.name, items } });
      mounts.push({ name, mountPath, subPath: d.key, readOnly: true });
      if ((r.file?.UID && r.file.UID !== '0') || (r.file?.GID && r.file.GID !== '0')) {
        ctx.issue(
          'info',
          'k8s-approximated',
          `${r.kind}s`,
          `${r.kind} "${d.source.name}": uid/gid ${r.file.UID}:${r.file.GID} not exported: the file belongs to root; the pod's fsGroup sets its group.`,
        );
      }
    });
    return { volumes, mounts };
  }
}

function isUtf8(b: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

export const diskReadFile = (f: string): Buffer => fs.readFileSync(f);
