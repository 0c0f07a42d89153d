import * as path from 'path';
import type { Node as YamlNode } from 'yaml';
import { SEVERITIES, type Severity } from '../diagnostic';
import { parseImageMapping, type ImageMapping } from '../deploy/units';
import { menderCatalog } from '../catalog/load';
import type { RuleSettings } from '../lint';
import type { EraOverride } from '../manifest/project';
import { diskReader, type FileReader } from '../manifest/files';
import { SourceFile, type Range } from '../model/source';
import { targetProblem, type Target } from './targets';

/**
 * The project configuration file, read by the extension and the CLI alike: `mender-swarm.config.json` (or
 * `.yaml`/`.yml`) in the stack's folder or any folder above it, the nearest one winning. It says what the
 * `menderSwarm.*` settings say (rule severities, stack files, stack name, image map), so CI lints and gates a
 * deploy exactly as the editor does; where both speak, the file wins in the editor.
 * Its JSON schema is schemas/mender-swarm.config.schema.json (contributed to VS Code for completion).
 */
export const CONFIG_NAMES = ['mender-swarm.config.json', 'mender-swarm.config.yaml', 'mender-swarm.config.yml'] as const;

export interface ProjectConfig {
  /** The file it was read from. */
  file: string;
  rules: RuleSettings;
  /** label -> files in merge order, absolute (relative ones are resolved against the config file's folder). */
  stackFiles: Map<string, string[]>;
  stackName?: string;
  imageMap: ImageMapping[];
  /** A Mender era (catalog id) to assume instead of deciding it from the evidence. */
  menderEra?: string;
  /** Where the stack runs (`targets`: swarm, and kubernetes when named); undefined when the file does not say. */
  targets?: Target[];
  /** What was wrong in it, each at its place in the file; the entries in error are left out (the rest applies). */
  problems: ConfigProblem[];
}

/** The code of a configuration file mistake shown in the editor (README: "The project configuration file"). */
export const CONFIG_PROBLEM_CODE = 'project-config';

/** A mistake in the configuration file: the editor shows `message` at `range`, the CLI prints configProblemText. */
export interface ConfigProblem {
  file: string;
  range: Range;
  /** Names the key, e.g. `rules.a: "loud" is not error, warning, info, hint or off`. */
  message: string;
}

/** `file:line:column: message`, the file relative to `cwd` when given (as the CLI prints lint findings). */
export function configProblemText(p: ConfigProblem, cwd?: string): string {
  const file = cwd ? path.relative(cwd, p.file) || p.file : p.file;
  return `${file}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.message}`;
}

const LEVELS = new Set<string>([...SEVERITIES, 'off']);
const KEYS = new Set(['$schema', 'rules', 'stackFiles', 'stackName', 'imageMap', 'menderEra', 'targets']);

/** The nearest configuration file at or above `dir`, or undefined when there is none. */
export function findProjectConfig(dir: string, reader: FileReader = diskReader): ProjectConfig | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    for (const name of CONFIG_NAMES) {
      const file = path.join(d, name);
      // Most folders hold none of the names: a stat says so without the exception a failed open throws (a stack
      // trace each, for every name in every folder up to the root), so only what is there is read.
      if (reader.exists) {
        const st = reader.exists(file);
        if ('error' in st && st.kind === 'missing') continue;
      }
      const t = reader.read(file);
      if ('text' in t) return parseProjectConfig(file, t.text);
      if (!/no such file|is a directory/.test(t.error)) return { ...emptyConfig(file), problems: [{ file, range: START, message: t.error }] };
    }
    if (path.dirname(d) === d) return undefined;
  }
}

/** The configuration of the stack whose first file is `file` (the CLI finds it from the files it is given). */
export function projectConfigFor(files: readonly string[], reader: FileReader = diskReader): ProjectConfig | undefined {
  return files.length ? findProjectConfig(path.dirname(path.resolve(files[0])), reader) : undefined;
}

const START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function emptyConfig(file: string): ProjectConfig {
  return { file, rules: {}, stackFiles: new Map(), imageMap: [], problems: [] };
}

/** Where a key path is in the parsed document: the key itself, or its value. */
type Place = (keys: readonly string[], part?: 'key' | 'value') => Range;

/**
 * The file's settings, each mistake with its place. JSON is checked by JSON.parse (YAML would accept what JSON
 * does not, such as a trailing comma) and located through the YAML parser, which reads JSON too and keeps offsets.
 */
export function parseProjectConfig(file: string, text: string): ProjectConfig {
  const out = emptyConfig(file);
  const src = new SourceFile(file, text);
  const at = (offset: number, end = offset): Range => src.rangeOf({ start: Math.min(offset, text.length), end: Math.min(end, text.length) });
  const json = file.endsWith('.json');
  // The `yaml` library only when a config file exists: most projects have none, and the CLI's start-up pays for loading it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous lazy load (import() would make the reader async)
  const { isMap, isScalar, isSeq, parseDocument } = require('yaml') as typeof import('yaml');
  const doc = parseDocument(text, { uniqueKeys: !json, prettyErrors: false });
  let raw: unknown;
  if (json) {
    try {
      raw = JSON.parse(text);
    } catch (e) {
      const message = (e as Error).message.split('\n')[0];
      const pos = /at position (\d+)/.exec(message);
      const offset = pos ? Number(pos[1]) : (doc.errors[0]?.pos[0] ?? 0);
      out.problems.push({ file, range: at(offset, offset + 1), message: `not valid JSON: ${message.replace(/ in JSON at position \d.*$/, '')}` });
      return out;
    }
  } else {
    const e = doc.errors[0];
    if (e) {
      out.problems.push({ file, range: at(e.pos[0], Math.max(e.pos[1], e.pos[0] + 1)), message: `not valid YAML: ${e.message.split('\n')[0]}` });
      return out;
    }
    raw = doc.toJS();
  }
  const place: Place = (keys, part = 'value') => {
    let node: unknown = doc.contents;
    let range: Range = START;
    for (const k of keys) {
      if (isSeq(node)) {
        // a list's item, by its index
        const item = node.items[Number(k)] as YamlNode | undefined;
        if (item?.range) range = at(item.range[0], item.range[1]);
        node = item;
        continue;
      }
      const pair = isMap(node) ? node.items.find((p) => isScalar(p.key) && String(p.key.value) === k) : undefined;
      if (!pair) break;
      const target = (part === 'key' && k === keys[keys.length - 1] ? pair.key : (pair.value ?? pair.key)) as YamlNode | null;
      if (target?.range) range = at(target.range[0], target.range[1]);
      node = pair.value;
    }
    return range;
  };
  readSettings(out, raw, place);
  return out;
}

/** Checks each key of the parsed file; what is valid goes into `out`, each mistake into out.problems at its place. */
function readSettings(out: ProjectConfig, raw: unknown, place: Place): void {
  const { file } = out;
  const err = (keys: string[], msg: string, part: 'key' | 'value' = 'value'): void => {
    out.problems.push({ file, range: place(keys, part), message: `${keys.join('.')}: ${msg}` });
  };
  if (raw === null || raw === undefined) return; // an empty file says nothing
  if (!isRecord(raw)) {
    out.problems.push({ file, range: place([]), message: 'must be a mapping of settings (rules, stackFiles, stackName, imageMap, menderEra, targets)' });
    return;
  }
  for (const k of Object.keys(raw)) if (!KEYS.has(k)) err([k], `unknown key (known: ${[...KEYS].filter((x) => x !== '$schema').join(', ')})`, 'key');

  if (raw.rules !== undefined) {
    if (!isRecord(raw.rules)) err(['rules'], 'must map diagnostic codes to error, warning, info, hint or off');
    else
      for (const [code, level] of Object.entries(raw.rules)) {
        if (typeof level === 'string' && LEVELS.has(level)) out.rules[code] = level as Severity | 'off';
        else err(['rules', code], `"${String(level)}" is not error, warning, info, hint or off`);
      }
  }
  if (raw.stackFiles !== undefined) {
    if (!isRecord(raw.stackFiles)) err(['stackFiles'], 'must map a stack label to its files in merge order');
    else
      for (const [label, files] of Object.entries(raw.stackFiles)) {
        if (Array.isArray(files) && files.length && files.every((f): f is string => typeof f === 'string' && f !== '')) {
          out.stackFiles.set(
            label,
            files.map((f) => path.resolve(path.dirname(file), f)),
          );
        } else err(['stackFiles', label], 'must be a non-empty list of file paths');
      }
  }
  if (raw.stackName !== undefined) {
    if (typeof raw.stackName === 'string' && raw.stackName.trim()) out.stackName = raw.stackName.trim();
    else err(['stackName'], 'must be a non-empty string');
  }
  if (raw.imageMap !== undefined) {
    if (!isRecord(raw.imageMap)) err(['imageMap'], 'must map an image glob to its replacement ("mendersoftware/*": "registry.local/mender/*")');
    else
      for (const [from, to] of Object.entries(raw.imageMap)) {
        const m = typeof to === 'string' ? parseImageMapping(`${from}=${to}`) : { error: 'the replacement must be a string' };
        if ('error' in m) err(['imageMap', from], m.error);
        else out.imageMap.push(m);
      }
  }
  if (raw.menderEra !== undefined) {
    const ids = menderCatalog().eras.map((e) => e.id);
    if (typeof raw.menderEra === 'string' && ids.includes(raw.menderEra.trim())) out.menderEra = raw.menderEra.trim();
    else err(['menderEra'], `${JSON.stringify(raw.menderEra)} is not a Mender era of the catalog (known: ${ids.join(', ')})`);
  }
  if (raw.targets !== undefined) {
    if (!Array.isArray(raw.targets) || !raw.targets.length) err(['targets'], 'must be a non-empty list of targets (swarm, kubernetes)');
    else {
      const targets: Target[] = [];
      raw.targets.forEach((t: unknown, i) => {
        const why = targetProblem(t);
        if (why) err(['targets', String(i)], why);
        else if (!targets.includes(t as Target)) targets.push(t as Target);
      });
      out.targets = targets;
    }
  }
}

/** The configuration's era override, as the loaders take it (with the file, for hovers and messages). */
export function eraOverrideOf(config: ProjectConfig | undefined): EraOverride | undefined {
  return config?.menderEra ? { era: config.menderEra, file: config.file } : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
