/**
 * Every place a stack's files name a service, network, volume, secret, config or network alias: where it is
 * defined and where it is used (depends_on, links, extends, a service's networks/volumes/secrets/configs, hosts in
 * environment values, aliases), in every file of the stack as written (overlays, `include`d files). References,
 * highlights and rename all read this one index.
 */
import * as path from 'path';
import { get, isMap, isScalar, isSeq, str, YMap, YNode, YScalar } from '../model/node';
import type { Span } from '../model/source';
import type { ManifestDocument, Project } from '../manifest/project';
import { dnsFor } from '../rules/links';
import { hostsInValue } from '../stack/hosts';

export type NameKind = 'service' | 'network' | 'volume' | 'secret' | 'config' | 'alias';

export interface NameRef {
  kind: NameKind;
  name: string;
  /** The name's own characters in the file (no quotes, no `tasks.` prefix, no `:alias` suffix). */
  span: Span;
  definition: boolean;
  /** Where it is named, for lists: `depends_on`, `environment` ... */
  via: string;
}

const cache = new WeakMap<Project, NameRef[]>();

/** The stack's name index, built once per loaded project. */
export function nameIndex(project: Project): NameRef[] {
  let refs = cache.get(project);
  if (!refs) cache.set(project, (refs = buildIndex(project)));
  return refs;
}

/** Every definition and use of `name` as a `kind`; a service's also names the hosts that reach it by name. */
export function referencesOf(project: Project, kind: NameKind, name: string): NameRef[] {
  return nameIndex(project).filter((r) => r.kind === kind && r.name === name);
}

/** The name under the cursor (a definition or a use). */
export function nameAt(project: Project, file: string, offset: number): NameRef | undefined {
  let best: NameRef | undefined;
  for (const r of nameIndex(project)) {
    if (r.span.file.path !== file || offset < r.span.start || offset > r.span.end) continue;
    if (!best || r.span.end - r.span.start < best.span.end - best.span.start) best = r;
  }
  return best;
}

function buildIndex(project: Project): NameRef[] {
  const out: NameRef[] = [];
  const byPath = new Map(project.documents.map((d) => [d.file.path, d]));
  for (const doc of project.documents) {
    if (!doc.root) continue;
    // A file read only because a service extends one of its services defines no networks etc. of the stack;
    // its services are named by the `extends` that reads them, so they are indexed.
    const ownDefinitions = doc.role !== 'extends';
    for (const [kind, key] of [
      ['network', 'networks'],
      ['volume', 'volumes'],
      ['secret', 'secrets'],
      ['config', 'configs'],
    ] as const) {
      const m = get(doc.root, key);
      if (isMap(m) && ownDefinitions) for (const p of m.pairs) out.push({ kind, name: p.key, span: unquoted(p.keySpan), definition: true, via: key });
    }
    const svcs = get(doc.root, 'services');
    if (!isMap(svcs)) continue;
    for (const p of svcs.pairs) {
      out.push({ kind: 'service', name: p.key, span: unquoted(p.keySpan), definition: true, via: 'services' });
      if (isMap(p.value)) serviceRefs(project, doc, p.key, p.value, byPath, out);
    }
  }
  return out.filter((r) => textAt(r.span) === r.name);
}

function serviceRefs(project: Project, doc: ManifestDocument, svcName: string, svc: YMap, byPath: Map<string, ManifestDocument>, out: NameRef[]): void {
  const dep = get(svc, 'depends_on');
  if (isMap(dep)) for (const d of dep.pairs) out.push({ kind: 'service', name: d.key, span: unquoted(d.keySpan), definition: false, via: 'depends_on' });
  const links = get(svc, 'links');
  if (isSeq(links))
    for (const l of links.items) {
      const t = str(l);
      if (!t || !isScalar(l)) continue;
      const name = t.split(':')[0];
      out.push({ kind: 'service', name, span: head(l, name), definition: false, via: 'links' });
    }
  const ext = get(svc, 'extends');
  const target = isScalar(ext) ? ext : get(ext, 'service');
  if (isScalar(target) && str(target)) {
    const file = str(get(ext, 'file'));
    const targetDoc = file ? (byPath.get(path.resolve(path.dirname(doc.file.path), file)) ?? byPath.get(path.resolve(file))) : doc;
    if (targetDoc) out.push({ kind: 'service', name: str(target)!, span: unquoted(target.span), definition: false, via: 'extends' });
  }
  const nets = get(svc, 'networks');
  if (isMap(nets))
    for (const n of nets.pairs) {
      out.push({ kind: 'network', name: n.key, span: unquoted(n.keySpan), definition: false, via: 'networks' });
      const aliases = get(n.value, 'aliases');
      if (isSeq(aliases))
        for (const a of aliases.items)
          if (isScalar(a) && str(a)) out.push({ kind: 'alias', name: str(a)!, span: unquoted(a.span), definition: true, via: 'aliases' });
    }
  const vols = get(svc, 'volumes');
  if (isSeq(vols))
    for (const v of vols.items) {
      if (isScalar(v) && typeof v.value === 'string') {
        const colon = v.value.indexOf(':');
        const src = colon < 0 ? '' : v.value.slice(0, colon);
        if (/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(src)) out.push({ kind: 'volume', name: src, span: head(v, src), definition: false, via: 'volumes' });
      } else if (isMap(v) && (str(get(v, 'type')) ?? 'volume') === 'volume') {
        const s = get(v, 'source');
        if (isScalar(s) && str(s)) out.push({ kind: 'volume', name: str(s)!, span: unquoted(s.span), definition: false, via: 'volumes' });
      }
    }
  for (const [kind, key] of [
    ['secret', 'secrets'],
    ['config', 'configs'],
  ] as const) {
    const list = get(svc, key);
    if (isSeq(list))
      for (const item of list.items) {
        const s = isMap(item) ? get(item, 'source') : item;
        if (isScalar(s) && str(s)) out.push({ kind, name: str(s)!, span: unquoted(s.span), definition: false, via: key });
      }
  }
  envHostRefs(project, svcName, get(svc, 'environment'), out);
}

/** Hosts in environment values that name a service (by name or `tasks.<name>`) or a network alias the service reaches. */
function envHostRefs(project: Project, svcName: string, env: YNode | undefined, out: NameRef[]): void {
  if (!isMap(env)) return;
  const dns = dnsFor(project);
  for (const e of env.pairs) {
    const v = e.value;
    if (!isScalar(v) || typeof v.value !== 'string' || v.interpolation) continue;
    for (const ref of hostsInValue(e.key, v.value, v)) {
      const r = dns.resolve(svcName, ref.host);
      if (r.kind !== 'resolved') continue;
      if (r.via === 'name') out.push({ kind: 'service', name: r.service, span: ref.span, definition: false, via: 'environment' });
      else if (r.via === 'tasks' && ref.host.toLowerCase() === `tasks.${r.service}`.toLowerCase()) {
        out.push({ kind: 'service', name: r.service, span: { ...ref.span, start: ref.span.start + 6 }, definition: false, via: 'environment' });
      } else if (r.via === 'alias') out.push({ kind: 'alias', name: ref.host, span: ref.span, definition: false, via: 'environment' });
    }
  }
}

/** The span of a scalar's text without its quotes. */
function unquoted(span: Span): Span {
  const t = span.file.text;
  const q = t[span.start];
  if ((q === '"' || q === "'") && span.end - span.start >= 2 && t[span.end - 1] === q) return { file: span.file, start: span.start + 1, end: span.end - 1 };
  return span;
}

/** The span of `name` at the start of a scalar's value (`name:alias`, `name:/path`). */
function head(s: YScalar, name: string): Span {
  const u = unquoted(s.span);
  return { file: u.file, start: u.start, end: u.start + name.length };
}

export function textAt(span: Span): string {
  return span.file.text.slice(span.start, span.end);
}

/** Where the name at `offset` is defined and used, in every file of the stack; undefined when no name is there. */
export function referencesAt(project: Project, file: string, offset: number, includeDeclaration = true): NameRef[] | undefined {
  const r = nameAt(project, file, offset);
  if (!r) return undefined;
  return referencesOf(project, r.kind, r.name).filter((x) => includeDeclaration || !x.definition);
}

/** The places in `file` that name what is at `offset` (definitions are "write", uses "read"). */
export function highlightsAt(project: Project, file: string, offset: number): NameRef[] {
  return (referencesAt(project, file, offset) ?? []).filter((r) => r.span.file.path === file);
}
