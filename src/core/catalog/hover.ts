import { findInScalar, get, isMap, isScalar, isSeq, YNode, YScalar } from '../model/node';
import type { Span } from '../model/source';
import type { Project } from '../manifest/project';
import { dnsFor } from '../rules/links';
import { defaultHost } from '../rules/menderLinks';
import { HostRef, hostsInValue } from '../stack/hosts';
import type { Resolution } from '../stack/networks';
import { serviceEnv } from './env';
import { menderStack, ServiceMatch } from './match';
import { markdownCode, markdownText, maskEnvValue, maskText } from '../mask';

/** What is under the cursor in a stack file: a service key, or a host inside an environment value. */
export type Target = { kind: 'service'; service: string; span: Span } | { kind: 'host'; service: string; varName: string; ref: HostRef };

/** Finds the target at `offset` of `file` in the documents as written (so spans are the user's text). */
export function targetAt(project: Project, file: string, offset: number): Target | undefined {
  for (const doc of project.documents) {
    if (doc.file.path !== file) continue;
    const svcs = get(doc.root, 'services');
    if (!isMap(svcs)) continue;
    for (const p of svcs.pairs) {
      if (within(p.keySpan, offset)) return { kind: 'service', service: p.key, span: p.keySpan };
      for (const e of envItems(get(p.value, 'environment'))) {
        if (!within(e.node.span, offset)) continue;
        const refs = e.refs();
        const ref = refs.find((r) => within(r.span, offset)) ?? refs[0];
        if (ref) return { kind: 'host', service: p.key, varName: e.name, ref };
      }
    }
  }
  return undefined;
}

/** Entries of `environment:` as written, in both forms compose accepts: `NAME: value` and `- NAME=value`. */
function envItems(env: YNode | undefined): { name: string; node: YScalar; refs: () => readonly HostRef[] }[] {
  if (isMap(env)) {
    return env.pairs.flatMap((e) => {
      const v = e.value;
      return isScalar(v) && v.value !== null ? [{ name: e.key, node: v, refs: () => hostsInValue(e.key, String(v.value), v) }] : [];
    });
  }
  if (!isSeq(env)) return [];
  return env.items.flatMap((item) => {
    if (!isScalar(item) || typeof item.value !== 'string') return [];
    const eq = item.value.indexOf('=');
    if (eq <= 0) return []; // `- NAME`: the value comes from the environment at run time
    const name = item.value.slice(0, eq);
    const value = item.value.slice(eq + 1);
    // hostsInValue counts offsets in the value; the item's text starts with `NAME=`, so find each host after it.
    const refs = (): HostRef[] =>
      hostsInValue(name, value, item).map((r) => ({ ...r, span: findInScalar(item, r.host, eq + 1 + Math.max(0, value.indexOf(r.host))) }));
    return [{ name, node: item, refs }];
  });
}

const within = (s: Span, o: number): boolean => o >= s.start && o <= s.end;

/** Where the name that answers a host is written: the alias item, or the service's key. */
export function definitionAt(project: Project, file: string, offset: number): Span | undefined {
  const t = targetAt(project, file, offset);
  if (t?.kind !== 'host') return undefined;
  const dns = dnsFor(project);
  const r = dns.resolve(t.service, t.ref.host);
  if (r.kind !== 'resolved') return undefined;
  if (r.via === 'alias') {
    const att = dns.attachments.get(r.service)?.find((a) => a.network === r.network);
    const alias = att?.aliases.find((a) => a.name.toLowerCase() === t.ref.host.toLowerCase());
    if (alias) return alias.span;
  }
  return project.services.get(r.service)?.keySpan;
}

/** Markdown for a hover at `offset`, and the span it is about. */
export function hoverAt(project: Project, file: string, offset: number): { markdown: string; span: Span } | undefined {
  const t = targetAt(project, file, offset);
  if (!t) return undefined;
  if (t.kind === 'service') {
    const md = serviceHover(project, t.service);
    return md ? { markdown: md, span: t.span } : undefined;
  }
  return { markdown: hostHover(project, t.service, t.varName, t.ref), span: t.ref.span };
}

function resolutionText(r: Resolution, host: string, service: string, networks: string[]): string {
  switch (r.kind) {
    case 'resolved': {
      const how =
        r.via === 'alias'
          ? `the network alias of service ${markdownCode(r.service)}`
          : r.via === 'name'
            ? `service ${markdownCode(r.service)}`
            : `service ${markdownCode(r.service)} (${r.via} name)`;
      return `${markdownCode(host)} resolves to ${how} on network ${markdownCode(r.network)}.`;
    }
    case 'not-shared':
      return `${markdownCode(host)} is answered by ${r.services.map(markdownCode).join(', ')} only on ${r.networks.map(markdownCode).join(', ')}; ${markdownCode(service)} is on ${networks.map(markdownCode).join(', ') || 'no network'}.`;
    case 'unknown':
      return `No service or network alias of the stack answers ${markdownCode(host)}${r.onExternalNetwork ? ' (an external network may)' : ''}.`;
  }
}

export function hostHover(project: Project, service: string, varName: string, ref: HostRef): string {
  const dns = dnsFor(project);
  const lines = [resolutionText(dns.resolve(service, ref.host), ref.host, service, dns.networksOf(service))];
  const m = menderStack(project).services.get(service);
  const def = m?.read.find((d) => d.name === varName);
  if (m && def) {
    const expects = def.kind === 'url' ? `a URL (${(def.schemes ?? []).map((s) => `${s}://`).join(', ')})` : def.kind;
    lines.push(
      '',
      `**${varName}** — read by ${m.component.id} (${m.era} era): ${expects}${def.default ? `, default \`${def.default}\`` : ''}.${def.note ? ` ${def.note}.` : ''}`,
    );
  }
  return lines.join('\n');
}

/** What the catalog knows about a service: component, era, ports, variables (with defaults and values set), hosts it reaches. */
export function serviceHover(project: Project, service: string): string | undefined {
  const stack = menderStack(project);
  const m = stack.services.get(service);
  if (!m || !stack.isMender) return undefined;
  return describeService(project, m);
}

function describeService(project: Project, m: ServiceMatch): string {
  const dns = dnsFor(project);
  const env = serviceEnv(project, m.service);
  const f = m.facts;
  const out = [
    `**${safeName(m.service.name)}** — ${m.component.title} (\`${m.component.id}\`${m.edition ? ', enterprise' : ''}), ${m.era} era`,
    '',
    `Taken for ${m.component.id} because ${markdownText(m.whyComponent)}.`,
    '',
    m.eras.length
      ? `Era assumed: ${m.eras.map((e) => `**${e}** (${eraTitleOf(project, e)})`).join(' or ')}; from ${markdownText(m.eraReason)}.`
      : 'The same in every era.',
  ];
  if (f.ports.length) out.push('', `Listens on ${f.ports.join(', ')}.`);
  if (m.read.length) {
    out.push('', '| variable | kind | default | here |', '| --- | --- | --- | --- |');
    for (const d of m.read) {
      const v = env.vars.get(d.name);
      // Values are the user's text (or the environment's): masked when secret-looking, and in a code span
      // nothing in them can break out of (backticks, pipes of the table, HTML, links).
      const here = v
        ? d.kind === 'secret'
          ? 'set'
          : v.value == null
            ? '(from environment)'
            : markdownCode(maskEnvValue(d.name, v.value)).replace(/\|/g, '\\|')
        : '';
      out.push(`| ${d.name} | ${d.kind}${d.schemes ? ` (${d.schemes.join('/')})` : ''} | ${d.default ? `\`${d.default}\`` : ''} | ${here} |`);
    }
  }
  const reaches: string[] = [];
  for (const d of f.env) {
    if (!d.target || !d.default || env.vars.has(d.name)) continue;
    const host = defaultHost(d.default);
    if (host) reaches.push(`- ${markdownCode(host)} (${d.target}, default of ${d.name}): ${shortResolution(dns.resolve(m.service.name, host))}`);
  }
  for (const l of f.links ?? []) reaches.push(`- \`${l.host}\` (${l.target}, fixed): ${shortResolution(dns.resolve(m.service.name, l.host))}`);
  for (const u of f.routes?.upstreams ?? [])
    reaches.push(`- \`${u.host}${u.port ? `:${u.port}` : ''}\` (route to ${u.target}): ${shortResolution(dns.resolve(m.service.name, u.host))}`);
  if (reaches.length) out.push('', 'Reaches by default:', ...reaches);
  for (const c of f.credentials ?? []) out.push('', `${c.var} must equal ${c.equals.join(' or ')} of the ${c.component} service.`);
  for (const file of f.files ?? [])
    out.push(
      '',
      `Needs ${file.what} mounted at ${file.pathVar ? `${markdownCode(maskText(env.vars.get(file.pathVar)?.value ?? file.default))} (${file.pathVar})` : markdownCode(file.default)}.`,
    );
  return out.join('\n');
}

/** A name as bold text: names compose accepts need no escaping; anything else goes into a code span. */
function safeName(name: string): string {
  return /^[A-Za-z0-9._-]+$/.test(name) ? name : markdownCode(name);
}

function eraTitleOf(project: Project, id: string): string {
  return menderStack(project).catalog.eras.find((e) => e.id === id)?.title ?? id;
}

function shortResolution(r: Resolution): string {
  return r.kind === 'resolved'
    ? `→ ${markdownCode(r.service)}`
    : r.kind === 'not-shared'
      ? `only on ${r.networks.map(markdownCode).join(', ')}`
      : '**does not resolve**';
}
