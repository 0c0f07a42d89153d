import type { Fix } from '../diagnostic';
import { componentTitle, describeMatch } from '../catalog/describe';
import { commandText, menderStack, ServiceMatch } from '../catalog/match';
import { serviceEnv } from '../catalog/env';
import { get, isMap, isSeq, str } from '../model/node';
import type { Project, Service } from '../manifest/project';
import { addAliasFix, providersFor } from '../catalog/providers';
import { clip, quoteList } from '../stack/text';
import { isPartialStack } from '../stack/partial';
import { dnsFor } from './links';
import type { Rule, RuleContext } from './rule';
import type { RouteDef, RoutesDef } from '../catalog/model';
import { traefikConfig } from '../stack/traefik';

/**
 * The API gateway routes to fixed backend names. The 2016 nginx gateway resolves them all at start and exits
 * ("upstream server not found") when one is missing; the current traefik gateway answers 502 on those paths.
 */
export const menderGatewayRule: Rule = {
  id: 'mender-gateway',
  codes: [
    {
      code: 'mender-gateway-upstream',
      severity: 'error',
      summary: 'A backend the Mender API gateway routes to does not resolve ("upstream server not found").',
    },
    {
      code: 'mender-mapped-port',
      severity: 'warning',
      summary: "The nginx gateway's MAPPED_PORT is not the port it is published on (its redirects and links point elsewhere).",
    },
  ],
  check({ project, report }) {
    const stack = menderStack(project);
    // An overlay linted alone (services without image or build): what it relies on is in files not given here;
    // the links rule says so once (partial-stack).
    if (!stack.isMender || isPartialStack(project)) return;
    const dns = dnsFor(project);
    for (const m of stack.services.values()) if (m.component.gateway) checkMappedPort(project, report, m);
    for (const { match: m, route: up, routes } of gatewayRoutes(project)) {
      const r = dns.resolve(m.service.name, up.host);
      if (r.kind === 'resolved') continue;
      const providers = providersFor(stack, dns, m.service.name, up.host, up.target);
      if (up.optional && providers.length === 0) continue;
      const what = componentTitle(stack, up.target);
      const where =
        r.kind === 'not-shared'
          ? `it is answered by ${quoteList(r.services)} only on ${quoteList(r.networks)}, a network the gateway is not on`
          : `no service or network alias on ${quoteList(dns.networksOf(m.service.name)) || 'its networks'} answers it`;
      const who = providers.length
        ? ` The stack's ${what}: ${quoteList(providers.map((p) => p.service))}.`
        : ` The stack has no ${/service$/i.test(what) ? what : `${what} service`}.`;
      const fixes: Fix[] = [];
      providers
        .filter((p) => p.sharesNetwork)
        .slice(0, 2)
        .forEach((p, i) => {
          const f = addAliasFix(project, p.service, up.host, i === 0);
          if (f) fixes.push(f);
        });
      report({
        span: m.service.keySpan,
        code: 'mender-gateway-upstream',
        severity: routes.severity,
        message: `The API gateway routes to "${clip(up.host, 40)}", which ${r.kind === 'not-shared' ? 'is on no network it shares' : 'nothing answers'}.`,
        detail:
          `The API gateway "${m.service.name}" (${describeMatch(m)}) routes to "${up.host}${up.port ? `:${up.port}` : ''}" (${what}), and ${where}: ` +
          `${routes.why} (catalog: the gateway's routes in the ${m.era} era).${who} Name the ${what} service "${up.host}" or add "${up.host}" as its network alias.`,
        related: providers.slice(0, 3).map((p) => ({ span: project.services.get(p.service)!.keySpan, message: `${p.service}: the ${what}` })),
        fixes,
      });
    }
  },
};

/** The backends each Mender API gateway of the stack routes to (per the catalog): what this rule checks and the topology draws. */
export function gatewayRoutes(project: Project): { match: ServiceMatch; route: RouteDef; routes: RoutesDef }[] {
  const stack = menderStack(project);
  if (!stack.isMender || isPartialStack(project)) return [];
  const out: { match: ServiceMatch; route: RouteDef; routes: RoutesDef }[] = [];
  for (const m of stack.services.values()) {
    const routes = m.facts.routes;
    if (!m.component.gateway || !routes) continue;
    if (routes.skipWhenCommand && new RegExp(routes.skipWhenCommand).test(commandText(m.service))) continue;
    // The gateway's own file-provider configuration is part of the stack: the traefik rule reads the real routes.
    if (traefikConfig(project).file && traefikConfig(project).gateway === m.service) continue;
    for (const route of routes.upstreams) out.push({ match: m, route, routes });
  }
  return out;
}

/** Published ports of a service, by the container port they forward to (short and long syntax). */
export function publishedPorts(svc: Service): { published: number; target: number }[] {
  const out: { published: number; target: number }[] = [];
  const ports = get(svc.node, 'ports');
  if (!isSeq(ports)) return out;
  for (const p of ports.items) {
    if (isMap(p)) {
      const published = Number(str(get(p, 'published')));
      const target = Number(str(get(p, 'target')));
      if (Number.isInteger(published) && Number.isInteger(target)) out.push({ published, target });
      continue;
    }
    const parts = (str(p) ?? '').replace(/\/\w+$/, '').split(':');
    if (parts.length < 2) continue;
    const published = Number(parts[parts.length - 2]);
    const target = Number(parts[parts.length - 1]);
    if (Number.isInteger(published) && Number.isInteger(target)) out.push({ published, target });
  }
  return out;
}

/** The 2016/2.x nginx gateway builds redirects and links with MAPPED_PORT: it must be the port it is published on. */
function checkMappedPort(project: Project, report: RuleContext['report'], m: ServiceMatch): void {
  if (!m.read.some((d) => d.name === 'MAPPED_PORT')) return;
  const v = serviceEnv(project, m.service).vars.get('MAPPED_PORT');
  if (!v?.entry?.node || v.value === null || v.uncertain) return;
  const mapped = Number(v.value.trim());
  if (!Number.isInteger(mapped)) return;
  const listen = m.facts.ports;
  const published = publishedPorts(m.service).filter((p) => !listen.length || listen.includes(p.target));
  if (!published.length || published.some((p) => p.published === mapped)) return;
  report({
    span: v.entry.node.span,
    code: 'mender-mapped-port',
    message: `MAPPED_PORT is ${mapped}, but the gateway is published on ${published[0].published}.`,
    detail:
      `MAPPED_PORT of "${m.service.name}" (${describeMatch(m)}) is ${mapped}, but the gateway is published on ${published.map((p) => `${p.published} (to ${p.target})`).join(', ')}: ` +
      `it builds its redirects and the links it hands out with MAPPED_PORT, so they point at a port nothing publishes. Set MAPPED_PORT to ${published[0].published}.`,
  });
}
