import type { Severity } from '../diagnostic';
import { describeMatch } from '../catalog/describe';
import { serviceEnv } from '../catalog/env';
import { commandText, menderStack, MenderStack, ServiceMatch } from '../catalog/match';
import type { EnvVarDef } from '../catalog/model';
import { urlSchemeLength } from '../model/chars';
import { findInScalar } from '../model/node';
import { envEntries, hostsInValue } from '../stack/hosts';
import { isPartialStack } from '../stack/partial';
import { clip } from '../stack/text';
import { dnsFor } from './links';
import type { Rule, RuleContext } from './rule';

const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, mongodb: 27017, nats: 4222, redis: 6379, rediss: 6379 };
const MONGO_SCHEMES = ['mongodb', 'mongodb+srv'];

/**
 * Values that cannot work: a variable that expects one scheme holding another (`nats://` expected, `mongodb://`
 * given), and a URL to a catalogued service on a port it does not listen on.
 */
export const menderUrlsRule: Rule = {
  id: 'mender-urls',
  codes: [
    { code: 'mender-url-scheme', severity: 'error', summary: 'A Mender variable holds a URL of a scheme the component does not accept for it.' },
    { code: 'mender-url-port', severity: 'error', summary: 'A URL names a catalogued service on a port it does not listen on.' },
  ],
  check(ctx) {
    const stack = menderStack(ctx.project);
    if (!stack.isMender) return;
    for (const m of stack.services.values()) checkSchemes(ctx, m);
    // An overlay alone: which service answers a host is decided by files not given here.
    if (!isPartialStack(ctx.project)) checkPorts(ctx, stack);
  },
};

function checkSchemes(ctx: RuleContext, m: ServiceMatch): void {
  const env = serviceEnv(ctx.project, m.service);
  for (const def of m.read) {
    const v = env.vars.get(def.name);
    if (!v?.entry?.node || v.value === null || v.uncertain || !v.value.trim()) continue;
    const value = v.value.trim();
    const schemeLength = urlSchemeLength(value);
    const scheme = schemeLength < 0 ? undefined : value.slice(0, schemeLength).toLowerCase();
    const expected = expectedSchemes(def);
    if (!expected) continue;
    let problem: string | undefined;
    let severity: Severity = 'error';
    if (scheme && !expected.includes(scheme)) problem = `holds a ${scheme}:// URL`;
    else if (!scheme && def.kind === 'url') {
      // Go's url.Parse reads `host:8080` as scheme "host": the call fails. Not certain for every component: a warning.
      problem = 'has no scheme';
      severity = 'warning';
    } else if (scheme && def.kind === 'host-port') problem = `holds a ${scheme}:// URL where a host:port is read`;
    if (!problem) continue;
    const span = scheme ? findInScalar(v.entry.node, scheme) : v.entry.node.span;
    const want = def.kind === 'host-port' ? 'host:port (no scheme)' : expected.map((s) => `${s}://`).join(' or ');
    const dflt = def.default ? ` Its default is "${def.default}".` : '';
    ctx.report({
      span,
      code: 'mender-url-scheme',
      severity,
      message: `${clip(def.name, 30)} ${scheme ? `holds a ${clip(scheme, 12)}:// URL` : 'has no scheme'}: ${clip(m.component.id, 20)} expects ${clip(want, 28)}.`,
      detail:
        `${def.name} of "${m.service.name}" ${problem}; ${m.component.id} expects ${want} there (catalog: ${def.name}, ${def.kind}, ${describeMatch(m)}).${dflt}` +
        ` Point it at the right service with that scheme.`,
    });
  }
}

function expectedSchemes(def: EnvVarDef): string[] | undefined {
  if (def.kind === 'url') return def.schemes?.map((s) => s.toLowerCase());
  if (def.kind === 'mongo-url') return MONGO_SCHEMES;
  if (def.kind === 'host-port') return [];
  return undefined;
}

function checkPorts(ctx: RuleContext, stack: MenderStack): void {
  const { project } = ctx;
  const dns = dnsFor(project);
  for (const svc of project.services.values()) {
    const own = stack.services.get(svc.name);
    const publicVars = new Set(own?.read.filter((d) => d.public || d.served).map((d) => d.name) ?? []);
    for (const e of envEntries(svc)) {
      if (e.value === null || !e.node || publicVars.has(e.name)) continue;
      if (e.node.interpolation?.vars.some((x) => x.origin.kind === 'unset')) continue;
      for (const ref of hostsInValue(e.name, e.value, e.node)) {
        const port = ref.port ?? (ref.scheme ? DEFAULT_PORTS[ref.scheme] : undefined);
        if (port === undefined) continue;
        const r = dns.resolve(svc.name, ref.host);
        if (r.kind !== 'resolved') continue;
        const target = stack.services.get(r.service);
        if (!target || !target.facts.ports.length || target.facts.ports.includes(port)) continue;
        // A command that sets the port (`--port`, `--address`) or a *_LISTEN variable may move it: then we are not sure.
        const cmd = commandText(target.service);
        const moved =
          (target.facts.listenFlags ?? []).some((f) => cmd.includes(f)) ||
          envEntries(target.service).some((x) => /_LISTEN$/.test(x.name)) ||
          (!target.component.mender && cmd.length > 0 && /\b\d{2,5}\b/.test(cmd));
        const how = ref.port === undefined ? `port ${port} (the ${ref.scheme}:// default)` : `port ${port}`;
        const listens = target.facts.ports.join(' or ');
        ctx.report({
          span: ref.port === undefined ? ref.span : findInScalar(e.node, `:${ref.port}`),
          code: 'mender-url-port',
          severity: moved ? 'warning' : 'error',
          message: `"${clip(ref.host, 30)}" listens on ${clip(listens, 14)}, not on port ${port} (in ${clip(e.name, 26)}).`,
          detail:
            `${e.name} of "${svc.name}" reaches "${ref.host}" (${r.service}: ${describeMatch(target)}) on ${how}, but it listens on ${listens}` +
            ` (catalog: ${target.component.id} in the ${target.era} era${moved ? '; its command or a *_LISTEN variable may change that, so this is a warning' : ''}).` +
            ` Use ${ref.host}:${target.facts.ports[0]}.`,
        });
      }
    }
  }
}
