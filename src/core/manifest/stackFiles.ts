import * as path from 'path';
import { get, isMap, isScalar, isSeq, str, YNode } from '../model/node';
import { parseYaml } from '../model/parse';
import { SourceFile } from '../model/source';
import { parseDotenv } from './dotenv';
import { fileExists, FileReader } from './files';

export interface StackFileSet {
  files: string[];
  /** Why this set: shown to the user so a surprising merge is explainable. */
  reason: 'COMPOSE_FILE' | 'override' | 'single' | 'setting' | 'include';
  /** Files of compose's names found beside the chosen ones and left out, as compose leaves them (it warns). */
  passedOver?: string[];
}

/**
 * Which files form the stack a file belongs to, by compose's conventions:
 * `COMPOSE_FILE` in the folder's `.env` (or the environment) when it names this file, else
 * `compose.yaml`/`docker-compose.yml` with its `*.override.*` sibling, else the file alone.
 */
export function stackFilesFor(file: string, reader: FileReader, env: Record<string, string | undefined> = {}): StackFileSet {
  const own = ownStackFiles(file, reader, env);
  if (own.reason !== 'single') return own;
  // A file no set names may be pulled in by a compose file's `include:` (mender-server's compose/*.yml): it is
  // linted as part of that stack, with its variables and its neighbours, rather than alone.
  const includer = includingFile(own.files[0], reader);
  return includer ? { files: ownStackFiles(includer, reader, env).files, reason: 'include' } : own;
}

/**
 * The stack `docker compose` finds with no `-f` in a folder: `COMPOSE_FILE` (the environment, else the folder's
 * `.env`), else the first of its file names in the folder or the nearest folder above that has one, with the first
 * override file beside it. Undefined when there is none.
 */
export function defaultStackFiles(dir: string, reader: FileReader, env: Record<string, string | undefined> = {}): StackFileSet | undefined {
  const start = path.resolve(dir);
  const listed = composeFileList(start, reader, env);
  if (listed) return { files: listed, reason: 'COMPOSE_FILE' };
  for (let d = start; ; d = path.dirname(d)) {
    const [main, ...otherMains] = allIn(d, COMPOSE_FILE_NAMES, reader);
    if (main) {
      const [override, ...otherOverrides] = allIn(d, OVERRIDE_NAMES, reader);
      const passedOver = [...otherMains, ...otherOverrides];
      const set: StackFileSet = override ? { files: [main, override], reason: 'override' } : { files: [main], reason: 'single' };
      return passedOver.length ? { ...set, passedOver } : set;
    }
    if (path.dirname(d) === d) return undefined;
  }
}

/** `COMPOSE_FILE` split and resolved from `dir`: the environment's, else the one in the folder's `.env`. */
function composeFileList(dir: string, reader: FileReader, env: Record<string, string | undefined>): string[] | undefined {
  const dot = reader.read(path.join(dir, '.env'));
  const dotVars = 'text' in dot ? parseDotenv(path.join(dir, '.env'), dot.text).entries : undefined;
  const composeFile = env.COMPOSE_FILE ?? dotVars?.get('COMPOSE_FILE')?.value;
  if (!composeFile) return undefined;
  const sep = env.COMPOSE_PATH_SEPARATOR ?? dotVars?.get('COMPOSE_PATH_SEPARATOR')?.value ?? (process.platform === 'win32' ? ';' : ':');
  const files = composeFile
    .split(sep)
    .map((f) => f.trim())
    .filter(Boolean)
    .map((f) => path.resolve(dir, f));
  return files.length ? files : undefined;
}

function ownStackFiles(file: string, reader: FileReader, env: Record<string, string | undefined>): StackFileSet {
  const abs = path.resolve(file);
  const dir = path.dirname(abs);
  const files = composeFileList(dir, reader, env);
  if (files?.includes(abs)) return { files, reason: 'COMPOSE_FILE' };
  // Compose pairs the first of its file names with the first of its override names found beside it, whatever the stems.
  const base = path.basename(abs);
  const isMain = COMPOSE_FILE_NAMES.includes(base);
  if (isMain || OVERRIDE_NAMES.includes(base)) {
    const main = isMain ? abs : firstIn(dir, COMPOSE_FILE_NAMES, reader);
    const override = isMain ? firstIn(dir, OVERRIDE_NAMES, reader) : abs;
    if (main && override) return { files: [main, override], reason: 'override' };
  }
  return { files: [abs], reason: 'single' };
}

/** Compose's own file names, in its order of preference (compose-go's DefaultFileNames and DefaultOverrideFileNames). */
export const COMPOSE_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
const OVERRIDE_NAMES = ['compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];

/** The first of `names` that is a file in `dir`. */
function firstIn(dir: string, names: readonly string[], reader: FileReader): string | undefined {
  return names.map((n) => path.join(dir, n)).find((f) => 'ok' in fileExists(reader, f));
}

/** Those of `names` that are files in `dir`, in the order of `names`. */
function allIn(dir: string, names: readonly string[], reader: FileReader): string[] {
  return names.map((n) => path.join(dir, n)).filter((f) => 'ok' in fileExists(reader, f));
}

/** The compose file (in the file's folder or up to two folders above) whose `include:` names the file, if any. */
function includingFile(abs: string, reader: FileReader): string | undefined {
  let dir = path.dirname(abs);
  for (let level = 0; level < 3; level++, dir = path.dirname(dir)) {
    for (const name of COMPOSE_FILE_NAMES) {
      const candidate = path.join(dir, name);
      if (candidate === abs) continue;
      const r = reader.read(candidate);
      // Cheap test first: only a file that mentions include and the file's name is parsed.
      if ('error' in r || !r.text.includes('include') || !r.text.includes(path.basename(abs))) continue;
      const root = parseYaml(new SourceFile(candidate, r.text)).root;
      const entries = get(root, 'include');
      for (const e of isSeq(entries) ? entries.items : []) {
        const p: YNode | undefined = isMap(e) ? get(e, 'path') : e;
        const paths = isSeq(p) ? p.items.map(str) : isScalar(p) ? [str(p)] : [];
        if (paths.some((f) => f && path.resolve(dir, f) === abs)) return candidate;
      }
    }
    if (path.dirname(dir) === dir) break;
  }
  return undefined;
}
