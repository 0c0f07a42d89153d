import type { Fix } from '../diagnostic';
import { get, getPair, isMap, isScalar, isSeq, str, YMap, YNode } from '../model/node';
import { spanWithin, type Span } from '../model/source';
import type { ManifestDocument } from '../manifest/project';
import { replaceSpan } from '../fixes/edits';
import type { Rule, RuleContext } from './rule';
import { isPartialStack } from '../stack/partial';
import { clip } from '../stack/text';
import { deployFate, objectFate, swarmFate } from '../deploy/swarmFate';
import { RESTART_VALUES, restartPolicyOf } from '../deploy/restart';
import { checkFileVersion } from './swarmVersion';
import { checkBooleanValues } from './swarmValues';
import { checkDeployKeys, cliRefusal, deployFix } from './cliRefusal';

const TOP_LEVEL = new Set(['version', 'services', 'networks', 'volumes', 'secrets', 'configs']);

export const swarmCompatRule: Rule = {
  id: 'swarm-compat',
  codes: [
    { code: 'compose-version', severity: 'warning', summary: '`docker stack deploy` refuses compose file version 1/2.' },
    { code: 'refused-option', severity: 'error', summary: 'An option `docker stack deploy` refuses outright, which swarm cannot honour.' },
    {
      code: 'cli-refused-option',
      severity: 'warning',
      summary: "An option `docker stack deploy` refuses that Mender Swarm's deploy takes or leaves out (mem_limit, scale, profiles...).",
    },
    { code: 'extends-unsupported', severity: 'warning', summary: '`docker stack deploy` refuses extends (Mender Swarm resolves it).' },
    { code: 'ignored-option', severity: 'warning', summary: 'An option swarm ignores ("Ignoring unsupported options").' },
    { code: 'deprecated-option', severity: 'info', summary: 'An option swarm ignores as deprecated.' },
    { code: 'restart-policy', severity: 'info', summary: '`restart:` becomes a swarm restart policy; says which.' },
    { code: 'no-start-order', severity: 'info', summary: 'depends_on gives no start order on swarm.' },
    { code: 'top-level-key', severity: 'warning', summary: 'A top-level key `docker stack deploy` does not accept.' },
    { code: 'network-driver', severity: 'error', summary: 'A stack network with a driver other than overlay.' },
    { code: 'duplicate-published-port', severity: 'error', summary: 'Two services publish the same ingress port.' },
    { code: 'build-without-image', severity: 'error', summary: 'A service with build: and no image: (swarm only runs images).' },
  ],
  check(ctx) {
    for (const doc of ctx.project.documents)
      if (doc.root) {
        checkDocument(ctx, doc, doc.root);
        checkFileVersion(ctx, doc.root);
        checkBooleanValues(ctx, doc.root);
        checkDeployKeys(ctx, doc.root);
      }
    checkNetworks(ctx);
    checkPorts(ctx);
    checkBuildOnly(ctx);
  },
};

function checkDocument(ctx: RuleContext, doc: ManifestDocument, root: YMap): void {
  const version = getPair(root, 'version');
  const v = str(version?.value);
  if (version && v && /^[12](\.|$)/.test(v)) {
    ctx.report({
      span: version.value.span,
      code: 'compose-version',
      message: `\`docker stack deploy\` refuses compose file version "${clip(v, 12)}".`,
      detail: `The docker CLI says "unsupported Compose file version". Mender Swarm's deploy converts it; for the docker CLI, export the stack as a v3 file or set version: "3.8" and move options under deploy:.`,
    });
  }
  for (const p of root.pairs) {
    if (!TOP_LEVEL.has(p.key) && !p.key.startsWith('x-') && (p.key === 'name' || p.key === 'include')) {
      ctx.report({
        span: p.keySpan,
        code: 'top-level-key',
        message:
          p.key === 'name'
            ? '`docker stack deploy` does not accept the top-level key "name".'
            : '`docker stack deploy` does not accept the top-level key "include".',
        detail:
          p.key === 'name'
            ? 'The stack name is given on deploy; Mender Swarm\'s deploy uses "name" as the default stack name.'
            : "Mender Swarm's lint, plan and deploy read the included files as part of the stack, and export writes their services, networks, volumes, secrets and configs into the one file it writes.",
      });
    }
  }
  const svcs = get(root, 'services');
  if (!isMap(svcs)) return;
  let firstDependsOn: Span | undefined;
  let dependsCount = 0;
  let firstExtends: Span | undefined;
  let extendsCount = 0;
  let firstConditions: Span | undefined;
  let conditionsCount = 0;
  for (const sp of svcs.pairs) {
    const svc = sp.value;
    if (!isMap(svc)) continue;
    for (const p of svc.pairs) {
      const k = p.key;
      const fate = swarmFate(k);
      if (k === 'extends') {
        extendsCount++;
        firstExtends ??= p.keySpan;
      } else if (k === 'restart') {
        // When another file of the stack overrides it, this restart is not the one swarm converts.
        const merged = ctx.project.services.get(sp.key)?.node;
        if (merged && get(merged, 'restart') !== p.value) continue;
        restart(ctx, sp.key, svc, merged ?? svc, p.value, p.keySpan);
      } else if (fate?.cli === 'refused' && deployFate(fate) !== 'refused') {
        ctx.report({
          span: p.keySpan,
          code: 'cli-refused-option',
          message: `\`docker stack deploy\` refuses "${k}".`,
          detail: cliRefusal(k, fate),
          fixes: deployFix(svc, ctx.project.services.get(sp.key)?.node, k, p, fate),
        });
      } else if (fate?.cli === 'refused') {
        ctx.report({
          span: p.keySpan,
          code: 'refused-option',
          message: `\`docker stack deploy\` refuses "${k}".`,
          detail: `The docker CLI says "compose file contains unsupported options": ${fate.why}.`,
        });
      } else if (fate?.cli === 'ignored') {
        // The merged service: `image` may come from another file of the stack.
        const harmless = fate.harmlessWith !== undefined && get(ctx.project.services.get(sp.key)?.node ?? svc, fate.harmlessWith) !== undefined;
        ctx.report({
          span: p.keySpan,
          code: 'ignored-option',
          tags: ['unnecessary'],
          ...(harmless ? { severity: 'info' as const } : {}),
          message: `Swarm ignores "${k}" on "${clip(sp.key)}".`,
          detail:
            `The docker CLI says "Ignoring unsupported options: ${k}"${fate.why ? `: ${fate.why}` : ''}.` +
            (harmless ? ` The service sets "${fate.harmlessWith}" too, which swarm uses: an info, not a warning.` : ''),
        });
      } else if (fate?.cli === 'deprecated') {
        ctx.report({
          span: p.keySpan,
          code: 'deprecated-option',
          tags: ['deprecated'],
          message: `Swarm ignores "${k}" as deprecated.`,
          ...(fate.why ? { detail: `${fate.why}.` } : {}),
        });
      } else if (k === 'depends_on') {
        dependsCount++;
        firstDependsOn ??= p.keySpan;
        // Written as a list, the model holds it as a mapping too (normalize.ts): `fromSeq` tells the two apart.
        if (isMap(p.value) && !p.value.fromSeq) {
          conditionsCount++;
          firstConditions ??= p.keySpan;
        }
      }
    }
  }
  for (const section of ['secrets', 'configs'] as const) {
    const defs = get(root, section);
    if (!isMap(defs)) continue;
    for (const d of defs.pairs) {
      if (!isMap(d.value)) continue;
      for (const p of d.value.pairs) {
        const why = objectFate(section, p.key);
        if (!why) continue;
        ctx.report({
          span: p.keySpan,
          code: 'cli-refused-option',
          message: `\`docker stack deploy\` refuses "${p.key}" in ${section === 'secrets' ? 'a secret' : 'a config'}.`,
          detail: `The docker CLI says "Additional property ${p.key} is not allowed". ${why}.`,
        });
      }
    }
  }
  // One finding per file for these: they are facts about the file's style, not about each service.
  if (firstExtends) {
    ctx.report({
      span: firstExtends,
      code: 'extends-unsupported',
      message: `\`docker stack deploy\` refuses extends (${plural(extendsCount, 'service')} in this file ${extendsCount === 1 ? 'uses' : 'use'} it).`,
      detail: `The docker CLI says "unsupported options". Mender Swarm resolves it when it deploys or exports the stack; for the docker CLI, export a v3 file first.`,
    });
  }
  if (firstConditions) {
    ctx.report({
      span: firstConditions,
      code: 'cli-refused-option',
      message: `\`docker stack deploy\` refuses depends_on written as a mapping (${plural(conditionsCount, 'service')} in this file ${conditionsCount === 1 ? 'writes' : 'write'} it so).`,
      detail:
        'The docker CLI says "depends_on must be a list". Swarm has no start order, so the conditions have no effect there; Mender Swarm\'s deploy takes the file and export writes the list of names.',
    });
  }
  if (firstDependsOn) {
    ctx.report({
      span: firstDependsOn,
      code: 'no-start-order',
      message: `Swarm ignores depends_on (${plural(dependsCount, 'service')} in this file ${dependsCount === 1 ? 'uses' : 'use'} it).`,
      detail: 'Services start in any order, so each must retry until what it needs answers.',
    });
  }
}

function restart(ctx: RuleContext, name: string, svc: YMap, merged: YMap, value: YNode, keySpan: Span): void {
  const v = str(value) ?? '';
  const of = restartPolicyOf(v);
  const deploy = get(svc, 'deploy');
  const mergedDeploy = get(merged, 'deploy');
  const hasPolicy = isMap(mergedDeploy) && get(mergedDeploy, 'restart_policy') !== undefined;
  if (hasPolicy) {
    ctx.report({
      span: keySpan,
      code: 'ignored-option',
      tags: ['unnecessary'],
      message: `Swarm ignores "restart" on "${clip(name)}": deploy.restart_policy is set and wins.`,
    });
    return;
  }
  if (of.kind === 'invalid') {
    ctx.report({
      span: value.span,
      code: 'ignored-option',
      message: `"${clip(v)}" is not a restart value swarm knows.`,
      detail: `Swarm knows ${RESTART_VALUES}.`,
    });
    return;
  }
  // `no` sends no policy (as docker stack deploy does), so the fix that says "no restarts" is condition none:
  // a change of behaviour, offered as such rather than as a rewrite.
  const condition = of.kind === 'none' ? 'none' : of.condition;
  const maxAttempts = of.kind === 'policy' ? of.maxAttempts : undefined;
  const attempts = maxAttempts !== undefined ? `, max_attempts: ${maxAttempts}` : '';
  const fixes: Fix[] = [];
  const file = keySpan.file;
  // Only where the service itself writes `restart:`: one that comes from an anchor (`<<: *defaults`) is shared,
  // and a deploy: written there would reach every service that merges it.
  const own = spanWithin(keySpan, svc.span);
  if (!deploy && !mergedDeploy && own && isScalar(value)) {
    // `restart: X` -> `deploy: { restart_policy: { condition: Y } }`, same place, same indentation.
    const ind = ' '.repeat(file.indentAt(keySpan.start));
    const lines = [`deploy:`, `  restart_policy:`, `    condition: ${condition}`];
    if (maxAttempts !== undefined) lines.push(`    max_attempts: ${maxAttempts}`);
    const edits = [replaceSpan({ file, start: keySpan.start, end: value.span.end }, lines.join('\n' + ind))];
    fixes.push(
      of.kind === 'none'
        ? { title: `Stop swarm restarting "${name}": deploy.restart_policy (condition: none)`, edits }
        : { title: `Replace with deploy.restart_policy (condition: ${condition}${attempts})`, preferred: true, edits },
    );
  }
  ctx.report({
    span: keySpan,
    code: 'restart-policy',
    fixes,
    message:
      of.kind === 'none'
        ? `On swarm, "restart: ${clip(v, 16)}" still restarts stopped tasks (condition: any).`
        : `On swarm, "restart: ${clip(v, 16)}" becomes condition: ${condition}${attempts}.`,
    detail:
      of.kind === 'none'
        ? `On swarm, "restart: ${v}" of "${name}" sends no restart policy (as \`docker stack deploy\` does), so swarm's default applies and stopped tasks are restarted (condition: any).` +
          ` To keep them stopped, write deploy.restart_policy { condition: none }.`
        : `On swarm, "restart: ${v}" of "${name}" becomes deploy.restart_policy { condition: ${condition}${attempts} }` +
          ` (\`docker stack deploy\` warns it ignores "restart" but converts it when no restart_policy is set). Write the restart policy to say so explicitly.`,
  });
}

function checkNetworks(ctx: RuleContext): void {
  for (const net of ctx.project.networks.values()) {
    const ext = get(net.node, 'external');
    if (ext !== undefined && str(ext) !== 'false') continue;
    const driver = get(net.node, 'driver');
    const d = str(driver);
    if (driver && d && d !== 'overlay') {
      ctx.report({
        span: driver.span,
        code: 'network-driver',
        message: `Network "${clip(net.name)}" uses the "${clip(d, 20)}" driver; a stack needs overlay.`,
        detail: `Network "${net.name}" uses the "${d}" driver; a stack's networks must span nodes: use driver: overlay${d === 'host' || d === 'none' ? ` (or an external network named "${d}")` : ''}.`,
      });
    }
  }
}

interface Published {
  port: number;
  protocol: string;
  span: Span;
  service: string;
  /** The host IP written before the port (`127.0.0.1:8080:80`), which swarm ignores. */
  ip?: string;
}

/** Ingress-mode published ports: swarm refuses a second service on the same one. */
export function publishedPorts(svcName: string, ports: YNode | undefined): Published[] {
  const out: Published[] = [];
  if (!isSeq(ports)) return out;
  for (const item of ports.items) {
    if (isScalar(item) && item.value !== null) {
      const s = String(item.value);
      const m = /^(?:(\[[^\]]*\]|[\d.]+):)?(\d+)(?:-(\d+))?:\d+(?:-\d+)?(?:\/(tcp|udp|sctp))?$/.exec(s);
      if (!m) continue;
      const from = Number(m[2]);
      const to = m[3] ? Number(m[3]) : from;
      for (let p = from; p <= to && p - from < 1000; p++) out.push({ port: p, protocol: m[4] ?? 'tcp', span: item.span, service: svcName, ip: m[1] });
    } else if (isMap(item)) {
      if ((str(get(item, 'mode')) ?? 'ingress') !== 'ingress') continue;
      const pub = str(get(item, 'published'));
      if (!pub || !/^\d+$/.test(pub)) continue;
      out.push({ port: Number(pub), protocol: str(get(item, 'protocol')) ?? 'tcp', span: get(item, 'published')!.span, service: svcName });
    }
  }
  return out;
}

function checkPorts(ctx: RuleContext): void {
  const seen = new Map<string, Published[]>();
  const node = (name: string): YNode | undefined => ctx.project.services.get(name)?.node;
  for (const svc of ctx.project.services.values()) {
    let ipSaid = false;
    for (const p of publishedPorts(svc.name, get(svc.node, 'ports'))) {
      if (p.ip && p.ip !== '0.0.0.0' && p.ip !== '[::]' && !ipSaid) {
        ipSaid = true; // once per service: a range would say it per port
        ctx.report({
          span: p.span,
          code: 'ignored-option',
          message: `Swarm ignores the host IP ${clip(p.ip, 24)} of a published port of "${clip(svc.name)}": it listens on every address.`,
          detail: `The docker CLI says "ignoring IP-address ... service will listen on '0.0.0.0'": swarm publishes the port on every address of every node (the routing mesh), so a port meant for ${p.ip} alone is open to every network the nodes are on. Publish it in mode: host behind a firewall, or keep it unpublished and reach it over an overlay network.`,
        });
      }
      const k = `${p.port}/${p.protocol}`;
      const earlier = seen.get(k)?.filter((e) => e.service !== svc.name);
      (seen.get(k) ?? seen.set(k, []).get(k)!).push(p);
      if (!earlier?.length) continue;
      // Services of profiles never run together (sentry's nginx and nginx-errors-only): compose starts one of them;
      // swarm knows no profiles and starts both, which cli-refused-option says already. Against those only: a warning.
      const first = earlier.find((e) => !profilesApart(svc.node, node(e.service)));
      const other = first ?? earlier[0];
      ctx.report({
        span: p.span,
        code: 'duplicate-published-port',
        ...(first ? {} : { severity: 'warning' as const }),
        related: [{ span: other.span, message: `"${other.service}" publishes ${k} here` }],
        message: `Port ${k} is already published by "${clip(other.service)}".`,
        detail:
          `"${svc.name}" publishes port ${k}, which "${other.service}" already publishes on the ingress network; swarm refuses the second ("port already in use"). Use another published port, or mode: host.` +
          (first ? '' : ` They are in profiles compose never runs together; swarm has no profiles and runs both.`),
      });
    }
  }
}

/** Both services have profiles and share none. */
function profilesApart(a: YNode | undefined, b: YNode | undefined): boolean {
  const names = (n: YNode | undefined): string[] => {
    const v = n && get(n, 'profiles');
    return isSeq(v) ? v.items.flatMap((i) => (isScalar(i) && i.value !== null ? [String(i.value)] : [])) : [];
  };
  const pa = names(a);
  const pb = names(b);
  return pa.length > 0 && pb.length > 0 && !pa.some((x) => pb.includes(x));
}

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

/**
 * Swarm ignores build:, so a service that only builds has nothing to run: creating it fails without an image.
 * When no service of the stack names an image (a compose file for building, or an `extends` library opened
 * alone), one note for the file says so instead of an error per service.
 */
function checkBuildOnly(ctx: RuleContext): void {
  if (isPartialStack(ctx.project)) return; // an overlay linted alone: its base may name the images
  const all = [...ctx.project.services.values()];
  const buildOnly = all.filter((s) => get(s.node, 'image') === undefined && get(s.node, 'build') !== undefined);
  if (!buildOnly.length) return;
  if (!all.some((s) => get(s.node, 'image') !== undefined)) {
    ctx.report({
      span: buildOnly[0].keySpan,
      code: 'build-without-image',
      severity: 'info',
      message: `No service here names an image (${plural(buildOnly.length, 'service')} only build:).`,
      detail: `Swarm only runs images: before deploying, build and push them and name each in image:.`,
    });
    return;
  }
  for (const svc of buildOnly) {
    ctx.report({
      span: svc.keySpan,
      code: 'build-without-image',
      message: `"${clip(svc.name)}" has build: but no image:, and swarm only runs images.`,
      detail: `Build and push the image to a registry the nodes can pull from, and name it in image: (build: may stay for docker compose).`,
    });
  }
}
