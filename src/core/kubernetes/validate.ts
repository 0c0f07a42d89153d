import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import type { KubeExport, KubeObject } from './index';
import { isDns1035Label } from './names';

/**
 * Every object checked against the Kubernetes API's OpenAPI schema (kubernetes-models: the schemas of Kubernetes
 * 1.33, compiled to validators), plus what the schema does not say and the API server refuses: object names
 * (RFC 1035 labels for Services, RFC 1123 for the rest; we write RFC 1035 labels for all). This is the big part of
 * the export (the validators are ~580 KB): the editor loads it only when exporting (dist/kubernetes.js).
 */
const MODELS: Record<string, { prototype: { validate(): void } }> = {
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'apps/v1/DaemonSet': DaemonSet,
  'v1/Service': Service,
  'v1/Secret': Secret,
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
};

export interface KubeInvalid {
  file: string;
  object: string;
  errors: string[];
}

export function validateObject(o: KubeObject): string[] {
  const Model = MODELS[`${o.apiVersion}/${o.kind}`];
  if (!Model) return [`no schema for ${o.apiVersion} ${o.kind}`];
  const errors: string[] = [];
  if (!isDns1035Label(o.metadata.name)) errors.push(`metadata.name "${o.metadata.name}" is not an RFC 1035 label`);
  try {
    // The model's validate() on the plain object itself: constructing the model would deep-copy every object first.
    Model.prototype.validate.call(o);
  } catch (e) {
    const list = (e as { errors?: { instancePath?: string; message?: string }[] }).errors;
    if (list?.length) errors.push(...list.map((x) => `${x.instancePath || '/'} ${x.message ?? 'is invalid'}`));
    else errors.push((e as Error).message);
  }
  return errors;
}

/** The objects that fail, with why; empty when all are valid. */
export function validateExport(exp: KubeExport): KubeInvalid[] {
  const out: KubeInvalid[] = [];
  for (const f of exp.files)
    for (const o of f.objects) {
      const errors = validateObject(o);
      if (errors.length) out.push({ file: f.name, object: `${o.kind}/${o.metadata.name}`, errors });
    }
  return out;
}
