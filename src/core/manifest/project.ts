import * as path from 'path';
import { type Finding, shortMessage } from '../diagnostic';
import { get, getPair, isMap, isScalar, makeMap, mapSet, str, subSpan, VarOrigin, VarUse, YMap, YNode, YPair, YScalar } from '../model/node';
import { parseYaml } from '../model/parse';
import { SourceFile, Span } from '../model/source';
import { Dotenv, readDotenv } from './dotenv';
import { diskReader, FileReader, stackReader } from './files';
import { applyIncludes, IncludedProject, rebasePaths } from './include';
import { interpolate, VarSource } from './interpolate';
import { mergeMaps } from './merge';
import { normalizeServices } from './normalize';
import { clip } from '../stack/text';

/** One YAML file of a stack, parsed, normalised and interpolated. */
export interface ManifestDocument {
  file: SourceFile;
  root: YMap | undefined;
  /** 'stack': named in the file set; 'include': a file of a project the stack includes; 'extends': read because a service extends a service in it. */
  role: 'stack' | 'include' | 'extends';
  /** Why the file could not be read (then root is undefined). */
  unreadable?: string;
}

/** A service of the merged stack, and every place in the files that defines part of it. */
export interface Service {
  name: string;
  node: YMap;
  definitions: { file: SourceFile; keySpan: Span; node: YMap }[];
  /** Where the service's name is written first: where name findings go. */
  keySpan: Span;
}

export interface TopLevelObject { name: string; node: YMap | undefined; keySpan: Span }

export interface VariableUse { use: VarUse; scalar: YScalar }

export interface Project {
  /** Stack name, and where it came from. */
  name: string;
  nameSource: 'option' | 'name-key' | 'folder';
  projectDir: string;
  stackFiles: string[];
  documents: ManifestDocument[];
  merged: YMap | undefined;
  services: Map<string, Service>;
  networks: Map<string, TopLevelObject>;
  volumes: Map<string, TopLevelObject>;
  secrets: Map<string, TopLevelObject>;
  configs: Map<string, TopLevelObject>;
  dotenv: Dotenv | undefined;
  /** The .env text, for findings that point into it. */
  dotenvSource: SourceFile | undefined;
  variables: VariableUse[];
  findings: Finding[];
  /** How the stack's files were read (the editor's unsaved buffers over the disk): rules read env_file etc. the same way. */
  reader: FileReader;
  /** The projects `include:` pulled in (nested ones too), with the files and `.env` each read. */
  includes: IncludedProject[];
  /** The Mender era the project configuration file says to assume, instead of deciding it from the evidence. */
  menderEra?: EraOverride;
}

/** `menderEra` of the project configuration file: a catalog era id (checked when the file is read) and the file. */
export interface EraOverride { era: string; file: string }

export interface LoadOptions {
  /** The stack's files in merge order. */
  files: string[];
  reader?: FileReader;
  /** The process environment (CI's variables); defaults to none so results do not depend on the caller's shell. */
  env?: Record<string, string | undefined>;
  stackName?: string;
  /** Defaults to the folder of the first file, as compose does. */
  projectDir?: string;
  /** A `.env` to read; defaults to `<projectDir>/.env`; false reads none. */
  envFile?: string | false;
  /** Where content may be read from through a symlink (the workspace folders); defaults to the project folder. */
  roots?: string[];
  menderEra?: EraOverride;
}

export function loadProject(opts: LoadOptions): Project {
  const files = opts.files.map((f) => path.resolve(f));
  const projectDir = path.resolve(opts.projectDir ?? path.dirname(files[0] ?? '.'));
  const reader = stackReader(opts.reader ?? diskReader, opts.roots ?? [projectDir]);
  const findings: Finding[] = [];
  const dotenvRead = readDotenv(opts.envFile === undefined ? path.join(projectDir, '.env') : opts.envFile, reader, findings);
  const dotenv = dotenvRead?.env;
  const vars = varSource(opts.env ?? {}, dotenv);
  const model = loadModel({ files, projectDir, vars, reader, findings, role: 'stack', chain: [], depth: 0, budget: { loads: 0 } });
  const { merged, services } = model;

  let name = opts.stackName;
  let nameSource: Project['nameSource'] = 'option';
  if (!name) {
    const n = str(get(merged, 'name'));
    if (n) { name = n; nameSource = 'name-key'; }
    else { name = folderStackName(projectDir); nameSource = 'folder'; }
  }
  return {
    name, nameSource, projectDir, stackFiles: files,
    documents: uniqueDocuments(model.documents), merged, services,
    networks: topLevel(merged, 'networks'), volumes: topLevel(merged, 'volumes'),
    secrets: topLevel(merged, 'secrets'), configs: topLevel(merged, 'configs'),
    dotenv, dotenvSource: dotenvRead?.source, variables: model.variables, findings, reader,
    includes: model.includes, menderEra: opts.menderEra,
  };
}

/** The project deployed as stack `name` (as loadProject with `stackName` gives it): load once, name it after. */
export function withStackName(p: Project, name: string | undefined): Project {
  return name ? { ...p, name, nameSource: 'option' } : p;
}

/** What one compose project (the stack, or a project it includes) contributes. */
export interface LoadedModel {
  documents: ManifestDocument[];
  merged: YMap | undefined;
  services: Map<string, Service>;
  variables: VariableUse[];
  includes: IncludedProject[];
}

export interface ModelOptions {
  files: string[];
  projectDir: string;
  vars: VarSource;
  reader: FileReader;
  findings: Finding[];
  role: 'stack' | 'include';
  /** Files of the projects that include this one, outermost first: an include of one of them loops. */
  chain: string[];
  /** How many includes deep this project is (the stack is 0). */
  depth: number;
  /** Shared by a whole load: how many included projects were read (a bound on fan-out). */
  budget: { loads: number };
}

/**
 * The files of one project merged in order, each with its `include:` applied first (as compose does, per file:
 * the included projects' resources join the file's own before the next file merges over them).
 */
export function loadModel(o: ModelOptions): LoadedModel {
  const loader = new DocumentLoader(o.reader, o.vars, o.findings,
    o.role === 'include' ? (doc) => rebasePaths(doc, doc.role === 'extends' ? path.dirname(doc.file.path) : o.projectDir) : undefined);
  const docs = o.files.map((f) => loader.load(f, o.role, undefined));
  let merged: YMap | undefined;
  const services = new Map<string, Service>();
  const variables: VariableUse[] = [];
  const documents: ManifestDocument[] = [];
  const includes: IncludedProject[] = [];
  const addService = (name: string, def: Service['definitions'][number]): void => {
    const prev = services.get(name);
    if (prev) prev.definitions.push(def);
    else services.set(name, { name, node: def.node, definitions: [def], keySpan: def.keySpan });
  };
  for (const doc of docs) {
    if (!doc.root) continue;
    let resolved = loader.resolveExtends(doc);
    const svcs = get(doc.root, 'services');
    if (isMap(svcs)) {
      const resolvedSvcs = get(resolved, 'services') as YMap;
      for (const p of svcs.pairs) {
        const node = resolvedSvcs.index.get(p.key)?.value;
        if (isMap(node)) addService(p.key, { file: doc.file, keySpan: p.keySpan, node });
      }
    }
    if (getPair(doc.root, 'include')) {
      const inc = applyIncludes(doc, resolved, { ...o, chain: [...o.chain, ...o.files] }, loadModel);
      resolved = inc.root;
      for (const sub of inc.models) {
        documents.push(...sub.documents);
        variables.push(...sub.variables);
        includes.push(...sub.includes);
      }
      includes.push(...inc.includes);
      for (const s of inc.services) for (const def of s.definitions) addService(s.name, def);
    }
    merged = merged ? mergeMaps(merged, resolved) : resolved;
  }
  const mergedSvcs = get(merged, 'services');
  for (const s of services.values()) {
    const n = get(mergedSvcs, s.name);
    if (isMap(n)) s.node = n;
  }
  return { documents: [...loader.documents(), ...documents], merged, services, variables: [...loader.variables, ...variables], includes };
}

/** A file read by two projects (a file both listed and included) is one document: findings land once. */
function uniqueDocuments(docs: ManifestDocument[]): ManifestDocument[] {
  const seen = new Set<string>();
  return docs.filter((d) => !seen.has(d.file.path) && !!seen.add(d.file.path));
}

/** compose's default project name: the folder's name, lower-cased, with characters it refuses dropped. */
export function folderStackName(dir: string): string {
  return path.basename(dir).toLowerCase().replace(/[^a-z0-9_-]/g, '').replace(/^[_-]+/, '') || 'stack';
}

function topLevel(root: YMap | undefined, key: string): Map<string, TopLevelObject> {
  const out = new Map<string, TopLevelObject>();
  const m = get(root, key);
  if (isMap(m)) for (const p of m.pairs) out.set(p.key, { name: p.key, node: isMap(p.value) ? p.value : undefined, keySpan: p.keySpan });
  return out;
}

export function varSource(env: Record<string, string | undefined>, dotenv: Dotenv | undefined): VarSource {
  return {
    lookup(name) {
      const v = env[name];
      if (v !== undefined) return { value: v, origin: { kind: 'env' } as VarOrigin };
      const d = dotenv?.entries.get(name);
      if (d) return { value: d.value, origin: { kind: 'dotenv', file: dotenv!.path, line: d.line } };
      return undefined;
    },
  };
}

class DocumentLoader {
  private readonly byPath = new Map<string, ManifestDocument>();
  readonly variables: VariableUse[] = [];
  private readonly resolving = new Set<string>();
  private readonly resolvedCache = new Map<string, YMap>();

  constructor(private readonly reader: FileReader, private readonly vars: VarSource, private readonly findings: Finding[],
    /** Called on each document once it is read and interpolated (an included project rebases its relative paths). */
    private readonly onLoad?: (doc: ManifestDocument) => void) {}

  documents(): ManifestDocument[] { return [...this.byPath.values()]; }

  load(file: string, role: ManifestDocument['role'], from: Span | undefined): ManifestDocument {
    const known = this.byPath.get(file);
    if (known) { if (role !== 'extends') known.role = role; return known; }
    const r = this.reader.read(file);
    if ('error' in r) {
      const src = new SourceFile(file, '');
      const doc: ManifestDocument = { file: src, root: undefined, role, unreadable: r.error };
      this.byPath.set(file, doc);
      const code = r.kind === 'too-large' ? 'file-too-large' : 'unreadable-file';
      // An included project's files: the include: entry reports them (include-missing), not the loader.
      if (role !== 'include') this.findings.push({ span: from ?? { file: src, start: 0, end: 0 }, code, severity: 'error', message: `Cannot read ${clip(path.basename(file), 60)}.`, detail: r.error });
      return doc;
    }
    const src = new SourceFile(file, r.text);
    if (r.invalidUtf8) {
      // compose (yaml.v3) refuses the whole file: "yaml: invalid leading UTF-8 octet" / "incomplete UTF-8 octet sequence".
      const at = r.invalidUtf8.offset;
      const b = r.invalidUtf8.byte;
      const why = b < 0xc2 || b > 0xf4 ? 'invalid leading UTF-8 octet' : 'invalid trailing UTF-8 octet';
      this.findings.push({ span: { file: src, start: at, end: Math.min(at + 1, r.text.length) }, code: 'yaml-syntax', severity: 'error',
        message: `YAML syntax: invalid UTF-8 (byte 0x${b.toString(16).padStart(2, '0')}); compose refuses the file.`, detail: `Compose says "yaml: ${why}". Save the file as UTF-8.` });
    }
    const parsed = parseYaml(src);
    for (const f of parsed.findings) this.findings.push(f);
    const doc: ManifestDocument = { file: src, root: parsed.root, role };
    this.byPath.set(file, doc);
    if (doc.root) {
      normalizeServices(doc.root);
      this.interpolateTree(doc.root);
      this.onLoad?.(doc);
    }
    return doc;
  }

  private interpolateTree(root: YNode): void {
    const seen = new Set<YNode>();   // aliases share nodes: interpolate each once (`$$` must not collapse twice)
    const walk = (n: YNode): void => {
      if (seen.has(n)) return;
      seen.add(n);
      if (n.kind === 'map') {
        if (n.fromSeq) this.interpolateKeys(n);
        for (const p of n.pairs) walk(p.value);
      } else if (n.kind === 'seq') for (const i of n.items) walk(i);
      else if (typeof n.value === 'string' && n.value.includes('$')) this.interpolateScalar(n);
    };
    walk(root);
  }

  private interpolateScalar(n: YScalar): void {
    const written = n.value as string;
    const res = interpolate(written, this.vars);
    n.value = res.value;
    n.interpolation = { written, vars: res.vars };
    for (const use of res.vars) this.variables.push({ use, scalar: n });
    for (const e of res.errors) {
      this.findings.push({ span: subSpan(n, e.start, e.end), code: 'invalid-interpolation', severity: 'error', ...shortMessage(e.message) });
    }
  }

  /**
   * A mapping written as a list (`- traefik.http.routers.${NAME}.rule=...`, `- ${NETWORK}`): compose interpolates
   * each whole item before splitting it, so the names are interpolated too, not only the values.
   */
  private interpolateKeys(m: YMap): void {
    if (!m.pairs.some((p) => p.key.includes('$'))) return;
    const pairs = m.pairs.map((p): YPair => {
      if (!p.key.includes('$')) return p;
      const key: YScalar = { kind: 'scalar', value: p.key, span: p.keySpan, style: 'plain' };
      this.interpolateScalar(key);
      return { key: String(key.value), keySpan: p.keySpan, value: p.value };
    });
    m.pairs = [];
    m.index = new Map();
    for (const p of pairs) mapSet(m, p);
  }

  /** The document's root with every service's `extends` resolved (a new mapping; the document is kept as written). */
  resolveExtends(doc: ManifestDocument): YMap {
    const root = doc.root!;
    const svcs = get(root, 'services');
    if (!isMap(svcs)) return root;
    const out = makeMap(svcs.span);
    for (const p of svcs.pairs) {
      const v = isMap(p.value) ? this.resolveService(doc, p.key) ?? p.value : p.value;
      mapSet(out, { key: p.key, keySpan: p.keySpan, value: v });
    }
    const newRoot = makeMap(root.span, [...root.pairs]);
    const sp = root.index.get('services')!;
    mapSet(newRoot, { key: 'services', keySpan: sp.keySpan, value: out });
    return newRoot;
  }

  private resolveService(doc: ManifestDocument, name: string): YMap | undefined {
    const id = `${doc.file.path}#${name}`;
    const cached = this.resolvedCache.get(id);
    if (cached) return cached;
    const svc = get(get(doc.root, 'services'), name);
    if (!isMap(svc)) return undefined;
    const ext = getPair(svc, 'extends');
    if (!ext) return svc;
    if (this.resolving.has(id)) {
      this.findings.push({ span: ext.keySpan, code: 'extends-cycle', severity: 'error', message: `extends of service "${clip(name)}" loops back to itself.` });
      return undefined;
    }
    let baseName: string | undefined; let baseFile: string | undefined; let fileSpan = ext.value.span;
    if (isScalar(ext.value)) baseName = str(ext.value);
    else if (isMap(ext.value)) {
      baseName = str(get(ext.value, 'service'));
      const f = get(ext.value, 'file');
      if (f) { baseFile = str(f); fileSpan = f.span; }
    }
    if (!baseName) return without(svc, 'extends');   // malformed: the schema rule says what is wrong
    let baseDoc = doc;
    if (baseFile) {
      baseDoc = this.load(path.resolve(path.dirname(doc.file.path), baseFile), 'extends', fileSpan);
      if (!baseDoc.root) return without(svc, 'extends');
    }
    if (!isMap(get(get(baseDoc.root, 'services'), baseName))) {
      const where = baseFile ? ` in ${baseFile}` : '';
      this.findings.push({ span: ext.value.span, code: 'extends-missing', severity: 'error',
        message: `Service "${clip(name)}" extends "${clip(baseName)}", but there is no such service${baseFile ? ` in ${clip(path.basename(baseFile))}` : ''}.`,
        ...(where ? { detail: `Looked for it${where}.` } : {}) });
      return without(svc, 'extends');
    }
    this.resolving.add(id);
    const base = this.resolveService(baseDoc, baseName);
    this.resolving.delete(id);
    const result = base ? mergeMaps(base, without(svc, 'extends')) : without(svc, 'extends');
    this.resolvedCache.set(id, result);
    return result;
  }
}

function without(m: YMap, key: string): YMap {
  return makeMap(m.span, m.pairs.filter((p) => p.key !== key));
}

