import * as path from 'path';
import { SEVERITIES, type Severity } from '../diagnostic';
import { parseImageMapping, type ImageMapping } from '../deploy/units';
import { menderCatalog } from '../catalog/load';
import type { RuleSettings } from '../lint';
import type { EraOverride } from '../manifest/project';
import { diskReader, type FileReader } from '../manifest/files';

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
  /** What was wrong in it, each naming the file and the key; the entries in error are left out. */
  errors: string[];
}

const LEVELS = new Set<string>([...SEVERITIES, 'off']);
const KEYS = new Set(['$schema', 'rules', 'stackFiles', 'stackName', 'imageMap', 'menderEra']);

/** The nearest configuration file at or above `dir`, or undefined when there is none. */
export function findProjectConfig(dir: string, reader: FileReader = diskReader): ProjectConfig | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    for (const name of CONFIG_NAMES) {
      const file = path.join(d, name);
      const t = reader.read(file);
      if ('text' in t) return parseProjectConfig(file, t.text);
      if (!/no such file|is a directory/.test(t.error)) return { file, rules: {}, stackFiles: new Map(), imageMap: [], errors: [t.error] };
    }
    if (path.dirname(d) === d) return undefined;
  }
}

/** The configuration of the stack whose first file is `file` (the CLI finds it from the files it is given). */
export function projectConfigFor(files: readonly string[], reader: FileReader = diskReader): ProjectConfig | undefined {
  return files.length ? findProjectConfig(path.dirname(path.resolve(files[0])), reader) : undefined;
}

export function parseProjectConfig(file: string, text: string): ProjectConfig {
  const out: ProjectConfig = { file, rules: {}, stackFiles: new Map(), imageMap: [], errors: [] };
  const err = (key: string, msg: string): void => { out.errors.push(`${file}: ${key}: ${msg}`); };
  let raw: unknown;
  try {
    // The `yaml` library only for a YAML file: most projects have none, and the CLI's start-up pays for loading it.
    raw = file.endsWith('.json') ? JSON.parse(text) : (require('yaml') as typeof import('yaml')).parse(text);
  } catch (e) {
    out.errors.push(`${file}: not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`);
    return out;
  }
  if (raw === null || raw === undefined) return out;   // an empty file says nothing
  if (!isRecord(raw)) { out.errors.push(`${file}: must be a mapping of settings (rules, stackFiles, stackName, imageMap, menderEra)`); return out; }
  for (const k of Object.keys(raw)) if (!KEYS.has(k)) err(k, `unknown key (known: ${[...KEYS].filter((x) => x !== '$schema').join(', ')})`);

  if (raw.rules !== undefined) {
    if (!isRecord(raw.rules)) err('rules', 'must map diagnostic codes to error, warning, info, hint or off');
    else for (const [code, level] of Object.entries(raw.rules)) {
      if (typeof level === 'string' && LEVELS.has(level)) out.rules[code] = level as Severity | 'off';
      else err(`rules.${code}`, `"${String(level)}" is not error, warning, info, hint or off`);
    }
  }
  if (raw.stackFiles !== undefined) {
    if (!isRecord(raw.stackFiles)) err('stackFiles', 'must map a stack label to its files in merge order');
    else for (const [label, files] of Object.entries(raw.stackFiles)) {
      if (Array.isArray(files) && files.length && files.every((f): f is string => typeof f === 'string' && f !== '')) {
        out.stackFiles.set(label, files.map((f) => path.resolve(path.dirname(file), f)));
      } else err(`stackFiles.${label}`, 'must be a non-empty list of file paths');
    }
  }
  if (raw.stackName !== undefined) {
    if (typeof raw.stackName === 'string' && raw.stackName.trim()) out.stackName = raw.stackName.trim();
    else err('stackName', 'must be a non-empty string');
  }
  if (raw.imageMap !== undefined) {
    if (!isRecord(raw.imageMap)) err('imageMap', 'must map an image glob to its replacement ("mendersoftware/*": "registry.local/mender/*")');
    else for (const [from, to] of Object.entries(raw.imageMap)) {
      const m = typeof to === 'string' ? parseImageMapping(`${from}=${to}`) : { error: 'the replacement must be a string' };
      if ('error' in m) err(`imageMap.${from}`, m.error);
      else out.imageMap.push(m);
    }
  }
  if (raw.menderEra !== undefined) {
    const ids = menderCatalog().eras.map((e) => e.id);
    if (typeof raw.menderEra === 'string' && ids.includes(raw.menderEra.trim())) out.menderEra = raw.menderEra.trim();
    else err('menderEra', `${JSON.stringify(raw.menderEra)} is not a Mender era of the catalog (known: ${ids.join(', ')})`);
  }
  return out;
}

/** The configuration's era override, as the loaders take it (with the file, for hovers and messages). */
export function eraOverrideOf(config: ProjectConfig | undefined): EraOverride | undefined {
  return config?.menderEra ? { era: config.menderEra, file: config.file } : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
