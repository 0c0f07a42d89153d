import { describeMatch } from '../catalog/describe';
import { menderStack } from '../catalog/match';
import { findInScalar } from '../model/node';
import type { Span } from '../model/source';
import { isPartialStack } from '../stack/partial';
import { clip, editDistance } from '../stack/text';
import { isInternalName } from '../catalog/providers';
import { LabelRef, traefikConfig, TraefikConfig } from '../stack/traefik';
import { dnsFor } from './links';
import type { Rule, RuleContext } from './rule';

/**
 * Today's Mender gateway is traefik, routed by service labels and its file provider. A router whose service
 * does not exist answers 404, a load balancer on a port the component does not listen on answers 502, and a
 * router naming a middleware the file does not define is refused by traefik ("middleware does not exist").
 */
export const traefikRule: Rule = {
  id: 'traefik',
  codes: [
    {
      code: 'traefik-router-service',
      severity: 'error',
      summary: 'A traefik router (service label or file provider) names a service that no label or file defines.',
    },
    { code: 'traefik-middleware', severity: 'error', summary: 'A traefik router names a middleware (`name@file` or a label one) that is not defined.' },
    {
      code: 'traefik-port',
      severity: 'error',
      summary: 'A traefik load balancer port (label or file-provider server URL) is not the port the catalogued component listens on (502).',
    },
    {
      code: 'traefik-server-host',
      severity: 'error',
      summary: "A server URL or forwardAuth address of the traefik file provider names a host that nothing answers on the gateway's networks (502, 500).",
    },
  ],
  check(ctx) {
    const cfg = traefikConfig(ctx.project);
    if (!cfg.routers.size && !cfg.services.size && !cfg.file) return;
    // An overlay alone: the routers' services may be defined by the base file. A stack without its traefik: the
    // gateway runs in another stack (dockerswarm.rocks' shared traefik), whose labels define middlewares and
    // services for every stack on its network (traefik's docker provider namespace): nothing to judge label names by.
    const partial = isPartialStack(ctx.project) || !cfg.gateway;
    for (const [name, r] of cfg.routers) {
      if (!partial && r.service) checkService(ctx, cfg, name, r.service);
      if (r.middlewares) checkMiddlewares(ctx, cfg, name, r.middlewares, partial);
    }
    checkPorts(ctx, cfg);
    if (!partial) checkFile(ctx, cfg);
  },
};

/** `name@provider` split; no provider means the provider of the label (docker / swarm). */
function qualified(ref: string): { name: string; provider: string } {
  const at = ref.lastIndexOf('@');
  return at > 0 ? { name: ref.slice(0, at), provider: ref.slice(at + 1).toLowerCase() } : { name: ref, provider: 'docker' };
}

function spanOf(ref: LabelRef, text: string): Span {
  return ref.scalar ? findInScalar(ref.scalar, text, ref.scalar.value === ref.value ? 0 : Math.max(0, String(ref.scalar.value).indexOf('=') + 1)) : ref.span;
}

function near(name: string, known: Iterable<string>): string {
  const best = [...known]
    .map((k) => [k, editDistance(k.toLowerCase(), name.toLowerCase(), 4)] as const)
    .filter(([, d]) => d <= 3)
    .sort((a, b) => a[1] - b[1])[0];
  return best ? ` Did you mean "${best[0]}"?` : '';
}

function checkService(ctx: RuleContext, cfg: TraefikConfig, router: string, ref: LabelRef): void {
  const { name, provider } = qualified(ref.value.trim());
  if (!name || name.includes('$')) return;
  if (provider === 'internal') return;
  if (provider === 'file') {
    if (!cfg.file || cfg.file.services.has(name)) return;
    ctx.report({
      span: spanOf(ref, ref.value.trim()),
      code: 'traefik-router-service',
      message: `Router "${clip(router, 24)}" sends to "${clip(name, 24)}@file", which the file provider does not define.`,
      detail: `Router "${router}" of "${ref.service}" sends its requests to service "${name}@file", which the gateway's file provider (${cfg.file.paths.map((p) => p.split('/').pop()).join(', ')}) does not define: traefik answers 404 on its paths.${near(name, cfg.file.services)}`,
    });
    return;
  }
  if (provider !== 'docker' && provider !== 'swarm') return;
  // Traefik also makes a service named after the container when labels define none: accept the stack's service names.
  if (cfg.services.has(name) || ctx.project.services.has(name)) return;
  ctx.report({
    span: spanOf(ref, ref.value.trim()),
    code: 'traefik-router-service',
    message: `Router "${clip(router, 24)}" sends to service "${clip(name, 24)}", which no label defines.`,
    detail:
      `Router "${router}" of "${ref.service}" sends its requests to service "${name}", which no traefik.http.services.${name}.* label of the stack defines: traefik logs "the service does not exist" and answers 404 on its paths.` +
      `${near(name, cfg.services.keys())} Add traefik.http.services.${name}.loadbalancer.server.port to the service that answers it, or name an existing service.`,
  });
}

function checkMiddlewares(ctx: RuleContext, cfg: TraefikConfig, router: string, ref: LabelRef, partial: boolean): void {
  for (const raw of ref.value.split(',')) {
    const item = raw.trim();
    if (!item || item.includes('$')) continue;
    const { name, provider } = qualified(item);
    let missing: string | undefined;
    if (provider === 'file') {
      if (!cfg.file || cfg.file.middlewares.has(name)) continue;
      missing = `the gateway's file provider (${cfg.file.paths.map((p) => p.split('/').pop()).join(', ')}) does not define it`;
    } else if ((provider === 'docker' || provider === 'swarm') && !partial) {
      if (cfg.middlewares.has(name)) continue;
      missing = `no traefik.http.middlewares.${name}.* label of the stack defines it`;
    } else continue;
    const known = provider === 'file' ? cfg.file!.middlewares : cfg.middlewares;
    ctx.report({
      span: spanOf(ref, item),
      code: 'traefik-middleware',
      message: `Router "${clip(router, 24)}" uses middleware "${clip(item, 30)}", which is not defined.`,
      detail: `Router "${router}" of "${ref.service}" uses middleware "${item}", and ${missing}: traefik refuses the router ("middleware does not exist") and its paths answer 404.${near(name, known)}`,
    });
  }
}

function checkPorts(ctx: RuleContext, cfg: TraefikConfig): void {
  const stack = menderStack(ctx.project);
  if (!stack.isMender) return;
  for (const [name, s] of cfg.services) {
    for (const p of s.ports) {
      const port = Number(p.value.trim());
      if (!Number.isInteger(port)) continue;
      const m = stack.services.get(p.service);
      if (!m || !m.facts.ports.length || m.facts.ports.includes(port)) continue;
      ctx.report({
        span: spanOf(p, p.value.trim()),
        code: 'traefik-port',
        message: `Traefik sends to port ${port} of "${clip(p.service, 28)}", which listens on ${clip(m.facts.ports.join(' or '), 16)}.`,
        detail:
          `Traefik service "${name}" sends to port ${port} of "${p.service}" (${describeMatch(m)}), which listens on ${m.facts.ports.join(' or ')}: ` +
          `every request routed there answers 502 Bad Gateway (catalog: ${m.component.id} in the ${m.era} era). Use ${m.facts.ports[0]}.`,
      });
    }
  }
}

/** The file provider's own routers and servers: a router to a service nothing defines, a server nothing answers. */
function checkFile(ctx: RuleContext, cfg: TraefikConfig): void {
  const file = cfg.file;
  if (!file) return;
  for (const [router, sv] of file.routers) {
    if (!sv) continue;
    // A name without `@provider` is looked up in the router's own provider: here the file provider, not docker's labels.
    const raw = String(sv.value).trim();
    const { name, provider } = raw.includes('@') ? qualified(raw) : { name: raw, provider: 'file' };
    if (!name || name.includes('$') || provider === 'internal') continue;
    const known: Set<string> | undefined =
      provider === 'file' ? file.services : provider === 'docker' || provider === 'swarm' ? new Set(cfg.services.keys()) : undefined;
    if (!known || known.has(name)) continue;
    ctx.report({
      span: sv.span,
      code: 'traefik-router-service',
      message: `File-provider router "${clip(router, 24)}" sends to "${clip(String(sv.value).trim(), 28)}", which is not defined.`,
      detail: `Router "${router}" of the gateway's file provider sends its requests to service "${String(sv.value).trim()}", which ${provider === 'file' ? 'the file does not define' : 'no traefik.http.services label of the stack defines'}: traefik answers 404 on its paths.${near(name, known)}`,
    });
  }
  const gw = cfg.gateway;
  if (!gw) return;
  const dns = dnsFor(ctx.project);
  const stack = menderStack(ctx.project);
  for (const { service, url, auth } of file.servers) {
    // A forwardAuth address that fails makes traefik answer 500 on every route that uses the middleware.
    const who = auth ? `Middleware "${service}" of the gateway's file provider asks` : `Service "${service}" of the gateway's file provider sends to`;
    const answer = auth ? 'the routes that use it answer 500 Internal Server Error' : 'its routes answer 502 Bad Gateway';
    const m = /^[a-z][a-z0-9+.-]*:\/\/([^/:@]+)(?::(\d+))?/i.exec(String(url.value).trim());
    if (!m || m[1].includes('$')) continue;
    const host = m[1];
    const r = dns.resolve(gw.name, host);
    if (r.kind === 'unknown' && !r.onExternalNetwork && !/^\d+\.\d+\.\d+\.\d+$/.test(host) && isInternalName(host, dns)) {
      // Sure only when the stack runs the component the name stands for (under another name); else the service
      // may come from an overlay not linted here (a storage overlay's MinIO): a warning.
      const comp = stack.catalog.components.find((c) => c.match.names.includes(host.toLowerCase()));
      const runs = comp && [...stack.services.values()].some((x) => x.component === comp);
      ctx.report({
        span: findInScalar(url, host),
        code: 'traefik-server-host',
        severity: runs ? 'error' : 'warning',
        message: auth
          ? `Traefik asks "${clip(host, 36)}" to authorize requests, which no service or alias answers (500).`
          : `Traefik sends to "${clip(host, 36)}", which no service or alias answers (502).`,
        detail: `${who} "${host}", which no service or network alias on ${dnsNetworks(dns, gw.name)} answers: ${answer}. Name a service of the stack (or add "${host}" as its network alias).`,
      });
      continue;
    }
    if (r.kind !== 'resolved' || !m[2] || !stack.isMender) continue;
    const port = Number(m[2]);
    const target = stack.services.get(r.service);
    if (!target || !target.facts.ports.length || target.facts.ports.includes(port)) continue;
    ctx.report({
      span: findInScalar(url, `:${m[2]}`),
      code: 'traefik-port',
      message: `Traefik ${auth ? 'asks' : 'sends to'} port ${port} of "${clip(r.service, 28)}", which listens on ${clip(target.facts.ports.join(' or '), 16)}.`,
      detail:
        `${who} port ${port} of "${r.service}" (${describeMatch(target)}), which listens on ${target.facts.ports.join(' or ')}: ` +
        `${answer} (catalog: ${target.component.id} in the ${target.era} era). Use ${target.facts.ports[0]}.`,
    });
  }
}

function dnsNetworks(dns: ReturnType<typeof dnsFor>, service: string): string {
  const n = dns.networksOf(service);
  return n.length ? n.map((x) => `"${x}"`).join(', ') : 'its networks';
}
