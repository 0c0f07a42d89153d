import type { Fix } from '../diagnostic';
import { componentTitle, describeMatch } from '../catalog/describe';
import { commandText, menderStack } from '../catalog/match';
import { addAliasFix, providersFor } from '../catalog/providers';
import { quoteList } from '../stack/text';
import { isPartialStack } from '../stack/partial';
import { dnsFor } from './links';
import type { Rule } from './rule';

/**
 * The API gateway routes to fixed backend names. The 2016 nginx gateway resolves them all at start and exits
 * ("upstream server not found") when one is missing; the current traefik gateway answers 502 on those paths.
 */
export const menderGatewayRule: Rule = {
  id: 'mender-gateway',
  codes: [
    { code: 'mender-gateway-upstream', severity: 'error', summary: 'A backend the Mender API gateway routes to does not resolve ("upstream server not found").' },
  ],
  check({ project, report }) {
    const stack = menderStack(project);
    // An overlay linted alone (services without image or build): what it relies on is in files not given here;
    // the links rule says so once (partial-stack).
    if (!stack.isMender || isPartialStack(project)) return;
    const dns = dnsFor(project);
    for (const m of stack.services.values()) {
      const routes = m.facts.routes;
      if (!m.component.gateway || !routes) continue;
      if (routes.skipWhenCommand && commandText(m.service).includes(routes.skipWhenCommand)) continue;
      for (const up of routes.upstreams) {
        const r = dns.resolve(m.service.name, up.host);
        if (r.kind === 'resolved') continue;
        const providers = providersFor(stack, dns, m.service.name, up.host, up.target);
        if (up.optional && providers.length === 0) continue;
        const what = componentTitle(stack, up.target);
        const where = r.kind === 'not-shared'
          ? `it is answered by ${quoteList(r.services)} only on ${quoteList(r.networks)}, a network the gateway is not on`
          : `no service or network alias on ${quoteList(dns.networksOf(m.service.name)) || 'its networks'} answers it`;
        const who = providers.length ? ` The stack's ${what}: ${quoteList(providers.map((p) => p.service))}.` : ` The stack has no ${/service$/i.test(what) ? what : `${what} service`}.`;
        const fixes: Fix[] = [];
        providers.filter((p) => p.sharesNetwork).slice(0, 2).forEach((p, i) => {
          const f = addAliasFix(project, p.service, up.host, i === 0);
          if (f) fixes.push(f);
        });
        report({
          span: m.service.keySpan, code: 'mender-gateway-upstream', severity: routes.severity,
          message: `The API gateway "${m.service.name}" (${describeMatch(m)}) routes to "${up.host}${up.port ? `:${up.port}` : ''}" (${what}), and ${where}: ` +
            `${routes.why} (catalog: the gateway's routes in the ${m.era} era).${who} Name the ${what} service "${up.host}" or add "${up.host}" as its network alias.`,
          related: providers.slice(0, 3).map((p) => ({ span: project.services.get(p.service)!.keySpan, message: `${p.service}: the ${what}` })),
          fixes,
        });
      }
    }
  },
};
