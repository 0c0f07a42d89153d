import * as path from 'path';
import type { Finding } from '../diagnostic';
import { get, getPair, isMap, isScalar, isSeq, makeMap, mapSet, str, toPlain, VarOrigin, YMap, YNode, YScalar } from '../model/node';
import type { Span } from '../model/source';
import type { VarSource } from './interpolate';
import type { LoadedModel, ManifestDocument, ModelOptions, Service } from './project';
import { readDotenv } from './dotenv';
import { clip } from '../stack/text';

/**
 * Compose's top-level `include:` (compose-spec "include", docker/compose's loader): each entry is a project of its
 * own, loaded with its own project directory (`project_directory`, else the folder of its first file) and its own
 * `.env` (`env_file`, else `<project directory>/.env`) for interpolation — the including project's variables
 * first, since compose only adds the included env file's values that are not set yet. A `path` list is that
 * project's files merged in order. Its services, networks, volumes, secrets and configs then join the including
 * file's; one defined on both sides is refused ("services.x conflicts with imported resource") unless the two
 * definitions are identical. Relative paths inside the included files resolve from its project directory.
 */

/** A project pulled in by `include:`, for tools that follow its files (the editor re-lints when one changes). */
export interface IncludedProject {
  /** The `include:` entry, in the including file. */
  entry: Span;
  files: string[];
  projectDir: string;
  /** The env files it read (its `.env` by default), when they exist. */
  envFiles: string[];
}

export interface IncludeResult {
  /** The including file's root with the imported resources and without `include`. */
  root: YMap;
  models: LoadedModel[];
  services: Service[];
  includes: IncludedProject[];
}

const RESOURCES = ['services', 'networks', 'volumes', 'secrets', 'configs'] as const;
/** Bounds on what a file can make the loader read: includes nest this deep, and so many are read in all. */
const MAX_DEPTH = 16;
const MAX_LOADS = 256;

export function applyIncludes(doc: ManifestDocument, resolved: YMap, o: ModelOptions, load: (o: ModelOptions) => LoadedModel): IncludeResult {
  const pair = getPair(doc.root, 'include')!;
  const out: IncludeResult = { root: without(resolved, 'include'), models: [], services: [], includes: [] };
  const report = (span: Span, code: string, message: string, detail: string, related?: Finding['related']): void => {
    o.findings.push({ span, code, severity: 'error', message, detail, ...(related ? { related } : {}) });
  };
  // Wrong types are the schema rule's to report (structure); here they are skipped.
  if (!isSeq(pair.value)) return out;
  const where = path.basename(doc.file.path);
  for (const item of pair.value.items) {
    const entry = readEntry(item);
    if (!entry) continue;
    if (!entry.paths.length) {
      report(item.span, 'include-invalid', 'This include: entry names no file.', 'Give `path`: a file, or a list of files merged in order.');
      continue;
    }
    const files = entry.paths.map((p) => path.resolve(o.projectDir, str(p)!));
    const loop = files.findIndex((f) => o.chain.includes(f));
    if (loop >= 0) {
      const chain = [...o.chain.slice(o.chain.indexOf(files[loop])), doc.file.path].map((f) => path.relative(o.projectDir, f) || f);
      report(
        entry.paths[loop].span,
        'include-cycle',
        `Including ${clip(str(entry.paths[loop]) ?? '', 50)} loops back to a file that includes it.`,
        `${[...new Set(chain)].join(' includes ')} includes it again. Compose refuses the file ("include cycle detected").`,
      );
      continue;
    }
    if (o.depth >= MAX_DEPTH || o.budget.loads >= MAX_LOADS) {
      report(
        item.span,
        'include-invalid',
        'Includes nest too deep: this one is not followed.',
        `Includes nest deeper than ${MAX_DEPTH} levels or read more than ${MAX_LOADS} projects in all.`,
      );
      continue;
    }
    o.budget.loads++;
    const projectDir = entry.projectDirectory ? path.resolve(o.projectDir, entry.projectDirectory) : path.dirname(files[0]);

    // Its variables: the including project's first (compose only adds what they leave unset), then its env files.
    const envFiles: string[] = [];
    const own = new Map<string, { value: string; origin: VarOrigin }>();
    const envNodes = entry.envFiles ?? [];
    const envPaths = entry.envFiles ? envNodes.map((n) => path.resolve(o.projectDir, str(n)!)) : [path.join(projectDir, '.env')];
    let envMissing = false;
    envPaths.forEach((f, i) => {
      if (f === '/dev/null') return;
      const read = readDotenv(f, o.reader, o.findings);
      if (!read) {
        if (entry.envFiles) {
          envMissing = true;
          report(
            envNodes[i].span,
            'include-missing',
            `The env_file of this include cannot be read: ${clip(path.basename(f), 40)}.`,
            `${f}: compose refuses to load the stack. Create it, or fix the path (relative to ${o.projectDir}).`,
          );
        }
        return;
      }
      envFiles.push(f);
      for (const e of read.env.entries.values()) own.set(e.name, { value: e.value, origin: { kind: 'dotenv', file: f, line: e.line } });
    });
    if (envMissing) continue;
    const vars: VarSource = { lookup: (name) => o.vars.lookup(name) ?? own.get(name) };

    const model = load({ ...o, files, projectDir, vars, role: 'include', depth: o.depth + 1 });
    let unreadable = false;
    for (const d of model.documents) {
      const i = files.indexOf(d.file.path);
      if (i < 0 || d.unreadable === undefined) continue;
      unreadable = true;
      report(
        entry.paths[i].span,
        'include-missing',
        `The included file cannot be read: ${clip(path.basename(d.file.path), 40)}.`,
        `${d.unreadable.startsWith(d.file.path) ? d.unreadable : `${d.file.path}: ${d.unreadable}`}. Compose refuses to load the stack; fix the path (relative to ${o.projectDir}).`,
      );
    }
    out.models.push(model);
    out.includes.push({ entry: item.span, files, projectDir, envFiles });
    if (unreadable) continue;
    // A conflict points at the path (of the list) whose file defines the imported resource.
    const entryOf = (file: string): Span => entry.paths[Math.max(0, files.indexOf(file))].span;
    importResources(model, out, entryOf, where, report);
  }
  return out;
}

interface Entry {
  paths: YScalar[];
  envFiles?: YScalar[];
  projectDirectory?: string;
}

/** The short form (`- file.yml`) and the long one (`path`, `env_file`, `project_directory`); undefined when malformed. */
function readEntry(item: YNode): Entry | undefined {
  if (isScalar(item)) return typeof item.value === 'string' && item.value ? { paths: [item] } : undefined;
  if (!isMap(item)) return undefined;
  const paths = strings(get(item, 'path'));
  const env = get(item, 'env_file');
  const envFiles = env === undefined ? undefined : strings(env);
  const pd = get(item, 'project_directory');
  if (!paths || (env !== undefined && !envFiles) || (pd !== undefined && str(pd) === undefined)) return undefined;
  return { paths, envFiles, projectDirectory: str(pd) };
}

/** A string or a list of strings (compose's string_or_list); undefined when it is something else. */
function strings(n: YNode | undefined): YScalar[] | undefined {
  if (n === undefined) return [];
  if (isScalar(n)) return typeof n.value === 'string' && n.value ? [n] : n.value === null ? [] : undefined;
  if (!isSeq(n)) return undefined;
  const out = n.items.filter((i): i is YScalar => isScalar(i) && typeof i.value === 'string' && !!i.value);
  return out.length === n.items.length ? out : undefined;
}

function importResources(
  model: LoadedModel,
  out: IncludeResult,
  entryOf: (file: string) => Span,
  where: string,
  report: (span: Span, code: string, message: string, detail: string, related?: Finding['related']) => void,
): void {
  for (const kind of RESOURCES) {
    const from = get(model.merged, kind);
    if (!isMap(from) || !from.pairs.length) continue;
    const prev = getPair(out.root, kind);
    const to = makeMap(prev?.value.span ?? from.span, isMap(prev?.value) ? [...prev.value.pairs] : []);
    for (const p of from.pairs) {
      const there = to.index.get(p.key);
      if (there) {
        if (sameDefinition(there.value, p.value)) continue;
        report(
          entryOf(p.keySpan.file.path),
          'include-conflict',
          `${kind}.${clip(p.key)} is defined here and, differently, in an included file.`,
          `${kind}.${p.key} conflicts with imported resource: it is defined in ${where} and in the included ${path.basename(p.keySpan.file.path)}. Compose refuses the stack; rename one, or drop one definition (an override file in this include's \`path\` list can change the included one).`,
          [
            { span: there.keySpan, message: `${kind}.${p.key} defined here` },
            { span: p.keySpan, message: `${kind}.${p.key} imported from here` },
          ],
        );
        continue;
      }
      mapSet(to, p);
      if (kind === 'services') {
        const svc = model.services.get(p.key);
        if (svc) out.services.push(svc);
      }
    }
    mapSet(out.root, { key: kind, keySpan: prev?.keySpan ?? p0(from).keySpan, value: to });
  }
}

function p0(m: YMap): { keySpan: Span } {
  return m.pairs[0];
}

/** Compose lets the same resource come from two sides when both definitions are equal. */
function sameDefinition(a: YNode, b: YNode): boolean {
  return JSON.stringify(toPlain(a)) === JSON.stringify(toPlain(b));
}

function without(m: YMap, key: string): YMap {
  return makeMap(
    m.span,
    m.pairs.filter((p) => p.key !== key),
  );
}

/**
 * An included project's relative paths resolve from its project directory, not the stack's: written here as
 * absolute paths (in the document itself, so rules, the deploy and export all see the same file), as compose's
 * loader resolves them for an include. Named volumes, `~` paths and URLs are left as they are.
 */
export function rebasePaths(doc: ManifestDocument, dir: string): void {
  const root = doc.root;
  if (!root) return;
  const svcs = get(root, 'services');
  if (isMap(svcs))
    for (const sp of svcs.pairs) {
      const svc = sp.value;
      if (!isMap(svc)) continue;
      const build = get(svc, 'build');
      if (isScalar(build)) rebaseScalar(build, dir, isLocalContext);
      else if (isMap(build)) rebaseScalar(get(build, 'context'), dir, isLocalContext);
      for (const key of ['env_file', 'label_file']) {
        const v = get(svc, key);
        for (const item of isSeq(v) ? v.items : v ? [v] : []) rebaseScalar(isMap(item) ? get(item, 'path') : item, dir, isRelative);
      }
      const ext = get(svc, 'extends');
      if (isMap(ext)) rebaseScalar(get(ext, 'file'), dir, isRelative);
      const vols = get(svc, 'volumes');
      if (isSeq(vols))
        for (const v of vols.items) {
          if (isScalar(v) && typeof v.value === 'string') {
            const colon = v.value.indexOf(':');
            const source = colon < 0 ? '' : v.value.slice(0, colon);
            if (source.startsWith('.')) v.value = path.resolve(dir, source) + v.value.slice(colon);
          } else if (isMap(v) && str(get(v, 'type')) === 'bind') rebaseScalar(get(v, 'source'), dir, (s) => !s.startsWith('~') && isRelative(s));
        }
    }
  for (const kind of ['secrets', 'configs']) {
    const objs = get(root, kind);
    if (isMap(objs)) for (const p of objs.pairs) rebaseScalar(get(p.value, 'file'), dir, isRelative);
  }
}

function rebaseScalar(n: YNode | undefined, dir: string, when: (s: string) => boolean): void {
  if (isScalar(n) && typeof n.value === 'string' && n.value && when(n.value)) n.value = path.resolve(dir, n.value);
}

const isRelative = (s: string): boolean => !path.isAbsolute(s);
/** A build context that is a folder (not a Git URL or a remote one). */
const isLocalContext = (s: string): boolean => isRelative(s) && !/^[a-z][a-z0-9+.-]*:\/\/|^git@|^github\.com\//i.test(s);
