import type { Fix, Severity } from '../diagnostic';
import { replaceSpan } from '../fixes/edits';
import { menderStack, hasRole, ServiceMatch } from '../catalog/match';
import { serviceEnv } from '../catalog/env';
import { componentTitle, describeMatch } from '../catalog/describe';
import { addAliasFix, localNames, Provider, providersFor, setVariableFix, unresolvedEndpoints, withHost } from '../catalog/providers';
import type { EnvVarDef, LinkDef, LinkSeverity } from '../catalog/model';
import type { Project } from '../manifest/project';
import { isAsciiAlnum, isNameChar, urlSchemeLength } from '../model/chars';
import type { StackDns } from '../stack/networks';
import { clip, quoteList } from '../stack/text';
import { isPartialStack } from '../stack/partial';
import { dnsFor } from './links';
import type { Rule, RuleContext } from './rule';

/**
 * Implicit links: a Mender component reaches a host by default (its config default) unless a variable
 * overrides it. With the variable unset and nothing answering the host, the component fails at run time
 * while the manifest shows nothing wrong: the seed's `mongo-device-adm`.
 */
export const menderLinksRule: Rule = {
  id: 'mender-links',
  codes: [
    {
      code: 'mender-implicit-host',
      severity: 'error',
      summary: 'A Mender component reaches a host by default (its overriding variable unset) that no service or alias answers.',
    },
    {
      code: 'mender-unresolved-endpoint',
      severity: 'error',
      summary: 'A Mender endpoint variable (storage, database, service URL) names a host that no service or alias answers.',
    },
  ],
  check(ctx) {
    const stack = menderStack(ctx.project);
    // An overlay linted alone (services without image or build): what it relies on is in files not given here;
    // the links rule says so once (partial-stack).
    if (!stack.isMender || isPartialStack(ctx.project)) return;
    const dns = dnsFor(ctx.project);
    for (const l of implicitLinks(ctx.project)) checkLink(ctx, dns, l.match, l.link, l.def, l.unreadEnvFiles);
    reportEndpoints(ctx, dns);
  },
};

/** A host a Mender component reaches without the manifest naming it: a default of an unset variable, or a fixed address. */
export interface ImplicitLink {
  match: ServiceMatch;
  link: Link;
  def: EnvVarDef | undefined;
  unreadEnvFiles: string[];
}

/** Every implicit link of the stack's Mender components (resolved or not): what this rule checks and the topology draws. */
export function implicitLinks(project: Project): ImplicitLink[] {
  const stack = menderStack(project);
  if (!stack.isMender || isPartialStack(project)) return [];
  const out: ImplicitLink[] = [];
  for (const m of stack.services.values()) {
    const env = serviceEnv(project, m.service);
    const local = localNames(m.service);
    for (const def of m.facts.env) {
      if (!def.default || !def.target) continue;
      if (def.when && !hasRole(m.service, def.when)) continue;
      if (env.vars.has(def.name)) continue; // set: its explicit value is checked below and by the links rule
      // Another spelling of the same setting (DEPLOYMENTS_MONGO-URL of 1.0 for DEPLOYMENTS_MONGO_URL) is set.
      if (m.read.some((d) => d !== def && d.target === def.target && d.kind === def.kind && !d.when && env.vars.has(d.name) && sameSetting(d.name, def.name)))
        continue;
      const host = defaultHost(def.default);
      if (!host || local.has(host.toLowerCase())) continue;
      const optional = def.optional || (def.optionalIn !== undefined && (m.eras.length === 0 || m.eras.some((e) => def.optionalIn!.includes(e))));
      out.push({ match: m, link: { host, target: def.target, optional, severity: def.severity }, def, unreadEnvFiles: env.unreadEnvFiles });
    }
    for (const link of m.facts.links ?? []) {
      if (local.has(link.host.toLowerCase())) continue;
      out.push({ match: m, link, def: undefined, unreadEnvFiles: env.unreadEnvFiles });
    }
  }
  return out;
}

function sameSetting(a: string, b: string): boolean {
  const n = (x: string): string => x.toUpperCase().replace(/-/g, '_');
  return n(a) === n(b) || n(a).endsWith(`_${n(b)}`) || n(b).endsWith(`_${n(a)}`);
}

/**
 * The host inside a default value: `mongo-device-adm:27017`, `http://mender-inventory:8080/`, `mongo-useradm`.
 * What `/^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^@/]*@)?([A-Za-z0-9][A-Za-z0-9._-]*)/i` finds, trying its choices in the
 * same order (after the scheme, then from the start; after the user, then without), without a case-insensitive
 * regex compiled in every CLI process.
 */
export function defaultHost(value: string): string | undefined {
  const scheme = urlSchemeLength(value);
  for (const from of scheme < 0 ? [0] : [scheme + 3, 0]) {
    const at = value.indexOf('@', from);
    const slash = value.indexOf('/', from);
    const afterUser = at >= 0 && (slash < 0 || at < slash) ? at + 1 : -1;
    for (const start of afterUser < 0 ? [from] : [afterUser, from]) {
      if (!isAsciiAlnum(value.charCodeAt(start))) continue;
      let end = start + 1;
      while (end < value.length && isHostChar(value.charCodeAt(end))) end++;
      return value.slice(start, end);
    }
  }
  return undefined;
}

/** `[A-Za-z0-9._-]` */
const isHostChar = (c: number): boolean => isNameChar(c) || c === 46 || c === 45;

export type Link = Pick<LinkDef, 'host' | 'target' | 'optional'> & { severity?: LinkSeverity; port?: number; why?: string };

function checkLink(ctx: RuleContext, dns: StackDns, m: ServiceMatch, link: Link, def: EnvVarDef | undefined, unreadEnvFiles: string[]): void {
  const { project } = ctx;
  const stack = menderStack(project);
  const svc = m.service;
  const r = dns.resolve(svc.name, link.host);
  if (r.kind === 'resolved') return;
  const providers = providersFor(stack, dns, svc.name, link.host, link.target);
  // An optional feature (e.g. tenantadm of the enterprise overlay) that the stack does not run: nothing to reach.
  if (link.optional && providers.length === 0) return;
  const what = componentTitle(stack, link.target);
  const from = def
    ? `by default (${def.name} is not set; catalog: default "${def.default}" of ${m.component.id} in the ${m.era} era)`
    : `(a fixed address no variable overrides; catalog: ${link.why ?? `${m.component.id} in the ${m.era} era`})`;
  const where =
    r.kind === 'not-shared'
      ? `"${link.host}" is answered by ${quoteList(r.services)} only on ${quoteList(r.networks)}, a network "${svc.name}" is not on`
      : `no service or network alias on ${quoteList(dns.networksOf(svc.name)) || 'its networks'} answers "${link.host}"`;
  const who = providers.length
    ? ` It could be ${candidatesText(providers, link.host)} (${what}).`
    : ` The stack has no ${/service$/i.test(what) ? what : `${what} service`}.`;
  const fixText = def
    ? ` Add "${link.host}" as a network alias of the service that should answer it, or set ${def.name} to a host that resolves.`
    : ` Add "${link.host}" as a network alias of the service that should answer it, or name that service "${link.host}".`;
  const envFileNote = unreadEnvFiles.length && def ? ` (${def.name} may be set in ${quoteList(unreadEnvFiles)}, which could not be read.)` : '';
  let severity: LinkSeverity = link.severity ?? 'error';
  if (envFileNote && severity === 'error') severity = 'warning';
  // No such component in the stack at all: likely a partial file, or one that runs in another stack.
  if (!providers.length && severity === 'error') severity = 'warning';
  ctx.report({
    span: svc.keySpan,
    code: 'mender-implicit-host',
    severity,
    message:
      r.kind === 'not-shared'
        ? `"${clip(link.host, 32)}" answers only on networks "${clip(svc.name, 24)}" is not on.`
        : `No service answers "${clip(link.host, 36)}", which "${clip(svc.name, 24)}" reaches.`,
    detail: `"${svc.name}" (${describeMatch(m)}) reaches its ${what} at "${link.host}${link.port ? `:${link.port}` : portOf(def)}" ${from}, and ${where}.${who}${fixText}${envFileNote}`,
    related: providers
      .slice(0, 3)
      .map((p) => ({ span: project.services.get(p.service)!.keySpan, message: `${p.service}: a ${what} that could answer "${link.host}"` })),
    fixes: linkFixes(project, m, link, def, providers),
  });
}

/** The best candidate alone when its name contains the host (mongo-device-adm -> mender-mongo-device-adm), else up to three. */
export function candidatesText(providers: Provider[], host: string): string {
  const best = providers[0];
  if (best && best.service.toLowerCase().includes(host.toLowerCase())) return `"${best.service}"`;
  return quoteList(providers.slice(0, 3).map((p) => p.service)) + (providers.length > 3 ? ` (or ${providers.length - 3} more)` : '');
}

function portOf(def: EnvVarDef | undefined): string {
  const p = def?.default && /:(\d+)/.exec(def.default.replace(/^[a-z+.-]+:\/\//i, ''));
  return p ? `:${p[1]}` : '';
}

function linkFixes(project: Project, m: ServiceMatch, link: Link, def: EnvVarDef | undefined, providers: Provider[]): Fix[] {
  const fixes: Fix[] = [];
  const usable = providers.filter((p) => p.sharesNetwork).slice(0, 2);
  usable.forEach((p, i) => {
    const f = addAliasFix(project, p.service, link.host, i === 0);
    if (f) fixes.push(f);
  });
  if (def?.default && usable[0]) {
    const f = setVariableFix(project, m.service, def.name, withHost(def.default, link.host, usable[0].service));
    if (f) fixes.push(f);
  }
  return fixes;
}

function reportEndpoints(ctx: RuleContext, dns: StackDns): void {
  const { project } = ctx;
  const stack = menderStack(project);
  for (const p of unresolvedEndpoints(project, stack, dns)) {
    const m = stack.services.get(p.service)!;
    const target = p.def.target!;
    const what = componentTitle(stack, target);
    const providers = providersFor(stack, dns, p.service, p.ref.host, target);
    const role = p.def.endpointOf ?? what;
    const who = providers.length
      ? ` The stack's ${what}: ${candidatesText(providers, p.ref.host)}.`
      : ` The stack has no ${/service$/i.test(what) ? what : `${what} service`}.`;
    const fixes: Fix[] = [];
    const usable = providers.filter((x) => x.sharesNetwork).slice(0, 2);
    usable.forEach((x, i) => {
      const f = addAliasFix(project, x.service, p.ref.host, i === 0);
      if (f) fixes.push(f);
    });
    const env = serviceEnv(project, m.service).vars.get(p.def.name);
    if (usable[0] && env?.entry?.node) {
      // Only when the host's own characters were located (not the whole scalar as a fallback).
      if (p.ref.span.end - p.ref.span.start === p.ref.host.length) {
        fixes.push({ title: `Point ${p.def.name} at "${usable[0].service}"`, edits: [replaceSpan(p.ref.span, usable[0].service)] });
      }
    }
    // With no such component in the stack, it may run elsewhere (upstream's open-source compose sets
    // INVENTORY_DEVICEMONITOR_ADDR without a devicemonitor): the host still answers nothing, so a warning.
    // An enterprise address set in a stack that runs no such component is still a host nothing answers: a warning.
    const severity: Severity | undefined = providers.length ? undefined : 'warning';
    ctx.report({
      span: p.ref.span,
      code: 'mender-unresolved-endpoint',
      severity,
      message: `${clip(p.def.name, 28)} names "${clip(p.ref.host, 32)}", which nothing answers.`,
      detail:
        `${p.def.name} of "${p.service}" (${describeMatch(m)}) is its ${role} endpoint and names "${p.ref.host}", which no service or network alias on ` +
        `${quoteList(dns.networksOf(p.service)) || 'its networks'} answers: ${m.component.id} cannot reach its ${role}.${who}` +
        ` Add "${p.ref.host}" as a network alias of the ${what} service, or point ${p.def.name} at its name.`,
      fixes,
    });
  }
}
