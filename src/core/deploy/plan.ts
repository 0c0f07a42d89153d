import type { DesiredNetwork, DesiredObject, DesiredService, DesiredStack } from './convert';
import { CurrentNetwork, CurrentSecret, CurrentService, CurrentStackState, LABEL_NAMESPACE, ServiceSpec } from './engine';
import { maskSecrets, maskText } from '../mask';
import { contentDigest, LABEL_DIGEST, logicalName, objectVersion, readObjectData, renameObjectRefs, versionedName, versionsOf } from './objectVersions';

/**
 * Desired specs vs what the swarm runs: what a deploy will create, update (and which fields), leave alone, or
 * remove when pruning. Pure: the docker module gathers `CurrentStackState` and applies the plan.
 */

export interface FieldChange {
  path: string;
  from: unknown;
  to: unknown;
}

export interface ServicePlan {
  action: 'create' | 'update' | 'unchanged' | 'remove';
  name: string;
  fullName: string;
  desired?: DesiredService;
  current?: CurrentService;
  changes: FieldChange[];
}
export interface NetworkPlan {
  action: 'create' | 'unchanged' | 'remove' | 'external';
  name: string;
  fullName: string;
  desired?: DesiredNetwork;
  current?: CurrentNetwork;
  /** Why an existing network does not match the manifest: networks cannot be updated in place. */
  notes: string[];
}
export interface ObjectPlan {
  /** 'rotate': the content changed since the current version was created, a new version replaces it (objectVersions.ts). */
  action: 'create' | 'unchanged' | 'rotate' | 'remove' | 'external';
  kind: 'secret' | 'config';
  name: string;
  fullName: string;
  desired?: DesiredObject;
  /** The latest version on the engine. */
  current?: CurrentSecret;
  /** The engine name services use after the deploy: fullName, or `<fullName>-v<N>` once rotated. */
  engineName?: string;
  /** The version and digest to create (create, rotate). */
  version?: number;
  digest?: string;
  /** Older versions to remove once no service uses them (after the services moved). */
  retire?: CurrentSecret[];
}
export interface Plan {
  stack: string;
  services: ServicePlan[];
  networks: NetworkPlan[];
  secrets: ObjectPlan[];
  configs: ObjectPlan[];
  /** Problems that stop the deploy before anything is sent (a missing external network...). */
  blocking: string[];
}

export interface PlanOptions {
  prune?: boolean;
  /** The content digest of a secret/config (default: read its file or content; throws naming the file). */
  digestOf?: (d: DesiredObject) => string;
}

const defaultDigest = (d: DesiredObject): string => contentDigest(readObjectData(d));

/** A desired service spec with its secret/config references renamed to the versions the plan chose. */
export function engineSpec(p: Pick<Plan, 'secrets' | 'configs'>, spec: ServiceSpec): ServiceSpec {
  const names = (list: ObjectPlan[]): Map<string, string> =>
    new Map(list.filter((o) => o.engineName && o.engineName !== o.fullName).map((o) => [o.fullName, o.engineName!]));
  return renameObjectRefs(spec, names(p.secrets), names(p.configs));
}

export function planStack(desired: DesiredStack, current: CurrentStackState, opts: PlanOptions = {}): Plan {
  const blocking: string[] = [];
  const ns = desired.stack;
  const inStack = (l: Record<string, string> | undefined): boolean => l?.[LABEL_NAMESPACE] === ns;

  const netByName = new Map<string, CurrentNetwork>();
  for (const n of current.networks) if (!netByName.has(n.Name) || inStack(n.Labels)) netByName.set(n.Name, n);
  const networks: NetworkPlan[] = [];
  for (const d of desired.networks) {
    const cur = netByName.get(d.fullName);
    if (d.external) {
      if (!cur)
        blocking.push(
          `External network "${d.fullName}" (network "${d.name}") does not exist: create it first (docker network create -d overlay --attachable ${d.fullName}).`,
        );
      else if (cur.Scope && cur.Scope !== 'swarm')
        blocking.push(`External network "${d.fullName}" has scope "${cur.Scope}"; swarm services need a swarm-scoped (overlay) network.`);
      networks.push({ action: 'external', name: d.name, fullName: d.fullName, desired: d, current: cur, notes: [] });
      continue;
    }
    if (!cur) {
      networks.push({ action: 'create', name: d.name, fullName: d.fullName, desired: d, notes: [] });
      continue;
    }
    networks.push({ action: 'unchanged', name: d.name, fullName: d.fullName, desired: d, current: cur, notes: networkDrift(d, cur, ns) });
  }
  if (opts.prune) {
    const want = new Set(desired.networks.map((n) => n.fullName));
    for (const n of current.networks)
      if (inStack(n.Labels) && !want.has(n.Name)) {
        networks.push({ action: 'remove', name: n.Name, fullName: n.Name, current: n, notes: [] });
      }
  }

  const objects = (kind: 'secret' | 'config', want: DesiredObject[], have: CurrentSecret[]): ObjectPlan[] => {
    const byName = new Map(have.map((s) => [s.Spec?.Name ?? '', s]));
    const out: ObjectPlan[] = [];
    for (const d of want) {
      if (d.external) {
        const cur = byName.get(d.fullName);
        if (!cur) blocking.push(`External ${kind} "${d.fullName}" does not exist: create it first (docker ${kind} create ${d.fullName} FILE).`);
        out.push({ action: 'external', kind, name: d.name, fullName: d.fullName, desired: d, current: cur, engineName: d.fullName });
        continue;
      }
      let digest: string | undefined;
      try {
        digest = (opts.digestOf ?? defaultDigest)(d);
      } catch (err) {
        // Unreadable before anything is sent: nothing is left half-created.
        blocking.push(err instanceof Error ? err.message : String(err));
      }
      const versions = versionsOf(d.fullName, have);
      const latest = versions.at(-1);
      const base = { kind, name: d.name, fullName: d.fullName, desired: d, digest };
      if (!latest) {
        out.push({ ...base, action: 'create', engineName: d.fullName, version: 1 });
        continue;
      }
      const had = latest.Spec?.Labels?.[LABEL_DIGEST];
      if (digest && had && had !== digest) {
        const version = objectVersion(latest) + 1;
        out.push({ ...base, action: 'rotate', current: latest, engineName: versionedName(d.fullName, version), version, retire: versions });
      } else {
        out.push({ ...base, action: 'unchanged', current: latest, engineName: latest.Spec?.Name ?? d.fullName, retire: versions.slice(0, -1) });
      }
    }
    if (opts.prune) {
      const names = new Set(want.map((w) => w.fullName));
      for (const s of have)
        if (inStack(s.Spec?.Labels) && !names.has(logicalName(s))) {
          out.push({ action: 'remove', kind, name: s.Spec?.Name ?? s.ID, fullName: s.Spec?.Name ?? s.ID, current: s });
        }
    }
    return out;
  };
  const secrets = objects('secret', desired.secrets, current.secrets);
  const configs = objects('config', desired.configs, current.configs);

  const svcByName = new Map<string, CurrentService>();
  for (const s of current.services) if (inStack(s.Spec?.Labels) && s.Spec?.Name) svcByName.set(s.Spec.Name, s);
  const services: ServicePlan[] = [];
  for (const d of desired.services) {
    const cur = svcByName.get(d.fullName);
    if (!cur) {
      services.push({ action: 'create', name: d.name, fullName: d.fullName, desired: d, changes: [] });
      continue;
    }
    const want = resolveRefs(engineSpec({ secrets, configs }, d.spec), current);
    const changes = diffSpecs(cur.Spec ?? {}, want);
    services.push({ action: changes.length ? 'update' : 'unchanged', name: d.name, fullName: d.fullName, desired: d, current: cur, changes });
  }
  if (opts.prune) {
    const want = new Set(desired.services.map((s) => s.fullName));
    for (const [name, s] of svcByName)
      if (!want.has(name)) {
        services.push({ action: 'remove', name: shortName(name, ns), fullName: name, current: s, changes: [] });
      }
  }
  return {
    stack: ns,
    services,
    networks,
    secrets,
    configs,
    blocking,
  };
}

export function shortName(full: string, stack: string): string {
  return full.startsWith(stack + '_') ? full.slice(stack.length + 1) : full;
}

/** True when applying the plan changes nothing on the swarm. */
export function planIsEmpty(p: Plan): boolean {
  return (
    p.services.every((s) => s.action === 'unchanged') &&
    p.networks.every((n) => n.action === 'unchanged' || n.action === 'external') &&
    [...p.secrets, ...p.configs].every((o) => (o.action === 'unchanged' && !o.retire?.length) || o.action === 'external')
  );
}

function networkDrift(d: DesiredNetwork, cur: CurrentNetwork, ns: string): string[] {
  const notes: string[] = [];
  const c = d.create;
  if (!c) return notes;
  if (cur.Labels?.[LABEL_NAMESPACE] !== ns) notes.push(`exists but was not created by stack "${ns}": it is used as is and never removed by this stack`);
  if (c.Driver && cur.Driver && c.Driver !== cur.Driver) notes.push(`driver is ${cur.Driver}, the manifest says ${c.Driver}`);
  if (!!c.Attachable !== !!cur.Attachable) notes.push(`attachable is ${!!cur.Attachable}, the manifest says ${!!c.Attachable}`);
  if (!!c.Internal !== !!cur.Internal) notes.push(`internal is ${!!cur.Internal}, the manifest says ${!!c.Internal}`);
  const enc = (o: Record<string, string> | undefined): boolean => o !== undefined && 'encrypted' in o;
  if (enc(c.Options) !== enc(cur.Options)) notes.push(`encrypted is ${enc(cur.Options)}, the manifest says ${enc(c.Options)}`);
  if (notes.length && cur.Labels?.[LABEL_NAMESPACE] === ns)
    notes.push('networks cannot be changed in place: remove the stack (or the network) and deploy again');
  return notes;
}

/**
 * The spec as the engine stores it: network targets as IDs and secret/config references with IDs, taken from
 * the current objects by name. References to objects that do not exist yet stay names (the docker module
 * resolves again after creating them).
 */
export function resolveRefs(spec: ServiceSpec, current: Pick<CurrentStackState, 'networks' | 'secrets' | 'configs'>): ServiceSpec {
  const s: ServiceSpec = structuredClone(spec);
  const t = s.TaskTemplate;
  if (!t) return s;
  const netId = new Map<string, string>();
  for (const n of current.networks) netId.set(n.Name, n.Id);
  // The order stays the converter's (by network name, as the CLI sorts before the engine resolves names to IDs).
  for (const n of t.Networks ?? []) if (n.Target && netId.has(n.Target)) n.Target = netId.get(n.Target);
  const cs = t.ContainerSpec;
  const sec = new Map(current.secrets.map((x) => [x.Spec?.Name, x.ID]));
  const cfg = new Map(current.configs.map((x) => [x.Spec?.Name, x.ID]));
  for (const r of cs?.Secrets ?? []) {
    const id = sec.get(r.SecretName);
    if (id) r.SecretID = id;
  }
  for (const r of cs?.Configs ?? []) {
    const id = cfg.get(r.ConfigName);
    if (id) r.ConfigID = id;
  }
  return s;
}

/**
 * Fields the engine fills in or that a deploy must not fight over, so a spec read back compares equal to the
 * one sent: ForceUpdate is a counter the user bumps; the rest are defaults the daemon writes.
 */
const IGNORED_PATHS = new Set(['TaskTemplate.ForceUpdate', 'TaskTemplate.Placement.Platforms', 'Networks']);
const DEFAULTS: Record<string, unknown> = {
  'TaskTemplate.Runtime': 'container',
  'TaskTemplate.ContainerSpec.Isolation': 'default',
  'EndpointSpec.Mode': 'vip',
  // An update/rollback config sent without them (as the CLI and we do) is stored with these.
  'UpdateConfig.FailureAction': 'pause',
  'UpdateConfig.Order': 'stop-first',
  'RollbackConfig.FailureAction': 'pause',
  'RollbackConfig.Order': 'stop-first',
};

/** Drop what means "unset" (undefined, null, '', false, 0, [], {}) and the engine's defaults, recursively. */
export function normalizeSpec(v: unknown, p = ''): unknown {
  if (IGNORED_PATHS.has(p)) return undefined;
  if (p in DEFAULTS && DEFAULTS[p] === v) return undefined;
  if (v === null || v === undefined || v === '' || v === false || v === 0) return undefined;
  if (Array.isArray(v)) {
    const items = v.map((x) => normalizeSpec(x, p + '[]')).filter((x) => x !== undefined);
    return items.length ? items : undefined;
  }
  if (typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const n = normalizeSpec((v as Record<string, unknown>)[k], p ? `${p}.${k}` : k);
      if (n !== undefined) out[k] = n;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return v;
}

/** The fields that differ, as dotted paths with both values (arrays compared whole: their order matters to the engine). */
export function diffSpecs(current: ServiceSpec, desired: ServiceSpec): FieldChange[] {
  const out: FieldChange[] = [];
  const walk = (a: unknown, b: unknown, p: string): void => {
    if (isObj(a) && isObj(b)) {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[k], b[k], p ? `${p}.${k}` : k);
      return;
    }
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path: p, from: a, to: b });
  };
  walk(normalizeSpec(current), normalizeSpec(desired), '');
  return out;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A change as shown to people (plan text, the editor's confirmation and report): old and new values through the
 * core's masking — env values of secret-looking names, arguments, URL user-info, JWTs.
 */
export function maskedChange(c: FieldChange): FieldChange {
  const key = c.path.slice(c.path.lastIndexOf('.') + 1);
  return { path: c.path, from: maskSecrets(c.from, key), to: maskSecrets(c.to, key) };
}

/** Plain-text rendering of a plan (CLI `plan`, the editor's confirmation). */
export function formatPlan(p: Plan): string {
  const lines: string[] = [`Stack "${p.stack}":`];
  const sym = { create: '+', update: '~', unchanged: '=', remove: '-', external: '@', rotate: '^' } as const;
  for (const n of p.networks) {
    lines.push(`  ${sym[n.action]} network ${n.fullName}${n.action === 'external' ? ' (external)' : ''}`);
    for (const note of n.notes) lines.push(`      note: ${maskText(note)}`);
  }
  for (const o of [...p.secrets, ...p.configs]) lines.push(`  ${sym[o.action]} ${o.kind} ${o.fullName}${objectNote(o)}`);
  for (const s of p.services) {
    lines.push(`  ${sym[s.action]} service ${s.fullName}`);
    for (const c of s.changes.map(maskedChange)) lines.push(`      ${c.path}: ${short(c.from)} -> ${short(c.to)}`);
  }
  const count = (a: string): number => [...p.services, ...p.networks, ...p.secrets, ...p.configs].filter((x) => x.action === a).length;
  lines.push(
    `${count('create')} to create, ${count('update')} to update, ${count('rotate') ? `${count('rotate')} to rotate, ` : ''}${count('unchanged')} unchanged, ${count('remove')} to remove.`,
  );
  for (const b of p.blocking) lines.push(`BLOCKED: ${maskText(b)}`);
  return lines.join('\n');
}

/** What the plan line of a secret/config adds: external, or the rotation (old -> new version). */
export function objectNote(o: ObjectPlan): string {
  if (o.action === 'external') return ' (external)';
  if (o.action === 'rotate') return ` (rotate: content changed, ${o.current?.Spec?.Name ?? o.fullName} -> ${o.engineName})`;
  if (o.action === 'unchanged' && o.retire?.length) return ` (${o.retire.length} older version${o.retire.length === 1 ? '' : 's'} to remove once unused)`;
  return '';
}

function short(v: unknown): string {
  if (v === undefined) return '(unset)';
  const s = JSON.stringify(v);
  return s.length > 120 ? s.slice(0, 117) + '...' : s;
}
