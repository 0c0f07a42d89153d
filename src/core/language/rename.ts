/**
 * Rename a service, network, volume, secret, config or network alias in every file of the stack: its definitions
 * and every use the name index knows (depends_on, links, extends, networks, hosts in environment values, aliases,
 * included files). A name swarm would refuse is refused, saying why (swarmNames' rules). The rename quick fix
 * of service-name uses the same edits.
 */
import type { TextEdit } from '../diagnostic';
import type { Span } from '../model/source';
import type { Project } from '../manifest/project';
import { replaceSpan } from '../fixes/edits';
import { swarmNameProblem } from '../rules/swarmNames';
import { isHostName } from '../stack/hosts';
import { NameKind, nameAt, NameRef, referencesOf } from './references';

export interface RenameTarget {
  kind: NameKind;
  name: string;
  span: Span;
}

export type RenameResult = { edits: TextEdit[] } | { error: string };

/** What F2 at `offset` would rename, or why nothing there can be. */
export function prepareRename(project: Project, file: string, offset: number): RenameTarget | { error: string } {
  const r = nameAt(project, file, offset);
  if (!r) return { error: 'Only a service, network, volume, secret, config or network alias can be renamed here.' };
  if (!referencesOf(project, r.kind, r.name).some((x) => x.definition)) {
    return { error: `The ${r.kind} "${r.name}" is not defined in any file of the stack, so it cannot be renamed here.` };
  }
  return { kind: r.kind, name: r.name, span: r.span };
}

export function renameAt(project: Project, file: string, offset: number, to: string): RenameResult {
  const t = prepareRename(project, file, offset);
  if ('error' in t) return t;
  return renameEdits(project, t.kind, t.name, to);
}

export interface RenameOptions {
  /**
   * Rename hosts in environment values too (F2: yes). The quick fix for an illegal service name keeps the old
   * name as a network alias instead, since such names (`s3.docker.mender.io`) are often public host names.
   */
  envHosts?: boolean;
}

/** The edits that rename `name` (a `kind`) to `to` everywhere in the stack, or why it must not be. */
export function renameEdits(project: Project, kind: NameKind, name: string, to: string, opts: RenameOptions = {}): RenameResult {
  const why = nameProblem(project, kind, to);
  if (why) return { error: `Cannot rename ${kind} "${name}" to "${to}": ${why}.` };
  if (to !== name && taken(project, kind, to)) return { error: `Cannot rename ${kind} "${name}" to "${to}": the stack already has a ${kind} "${to}".` };
  const refs = referencesOf(project, kind, name).filter((r: NameRef) => opts.envHosts !== false || r.via !== 'environment');
  const seen = new Set<string>();
  const edits: TextEdit[] = [];
  for (const r of refs) {
    const k = `${r.span.file.path}:${r.span.start}:${r.span.end}`;
    if (seen.has(k)) continue;
    seen.add(k);
    edits.push(replaceSpan(r.span, to));
  }
  return { edits };
}

function nameProblem(project: Project, kind: NameKind, to: string): string | undefined {
  if (!to) return 'the name is empty';
  switch (kind) {
    case 'service':
    case 'network':
    case 'secret':
    case 'config':
      return swarmNameProblem(kind, to, project.name);
    case 'volume':
      return /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(to)
        ? undefined
        : 'compose takes letters, digits, "_", "." and "-" in a volume name, starting with a letter or digit';
    case 'alias':
      return isHostName(to) ? undefined : 'an alias is a host name: dot-separated labels of letters, digits, "-" and "_"';
  }
}

function taken(project: Project, kind: NameKind, to: string): boolean {
  switch (kind) {
    case 'service':
      return project.services.has(to);
    case 'network':
      return project.networks.has(to);
    case 'volume':
      return project.volumes.has(to);
    case 'secret':
      return project.secrets.has(to);
    case 'config':
      return project.configs.has(to);
    case 'alias':
      return referencesOf(project, 'alias', to).length > 0 || project.services.has(to);
  }
}
