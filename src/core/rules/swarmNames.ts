import type { Fix, TextEdit } from '../diagnostic';
import { isAsciiAlnum } from '../model/chars';
import { get, isScalar, str, YNode } from '../model/node';
import type { Span } from '../model/source';
import type { Project, Service } from '../manifest/project';
import { addAliasEdits, rawService } from '../fixes/edits';
import { renameEdits } from '../language/rename';
import { clip } from '../stack/text';
import type { Rule } from './rule';

/**
 * swarmkit's validateAnnotations (services and networks): `^[a-zA-Z0-9](?:[-_]*[A-Za-z0-9]+)*$`. Run by a
 * backtracking engine that pattern is exponential (a 40-letter name with a dot took seconds), so names are checked
 * by the scanners below, which accept the same language in one pass: letters, digits, `-` and `_`, starting and
 * ending with a letter or digit. SERVICE_NAME / SECRET_NAME are the same languages as regular expressions without
 * nested or overlapping quantifiers (linear), kept for tests and documentation.
 */
export const SERVICE_NAME = /^[a-zA-Z0-9](?:[-_a-zA-Z0-9]*[a-zA-Z0-9])?$/;
/** swarmkit's secret/config rule `^[a-zA-Z0-9]+(?:[a-zA-Z0-9-_.]*[a-zA-Z0-9])?$`, linear: `.` allowed too. */
export const SECRET_NAME = /^[a-zA-Z0-9](?:[-_.a-zA-Z0-9]*[a-zA-Z0-9])?$/;
const MAX_NAME = 63;
const MAX_SECRET = 64;

function scanName(s: string, extra: string): boolean {
  if (!s.length || !isAsciiAlnum(s.charCodeAt(0)) || !isAsciiAlnum(s.charCodeAt(s.length - 1))) return false;
  for (let i = 1; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (!isAsciiAlnum(c) && !extra.includes(s[i])) return false;
  }
  return true;
}

/** A service, network or stack name swarm accepts (swarmkit's validateAnnotations), in linear time. */
export function isSwarmName(s: string): boolean {
  return scanName(s, '-_');
}
/** A secret or config name swarm accepts, in linear time. */
export function isSecretName(s: string): boolean {
  return scanName(s, '-_.');
}

/** The nearest name swarm accepts: invalid runs become `-`, ends trimmed; in one pass (the regexes it replaced were quadratic). */
export function legalName(name: string): string {
  // Runs of characters swarm refuses become one `-`; then each run of separators is `-` if it holds one, else kept.
  let out = '';
  let sep = '';
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (isAsciiAlnum(c)) {
      if (sep) out += out ? (sep.includes('-') ? '-' : sep) : '';
      sep = '';
      out += name[i];
    } else sep += name[i] === '_' ? '_' : '-';
  }
  return out || 'service';
}

/**
 * Why swarm would refuse `name` for a service, network, secret or config of stack `stack` (the rules this rule
 * checks), or undefined when it takes it. Rename asks this before it renames anything.
 */
export function swarmNameProblem(kind: 'service' | 'network' | 'secret' | 'config', name: string, stack: string): string | undefined {
  if (kind === 'secret' || kind === 'config') {
    if (!isSecretName(name)) return `swarm refuses the ${kind} name "${name}": use letters, digits, and "-", "_" or "." between them`;
    if (stack.length + 1 + name.length > MAX_SECRET)
      return `"${stack}_${name}" would have ${stack.length + 1 + name.length} characters; swarm allows ${MAX_SECRET}`;
    return undefined;
  }
  if (!isSwarmName(name)) return `swarm refuses the ${kind} name "${name}": ${whatIsWrong(name)}; names may hold letters, digits, and "-" or "_" between them`;
  if (stack.length + 1 + name.length > MAX_NAME) return `"${stack}_${name}" would have ${stack.length + 1 + name.length} characters; swarm allows ${MAX_NAME}`;
  return undefined;
}

function whatIsWrong(name: string): string {
  if (!name) return 'it is empty';
  const bad = [...new Set(name.replace(/[A-Za-z0-9_-]/g, ''))];
  if (bad.length) return `it contains ${bad.map((c) => `"${c}"`).join(', ')}`;
  if (!/^[A-Za-z0-9]/.test(name)) return 'it must start with a letter or digit';
  return 'it must end with a letter or digit';
}

export const swarmNamesRule: Rule = {
  id: 'swarm-names',
  codes: [
    { code: 'service-name', severity: 'error', summary: 'A service name swarm refuses (dots, leading/trailing - or _).' },
    { code: 'network-name', severity: 'error', summary: 'A network name swarm refuses.' },
    { code: 'secret-name', severity: 'error', summary: 'A secret or config name swarm refuses.' },
    { code: 'name-too-long', severity: 'error', summary: 'The stack-scoped name <stack>_<name> is longer than swarm allows.' },
  ],
  check({ project, report }) {
    const stack = project.name;
    const how =
      project.nameSource === 'folder' ? `the folder's name "${stack}"` : project.nameSource === 'name-key' ? `the file's name: "${stack}"` : `"${stack}"`;
    for (const svc of project.services.values()) {
      if (!isSwarmName(svc.name)) {
        const suggestion = uniqueName(project, legalName(svc.name));
        report({
          span: svc.keySpan,
          code: 'service-name',
          message: `Swarm refuses the service name "${clip(svc.name)}": ${clip(whatIsWrong(svc.name), 40)}.`,
          detail:
            `Names may hold letters, digits, and "-" or "_" between them. ` +
            `Rename it (e.g. "${suggestion}") and keep "${svc.name}" as a network alias so hosts that use it still resolve.`,
          related: svc.definitions.slice(1).map((d) => ({ span: d.keySpan, message: 'also defined here' })),
          fixes: renameFix(project, svc, suggestion),
        });
      } else if (stack.length + 1 + svc.name.length > MAX_NAME) {
        report({
          span: svc.keySpan,
          code: 'name-too-long',
          message: `The service's swarm name is ${stack.length + 1 + svc.name.length} characters long; swarm allows ${MAX_NAME}.`,
          detail: `"${stack}_${svc.name}" has ${stack.length + 1 + svc.name.length} characters; swarm allows ${MAX_NAME}. The stack name comes from ${how}: shorten it or the service name.`,
        });
      }
    }
    for (const net of project.networks.values()) {
      const explicit = str(get(net.node, 'name'));
      const external = get(net.node, 'external') !== undefined && str(get(net.node, 'external')) !== 'false';
      // An external network is not created by the stack: whether it exists is checked at deploy, not its name.
      // A name emptied by an unset variable is reported once, by unset-variable.
      if (external || fromUnsetVariable(get(net.node, 'name'))) continue;
      const scoped = explicit ?? `${stack}_${net.name}`;
      if (!isSwarmName(explicit ?? net.name)) {
        report({
          span: explicit ? get(net.node, 'name')!.span : net.keySpan,
          code: 'network-name',
          message: `Swarm refuses the network name "${clip(explicit ?? net.name)}": ${clip(whatIsWrong(explicit ?? net.name), 40)}.`,
          detail: `Use letters, digits, and "-" or "_" between them (e.g. "${legalName(explicit ?? net.name)}").`,
        });
      } else if (scoped.length > MAX_NAME) {
        report({
          span: net.keySpan,
          code: 'name-too-long',
          message: `The network's swarm name is ${scoped.length} characters long; swarm allows ${MAX_NAME}.`,
          detail: `The network "${scoped}" has ${scoped.length} characters; swarm allows ${MAX_NAME}. The stack name comes from ${how}.`,
        });
      }
    }
    for (const [kind, objs] of [
      ['secret', project.secrets],
      ['config', project.configs],
    ] as const) {
      for (const obj of objs.values()) {
        if (fromUnsetVariable(get(obj.node, 'name'))) continue;
        const explicit = str(get(obj.node, 'name'));
        const external = get(obj.node, 'external') !== undefined && str(get(obj.node, 'external')) !== 'false';
        const scoped = explicit ?? (external ? obj.name : `${stack}_${obj.name}`);
        const span: Span = explicit ? get(obj.node, 'name')!.span : obj.keySpan;
        if (!isSecretName(scoped)) {
          report({
            span,
            code: 'secret-name',
            message: `Swarm refuses the ${kind} name "${clip(scoped)}".`,
            detail: `"${scoped}": use letters, digits, and "-", "_" or "." between them.`,
          });
        } else if (scoped.length > MAX_SECRET) {
          report({
            span,
            code: 'name-too-long',
            message: `The ${kind}'s swarm name is ${scoped.length} characters long; swarm allows ${MAX_SECRET}.`,
            detail: `"${scoped}" has ${scoped.length} characters; swarm allows ${MAX_SECRET}.`,
          });
        }
      }
    }
  },
};

/** A value written with `${VAR}` that came out empty because a variable is unset (interpolation reports it). */
function fromUnsetVariable(n: YNode | undefined): boolean {
  return isScalar(n) && n.value === '' && !!n.interpolation?.vars.some((v) => v.origin.kind === 'unset');
}

function uniqueName(project: Project, base: string): string {
  let n = base;
  let i = 2;
  while (project.services.has(n)) n = `${base}-${i++}`;
  return n;
}

/**
 * Rename the service everywhere in the stack (F2's edits: language/rename.ts), keeping the old name as an alias on
 * its networks; hosts in environment values keep the old name, which the alias answers, unless `envHosts`.
 */
export function renameFix(project: Project, svc: Service, to: string, envHosts = false): Fix[] {
  const renamed = renameEdits(project, 'service', svc.name, to, { envHosts });
  if ('error' in renamed) return [];
  const edits: TextEdit[] = [...renamed.edits];
  const first = svc.definitions[0];
  const doc = project.documents.find((d) => d.file === first.file);
  const raw = doc && rawService(doc, svc.name);
  const alias = raw && addAliasEdits(raw, svc.name);
  if (alias) edits.push(...alias);
  return [
    {
      title: alias ? `Rename service to "${to}" (keep "${svc.name}" as a network alias)` : `Rename service to "${to}"`,
      edits: dedupe(edits),
      preferred: true,
    },
  ];
}

function dedupe(edits: TextEdit[]): TextEdit[] {
  const seen = new Set<string>();
  return edits.filter((e) => {
    const k = `${e.file}:${e.range.start.line}:${e.range.start.character}:${e.newText}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
