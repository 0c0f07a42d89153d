import type { Fix, Severity } from '../diagnostic';
import { describeMatch } from '../catalog/describe';
import { serviceEnv } from '../catalog/env';
import { menderStack, ServiceMatch, servicesOf } from '../catalog/match';
import { setVariableFix } from '../catalog/providers';
import { get, isMap, isSeq, str, YNode } from '../model/node';
import type { Service } from '../manifest/project';
import { isPartialStack } from '../stack/partial';
import { clip } from '../stack/text';
import { dnsFor } from './links';
import type { Rule, RuleContext } from './rule';

/**
 * What a component cannot start or work without: a mounted key file (deviceauth and useradm exit at start
 * without their private key) and settings such as deployments' storage endpoint.
 */
export const menderRequiredRule: Rule = {
  id: 'mender-required',
  codes: [
    { code: 'mender-missing-file', severity: 'error', summary: 'A Mender component reads a file (a private key) that nothing mounts at its path.' },
    {
      code: 'mender-missing-setting',
      severity: 'warning',
      summary: 'A Mender component lacks a setting it needs (e.g. deployments without a storage endpoint).',
    },
  ],
  check(ctx) {
    const stack = menderStack(ctx.project);
    // An overlay linted alone (services without image or build): what it relies on is in files not given here;
    // the links rule says so once (partial-stack).
    if (!stack.isMender || isPartialStack(ctx.project)) return;
    for (const m of stack.services.values()) {
      checkFiles(ctx, m);
      checkSettings(ctx, m);
    }
  },
};

/** Paths inside the container that volumes, secrets and configs provide (a volume covers everything under it). */
export function mountedPaths(svc: Service): { exact: Set<string>; dirs: string[] } {
  const exact = new Set<string>();
  const dirs: string[] = [];
  const vols = get(svc.node, 'volumes');
  if (isSeq(vols))
    for (const v of vols.items) {
      const target = volumeTarget(v);
      if (target) {
        exact.add(trim(target));
        dirs.push(trim(target));
      }
    }
  for (const [key, base] of [
    ['secrets', '/run/secrets/'],
    ['configs', '/'],
  ] as const) {
    const list = get(svc.node, key);
    if (!isSeq(list)) continue;
    for (const i of list.items) {
      const short = str(i);
      const source = short ?? str(get(i, 'source'));
      const target = short ? undefined : str(get(i, 'target'));
      const p = target ? (target.startsWith('/') ? target : base + target) : source ? base + source : undefined;
      if (p) exact.add(trim(p));
    }
  }
  return { exact, dirs };
}

function volumeTarget(v: YNode): string | undefined {
  if (isMap(v)) return str(get(v, 'target'));
  const s = str(v);
  if (!s) return undefined;
  const parts = s.split(':');
  // `src:dst[:mode]`, or a bare `dst` (an anonymous volume); Windows drive letters are not a concern in Linux containers.
  return parts.length >= 2 ? parts[1] : parts[0];
}

/** Trailing slashes off, by a loop: `/\/+$/` rescans a long run of slashes from each of them. */
function trim(p: string): string {
  if (p.length <= 1) return p;
  let e = p.length;
  while (e > 0 && p[e - 1] === '/') e--;
  return p.slice(0, e);
}

/** The file that gives the service its image (where it is defined, not just configured by an overlay). */
function baseFile(svc: Service): string | undefined {
  return (svc.definitions.find((d) => get(d.node, 'image') !== undefined) ?? svc.definitions[0])?.file.path;
}

export function isMounted(svc: Service, file: string): boolean {
  const { exact, dirs } = mountedPaths(svc);
  const f = trim(file);
  return exact.has(f) || dirs.some((d) => f.startsWith(d === '/' ? '/' : d + '/'));
}

function checkFiles(ctx: RuleContext, m: ServiceMatch): void {
  const env = serviceEnv(ctx.project, m.service);
  for (const f of m.facts.files ?? []) {
    const set = f.pathVar ? env.vars.get(f.pathVar) : undefined;
    if (set && (set.value === null || set.uncertain)) continue; // decided at run time: not ours to judge
    const file = set?.value ?? f.default;
    if (isMounted(m.service, file)) continue;
    const source = set ? `${f.pathVar} is set to it` : f.pathVar ? `the default of ${f.pathVar}` : 'a fixed path';
    let severity: Severity = f.severity ?? 'error';
    let unsure = f.why ? ` (${f.why}: a ${severity}.)` : '';
    if (!set && env.unreadEnvFiles.length) {
      severity = 'warning';
      unsure = ` (${f.pathVar} may be set in an env_file that could not be read.)`;
    }
    ctx.report({
      span: set?.entry?.node?.span ?? m.service.keySpan,
      code: 'mender-missing-file',
      severity,
      message: `Nothing mounts ${clip(file, 40)}, which "${clip(m.service.name, 22)}" reads.`,
      detail:
        `"${m.service.name}" (${describeMatch(m)}) reads ${f.what} from ${file} (${source}; catalog: ${m.component.id} in the ${m.era} era), ` +
        `and no volume, secret or config is mounted there: it exits at start unless its image contains the file. ` +
        `Mount the key as a swarm secret with target ${file} (or a volume)${f.pathVar ? `, or point ${f.pathVar} at the file you mount` : ''}.${unsure}`,
    });
  }
}

function checkSettings(ctx: RuleContext, m: ServiceMatch): void {
  const { project } = ctx;
  const stack = menderStack(project);
  const env = serviceEnv(project, m.service);
  for (const req of m.facts.requires ?? []) {
    if (req.anyOf.some((n) => env.vars.has(n))) continue;
    if (req.unless && env.vars.get(req.unless.var)?.value?.toLowerCase() === req.unless.value) continue;
    const storage = req.storage ? servicesOf(stack, req.storage) : [];
    const dns = dnsFor(project);
    const reachable = storage.filter((s) => dns.networksOf(s.service.name).some((n) => dns.networksOf(m.service.name).includes(n)));
    // With a MinIO in the stack that deployments is not pointed at, the stack is surely broken; without one, it may use Amazon S3.
    // A MinIO that only an overlay brings (Mender's docker-compose.storage.minio.yml) leaves the endpoint to yet another
    // file (the demo or production overlay sets it): the stack linted may be one file short, so a warning.
    // (A MinIO the stack's own file includes is meant to be used: still an error.)
    const home = baseFile(m.service);
    const overlay = (file: string): boolean => file !== home && project.documents.some((d) => d.file.path === file && d.role === 'stack');
    const overlayOnly = storage.length > 0 && storage.every((x) => x.service.definitions.every((d) => overlay(d.file.path)));
    const severity: Severity = storage.length && !env.unreadEnvFiles.length && !overlayOnly ? 'error' : 'warning';
    const fixes: Fix[] = [];
    const s = reachable[0];
    if (s) {
      const port = s.facts.ports[0];
      const f = setVariableFix(project, m.service, req.anyOf[0], `http://${s.service.name}${port ? `:${port}` : ''}`, true);
      if (f) fixes.push(f);
    }
    const here = storage.length
      ? ` The stack runs ${storage.map((x) => `"${x.service.name}"`).join(', ')} (${storage[0].component.title}), which it will not use.` +
        (overlayOnly
          ? ` It comes from ${storage[0].service.definitions.map((d) => d.file.path.split(/[\\/]/).pop()).join(', ')}, an overlay that leaves the endpoint to another file (Mender's storage overlays do: its demo or production overlay sets it): a warning, as that file may just not be linted here.`
          : '')
      : '';
    ctx.report({
      span: m.service.keySpan,
      code: 'mender-missing-setting',
      severity,
      message: `"${clip(m.service.name)}" has no ${clip(req.what, 40)}.`,
      detail:
        `"${m.service.name}" (${describeMatch(m)}) has no ${req.what}: none of ${req.anyOf.join(', ')} is set, and ${req.why} (catalog: ${m.component.id} in the ${m.era} era).${here}` +
        ` Set ${req.anyOf[0]}${s ? ` (e.g. http://${s.service.name}:${s.facts.ports[0] ?? 9000})` : ''}.`,
      fixes,
    });
  }
}
