// Rolling a changed secret or config. Swarm objects are immutable and their data cannot be read back, so a deploy
// keeps what it needs in labels under the project's own prefix (the one place where our objects differ from what
// `docker stack deploy` creates): the content digest, the logical name (the stack file's full name) and a version.
// A changed digest makes a new object `<name>-v<N>`; services move to it at the same target; the old ones go once
// nothing uses them. Objects without a digest label (made by `docker stack deploy`) are left as they are: their
// content is unknowable.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import type { CurrentSecret, Labels, ServiceSpec } from './engine';
import type { DesiredObject } from './convert/types';

/** The project's own label prefix (reverse-DNS of the tool's name). */
export const PROJECT_LABEL_PREFIX = 'io.mender-swarm.';
export const LABEL_DIGEST = `${PROJECT_LABEL_PREFIX}digest`;
export const LABEL_OBJECT = `${PROJECT_LABEL_PREFIX}object`;
export const LABEL_VERSION = `${PROJECT_LABEL_PREFIX}version`;

/** Swarm's limit on secret and config names (and the characters it allows: see objectNameProblem). */
export const MAX_OBJECT_NAME = 64;

export function contentDigest(data: Buffer | string): string {
  return 'sha256:' + createHash('sha256').update(data).digest('hex');
}

/** An object's data as deploy sends it: the file's bytes, or the inline / environment content. Throws naming the file. */
export function readObjectData(d: DesiredObject): Buffer {
  if (!d.file) return Buffer.from(d.content ?? '', 'utf8');
  try {
    return fs.readFileSync(d.file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(`${d.kind} "${d.name}": cannot read ${d.file}${code ? ` (${code})` : ''}`, { cause: err });
  }
}

/** The engine name of version `n` of a logical object: the name itself first, then `<name>-v<n>` (cut to fit 64). */
export function versionedName(fullName: string, version: number): string {
  if (version <= 1) return fullName;
  const suffix = `-v${version}`;
  return fullName.slice(0, MAX_OBJECT_NAME - suffix.length) + suffix;
}

export function objectVersion(o: CurrentSecret): number {
  const v = Number(o.Spec?.Labels?.[LABEL_VERSION]);
  return Number.isInteger(v) && v > 0 ? v : 1;
}

/** The logical name an engine object stands for: its LABEL_OBJECT, else its own name. */
export function logicalName(o: CurrentSecret): string {
  return o.Spec?.Labels?.[LABEL_OBJECT] ?? o.Spec?.Name ?? o.ID;
}

/** Every engine object of one logical object, oldest version first. */
export function versionsOf(fullName: string, have: readonly CurrentSecret[]): CurrentSecret[] {
  return have.filter((o) => logicalName(o) === fullName).sort((a, b) => objectVersion(a) - objectVersion(b));
}

/** The labels a deploy creates an object with: the stack file's, the stack's, and ours. */
export function versionLabels(d: DesiredObject, digest: string, version: number): Labels {
  return { ...d.labels, [LABEL_DIGEST]: digest, [LABEL_OBJECT]: d.fullName, [LABEL_VERSION]: String(version) };
}

/** Point a service spec's secret/config references at the engine names the plan chose (the target file stays). */
export function renameObjectRefs(spec: ServiceSpec, secrets: ReadonlyMap<string, string>, configs: ReadonlyMap<string, string>): ServiceSpec {
  const cs = spec.TaskTemplate?.ContainerSpec;
  if (!cs?.Secrets?.length && !cs?.Configs?.length) return spec;
  const s = structuredClone(spec);
  const c = s.TaskTemplate!.ContainerSpec!;
  for (const r of c.Secrets ?? []) if (r.SecretName && secrets.has(r.SecretName)) r.SecretName = secrets.get(r.SecretName);
  for (const r of c.Configs ?? []) if (r.ConfigName && configs.has(r.ConfigName)) r.ConfigName = configs.get(r.ConfigName);
  return s;
}

/**
 * Swarm's rule for secret, config and network names (the manager's validation): 1-64 characters, letters,
 * digits, `-`, `_`, `.`, starting and ending with a letter or digit. Undefined when valid.
 */
export function objectNameProblem(kind: 'secret' | 'config' | 'network', name: string): string | undefined {
  if (name.length === 0) return `A ${kind} needs a name.`;
  if (name.length > MAX_OBJECT_NAME) return `"${name.slice(0, 20)}…" is ${name.length} characters long: swarm allows ${MAX_OBJECT_NAME} for a ${kind} name.`;
  if (!/^[a-zA-Z0-9](?:[a-zA-Z0-9_.-]*[a-zA-Z0-9])?$/.test(name)) {
    return `"${name}" is not a valid ${kind} name: use letters, digits, "-", "_" and ".", starting and ending with a letter or digit.`;
  }
  return undefined;
}
