import * as path from 'path';
import type { Finding } from '../diagnostic';
import { get, getPair, isMap, str, VarOrigin, VarUse, YMap, YScalar } from '../model/node';
import { SourceFile, Span } from '../model/source';
import { Dotenv, readDotenv } from './dotenv';
import { diskReader, FileReader, stackReader } from './files';
import { applyIncludes, IncludedProject, rebasePaths } from './include';
import type { VarSource } from './interpolate';
import { mergeMaps } from './merge';
import type { Target } from '../config/targets';
import { DocumentLoader } from './documentLoader';

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

export interface TopLevelObject {
  name: string;
  node: YMap | undefined;
  keySpan: Span;
}

export interface VariableUse {
  use: VarUse;
  scalar: YScalar;
}

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
  /** Where the stack runs (the configuration file's `targets`, lint --target); undefined: swarm only. */
  targets?: readonly Target[];
}

/** `menderEra` of the project configuration file: a catalog era id (checked when the file is read) and the file. */
export interface EraOverride {
  era: string;
  file: string;
}

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
  targets?: readonly Target[];
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
    if (n) {
      name = n;
      nameSource = 'name-key';
    } else {
      name = folderStackName(projectDir);
      nameSource = 'folder';
    }
  }
  return {
    name,
    nameSource,
    projectDir,
    stackFiles: files,
    documents: uniqueDocuments(model.documents),
    merged,
    services,
    networks: topLevel(merged, 'networks'),
    volumes: topLevel(merged, 'volumes'),
    secrets: topLevel(merged, 'secrets'),
    configs: topLevel(merged, 'configs'),
    dotenv,
    dotenvSource: dotenvRead?.source,
    variables: model.variables,
    findings,
    reader,
    includes: model.includes,
    menderEra: opts.menderEra,
    targets: opts.targets,
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
  const loader = new DocumentLoader(
    o.reader,
    o.vars,
    o.findings,
    o.role === 'include' ? (doc) => rebasePaths(doc, doc.role === 'extends' ? path.dirname(doc.file.path) : o.projectDir) : undefined,
  );
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
  return (
    path
      .basename(dir)
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, '')
      .replace(/^[_-]+/, '') || 'stack'
  );
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
