import { claimedByCatalog } from '../catalog/claims';
import { localNames } from '../catalog/providers';
import { get, isMap, isSeq, str } from '../model/node';
import type { Project, Service } from '../manifest/project';
import { envEntries, HostRef, hostsInValue } from '../stack/hosts';
import { Resolution, StackDns } from '../stack/networks';
import { spanWithin, type Span } from '../model/source';
import { imagelessServices, unreadFiles } from '../stack/partial';
import { clip, nearest, quoteList } from '../stack/text';
import { rawService } from '../fixes/edits';
import type { Rule, RuleContext } from './rule';

/**
 * Links that resolve to nothing: hosts named in environment values must be answered by swarm's DNS on a
 * network the service shares; depends_on and links must name services of the stack.
 */
export const linksRule: Rule = {
  id: 'links',
  codes: [
    { code: 'unresolved-host', severity: 'warning', summary: 'A host in an environment value that no service or alias of the stack answers.' },
    { code: 'unshared-network', severity: 'error', summary: 'A host answered only on a network the service is not attached to.' },
    { code: 'unknown-service', severity: 'error', summary: 'depends_on or links names a service the stack does not have.' },
    {
      code: 'partial-stack',
      severity: 'info',
      summary: 'Services without image or build: the files are part of a stack, so the cross-service checks wait for the whole stack.',
    },
  ],
  check(ctx) {
    const { project } = ctx;
    const imageless = imagelessServices(project);
    if (imageless.length) {
      // An overlay linted alone: the services, networks and aliases it relies on are in files not given here.
      const first = imageless[0];
      ctx.report({
        span: first.keySpan,
        code: 'partial-stack',
        message: `${imageless.length === 1 ? `"${clip(first.name, 24)}" has` : `${imageless.length} services have`} no image or build: checks wait for the whole stack.`,
        detail:
          `${quoteList(imageless.slice(0, 3).map((s) => s.name))}${imageless.length > 3 ? ` and ${imageless.length - 3} more` : ''} ` +
          `${imageless.length === 1 ? 'has' : 'have'} no image and no build here, so these files look like part of a larger stack (an override, or a file other services extend). ` +
          'Hosts, networks and depends_on are not checked until the whole stack is linted: list its files in COMPOSE_FILE in .env ' +
          '(or the menderSwarm.manifest.stackFiles setting), or pass them all to `mender-swarm lint`.',
      });
      return;
    }
    if (unreadFiles(project).length) return; // the unread file's own finding says why the links wait
    const dns = dnsFor(project);
    let cached: string[] | undefined;
    const domains = (): string[] => (cached ??= internalDomains(dns)); // only dotted unknown hosts need it
    checkEnvHosts(ctx, dns, domains);
    for (const svc of project.services.values()) checkReferences(ctx, svc);
  },
};

/** One StackDns per project: the catalog rules reuse it. */
const cache = new WeakMap<Project, StackDns>();
export function dnsFor(project: Project): StackDns {
  let d = cache.get(project);
  if (!d) cache.set(project, (d = new StackDns(project)));
  return d;
}

/** Parent domains of the stack's dotted aliases: a host under one of them is meant to be answered inside the stack. */
function internalDomains(dns: StackDns): string[] {
  const out = new Set<string>();
  for (const name of dns.allNames()) {
    const labels = name.split('.');
    if (labels.length >= 2 && !name.startsWith('tasks.')) out.add(labels.slice(-2).join('.'));
  }
  return [...out];
}

/** A host named in an environment value of a service, and how swarm's DNS answers it from there. */
export interface EnvHostLink {
  service: Service;
  variable: string;
  ref: HostRef;
  resolution: Resolution;
}

/**
 * Every host the services' environment values name (extra_hosts and the service's own hostname aside), resolved:
 * what this rule checks and what the topology draws.
 */
export function envHostLinks(project: Project, dns: StackDns = dnsFor(project)): EnvHostLink[] {
  const out: EnvHostLink[] = [];
  for (const svc of project.services.values()) {
    let local: Set<string> | undefined; // read only once the service names a host: most values name none
    for (const e of envEntries(svc)) {
      if (e.value === null || !e.node) continue;
      for (const ref of hostsInValue(e.name, e.value, e.node)) {
        const h = ref.host.toLowerCase();
        if ((local ??= localNames(svc)).has(h)) continue;
        out.push({ service: svc, variable: e.name, ref, resolution: dns.resolve(svc.name, ref.host) });
      }
    }
  }
  return out;
}

function checkEnvHosts(ctx: RuleContext, dns: StackDns, domains: () => string[]): void {
  for (const { service: svc, variable, ref, resolution: r } of envHostLinks(ctx.project, dns)) {
    if (r.kind === 'resolved') continue;
    if (r.kind === 'not-shared') {
      // A value from a block several services merge (`<<: *env`) may be there only to spare repetition: the
      // service may never call that host (BunkerWeb's own examples do so). Unsure: a warning that says why.
      const shared = !writtenFor(ctx.project, svc.name, ref.span);
      ctx.report({
        span: ref.span,
        code: 'unshared-network',
        ...(shared ? { severity: 'warning' as const } : {}),
        message: `"${clip(ref.host, 24)}" answers only on networks "${clip(svc.name, 24)}" is not on.`,
        detail:
          `"${ref.host}" (in ${variable} of "${svc.name}") is answered by ${quoteList(r.services)} only on ${quoteList(r.networks)}, ` +
          `and "${svc.name}" is on ${quoteList(dns.networksOf(svc.name)) || 'no network'}. Attach one of them to a network they share.` +
          (shared
            ? ` The value comes from a block "${svc.name}" shares with others (an anchor or merge key): if it never calls "${ref.host}", nothing is wrong.`
            : ''),
      });
      continue;
    }
    // The Mender catalog reports this one with what the component expects (mender-unresolved-endpoint).
    if (claimedByCatalog(ctx.project, dns, svc.name, variable, ref.host)) continue;
    reportUnknown(ctx, svc, variable, ref, dns, domains, r.onExternalNetwork);
  }
}

/** Whether `span` lies in the service's own mapping in one of the stack's files (not in an anchor it merges). */
function writtenFor(project: Project, service: string, span: Span): boolean {
  for (const doc of project.documents) {
    const own = doc.root && rawService(doc, service);
    if (own && spanWithin(span, own.span)) return true;
  }
  return false;
}

function reportUnknown(ctx: RuleContext, svc: Service, varName: string, ref: HostRef, dns: StackDns, domains: () => string[], onExternal: boolean): void {
  const dotted = ref.host.includes('.');
  // Dotted names are usually public DNS: only a typo-close name counts as "did you mean" there.
  const near = nearest(
    ref.host,
    dns.namesVisibleFrom(svc.name).map((n) => n.name),
    3,
    dotted ? 2 : undefined,
  );
  const inDomain = dotted && domains().some((d) => ref.host.toLowerCase().endsWith('.' + d) || ref.host.toLowerCase() === d);
  // A dotted name outside the stack's own domains is most likely public DNS: say nothing unless it is a near miss.
  if (dotted && !inDomain && !near.length) return;
  const hint = near.length ? ` Did you mean ${quoteList(near)}?` : '';
  const ext = onExternal ? ` "${svc.name}" is also on an external network, where another stack may answer it.` : '';
  ctx.report({
    span: ref.span,
    code: 'unresolved-host',
    severity: onExternal || (dotted && !inDomain) ? 'info' : undefined,
    message: `No service or alias answers "${clip(ref.host)}" (in ${clip(varName, 24)}).`,
    detail:
      `No service or network alias in the stack answers "${ref.host}" (used in ${varName} of "${svc.name}"), so it will not resolve inside the swarm.${hint}` +
      ` Name a service "${ref.host}" or add it as an alias on a network "${svc.name}" shares.${ext}`,
  });
}

/** A service named by depends_on or links of another: where it is written. */
export interface ServiceReference {
  kind: 'depends_on' | 'links';
  target: string;
  span: Span;
}

/** The services a service's depends_on and links name, in every file that defines it. */
export function serviceReferences(svc: Service): ServiceReference[] {
  const out: ServiceReference[] = [];
  for (const def of svc.definitions) {
    const dep = get(def.node, 'depends_on');
    if (isMap(dep)) for (const p of dep.pairs) out.push({ kind: 'depends_on', target: p.key, span: p.keySpan });
    const links = get(def.node, 'links');
    if (isSeq(links))
      for (const l of links.items) {
        const t = str(l);
        if (t) out.push({ kind: 'links', target: t.split(':')[0], span: l.span });
      }
  }
  return out;
}

function checkReferences(ctx: RuleContext, svc: Service): void {
  const { project } = ctx;
  for (const r of serviceReferences(svc)) {
    if (project.services.has(r.target)) continue;
    const near = nearest(r.target, project.services.keys());
    ctx.report({
      span: r.span,
      code: 'unknown-service',
      message: `"${clip(svc.name, 28)}" ${r.kind === 'depends_on' ? 'depends on' : 'links to'} "${clip(r.target, 28)}", which this stack does not define.`,
      detail: near.length ? `Did you mean ${quoteList(near)}?` : `${r.kind} names services of the same stack (all its files merged).`,
    });
  }
}
