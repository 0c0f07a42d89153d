import type { Fix, TextEdit } from '../diagnostic';
import { get, isScalar, str, YNode } from '../model/node';
import type { Span } from '../model/source';
import type { Project, Service } from '../manifest/project';
import { addAliasEdits, rawService, replaceSpan, serviceReferenceSpans } from '../fixes/edits';
import type { Rule } from './rule';

/** swarmkit's validateAnnotations (services and networks) and its secret/config name rule. */
export const SERVICE_NAME = /^[a-zA-Z0-9](?:[-_]*[A-Za-z0-9]+)*$/;
export const SECRET_NAME = /^[a-zA-Z0-9]+(?:[a-zA-Z0-9-_.]*[a-zA-Z0-9])?$/;
const MAX_NAME = 63;
const MAX_SECRET = 64;

/** The nearest name swarm accepts: invalid runs become `-`, ends trimmed. */
export function legalName(name: string): string {
  const s = name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^[-_]+|[-_]+$/g, '').replace(/[-_]*-[-_]*/g, '-');
  return s || 'service';
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
    const how = project.nameSource === 'folder' ? `the folder's name "${stack}"` : project.nameSource === 'name-key' ? `the file's name: "${stack}"` : `"${stack}"`;
    for (const svc of project.services.values()) {
      if (!SERVICE_NAME.test(svc.name)) {
        const suggestion = uniqueName(project, legalName(svc.name));
        report({
          span: svc.keySpan, code: 'service-name',
          message: `Swarm refuses the service name "${svc.name}": ${whatIsWrong(svc.name)}. Names may hold letters, digits, and "-" or "_" between them. ` +
            `Rename it (e.g. "${suggestion}") and keep "${svc.name}" as a network alias so hosts that use it still resolve.`,
          related: svc.definitions.slice(1).map((d) => ({ span: d.keySpan, message: 'also defined here' })),
          fixes: renameFix(project, svc, suggestion),
        });
      } else if (stack.length + 1 + svc.name.length > MAX_NAME) {
        report({ span: svc.keySpan, code: 'name-too-long',
          message: `"${stack}_${svc.name}" has ${stack.length + 1 + svc.name.length} characters; swarm allows ${MAX_NAME}. The stack name comes from ${how}: shorten it or the service name.` });
      }
    }
    for (const net of project.networks.values()) {
      const explicit = str(get(net.node, 'name'));
      const external = get(net.node, 'external') !== undefined && str(get(net.node, 'external')) !== 'false';
      // An external network is not created by the stack: whether it exists is checked at deploy, not its name.
      // A name emptied by an unset variable is reported once, by unset-variable.
      if (external || fromUnsetVariable(get(net.node, 'name'))) continue;
      const scoped = explicit ?? `${stack}_${net.name}`;
      if (!SERVICE_NAME.test(explicit ?? net.name)) {
        report({ span: explicit ? get(net.node, 'name')!.span : net.keySpan, code: 'network-name',
          message: `Swarm refuses the network name "${explicit ?? net.name}": ${whatIsWrong(explicit ?? net.name)}. Use letters, digits, and "-" or "_" between them (e.g. "${legalName(explicit ?? net.name)}").` });
      } else if (scoped.length > MAX_NAME) {
        report({ span: net.keySpan, code: 'name-too-long',
          message: `The network "${scoped}" has ${scoped.length} characters; swarm allows ${MAX_NAME}. The stack name comes from ${how}.` });
      }
    }
    for (const [kind, objs] of [['secret', project.secrets], ['config', project.configs]] as const) {
      for (const obj of objs.values()) {
        if (fromUnsetVariable(get(obj.node, 'name'))) continue;
        const explicit = str(get(obj.node, 'name'));
        const external = get(obj.node, 'external') !== undefined && str(get(obj.node, 'external')) !== 'false';
        const scoped = explicit ?? (external ? obj.name : `${stack}_${obj.name}`);
        const span: Span = explicit ? get(obj.node, 'name')!.span : obj.keySpan;
        if (!SECRET_NAME.test(scoped)) {
          report({ span, code: 'secret-name',
            message: `Swarm refuses the ${kind} name "${scoped}": use letters, digits, and "-", "_" or "." between them.` });
        } else if (scoped.length > MAX_SECRET) {
          report({ span, code: 'name-too-long', message: `The ${kind} "${scoped}" has ${scoped.length} characters; swarm allows ${MAX_SECRET}.` });
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
  let n = base; let i = 2;
  while (project.services.has(n)) n = `${base}-${i++}`;
  return n;
}

/** Rename the service everywhere in the stack, keeping the old name as an alias on its networks. */
function renameFix(project: Project, svc: Service, to: string): Fix[] {
  const edits: TextEdit[] = [];
  for (const d of svc.definitions) edits.push(replaceSpan(d.keySpan, to));
  for (const ref of serviceReferenceSpans(project, svc.name)) edits.push(replaceSpan(ref, to));
  const first = svc.definitions[0];
  const doc = project.documents.find((d) => d.file === first.file);
  const raw = doc && rawService(doc, svc.name);
  const alias = raw && addAliasEdits(raw, svc.name);
  if (alias) edits.push(...alias);
  return [{
    title: alias ? `Rename service to "${to}" (keep "${svc.name}" as a network alias)` : `Rename service to "${to}"`,
    edits: dedupe(edits), preferred: true,
  }];
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

