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

function ownStackFiles(file: string, reader: FileReader, env: Record<string, string | undefined>): StackFileSet {
  const abs = path.resolve(file);
  const dir = path.dirname(abs);
  const dot = reader.read(path.join(dir, '.env'));
  const dotVars = 'text' in dot ? parseDotenv(path.join(dir, '.env'), dot.text).entries : undefined;
  const composeFile = env.COMPOSE_FILE ?? dotVars?.get('COMPOSE_FILE')?.value;
  if (composeFile) {
    const sep = env.COMPOSE_PATH_SEPARATOR ?? dotVars?.get('COMPOSE_PATH_SEPARATOR')?.value ?? (process.platform === 'win32' ? ';' : ':');
    const files = composeFile
      .split(sep)
      .map((f) => f.trim())
      .filter(Boolean)
      .map((f) => path.resolve(dir, f));
    if (files.includes(abs)) return { files, reason: 'COMPOSE_FILE' };
  }
  const base = path.basename(abs);
  const m = /^(docker-compose|compose)\.(ya?ml)$/.exec(base);
  const o = /^(docker-compose|compose)\.override\.(ya?ml)$/.exec(base);
  if (m || o) {
    const stem = (m ?? o)![1];
    const mains = [`${stem}.yml`, `${stem}.yaml`].map((n) => path.join(dir, n));
    const overrides = [`${stem}.override.yml`, `${stem}.override.yaml`].map((n) => path.join(dir, n));
    const main = m ? abs : mains.find((f) => 'ok' in fileExists(reader, f));
    const override = o ? abs : overrides.find((f) => 'ok' in fileExists(reader, f));
    if (main && override) return { files: [main, override], reason: 'override' };
  }
  return { files: [abs], reason: 'single' };
}

const COMPOSE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];

/** The compose file (in the file's folder or up to two folders above) whose `include:` names the file, if any. */
function includingFile(abs: string, reader: FileReader): string | undefined {
  let dir = path.dirname(abs);
  for (let level = 0; level < 3; level++, dir = path.dirname(dir)) {
    for (const name of COMPOSE_NAMES) {
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
