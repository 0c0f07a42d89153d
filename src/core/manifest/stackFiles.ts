import * as path from 'path';
import { parseDotenv } from './dotenv';
import { fileExists, FileReader } from './files';

export interface StackFileSet {
  files: string[];
  /** Why this set: shown to the user so a surprising merge is explainable. */
  reason: 'COMPOSE_FILE' | 'override' | 'single' | 'setting';
}

/**
 * Which files form the stack a file belongs to, by compose's conventions:
 * `COMPOSE_FILE` in the folder's `.env` (or the environment) when it names this file, else
 * `compose.yaml`/`docker-compose.yml` with its `*.override.*` sibling, else the file alone.
 */
export function stackFilesFor(file: string, reader: FileReader, env: Record<string, string | undefined> = {}): StackFileSet {
  const abs = path.resolve(file);
  const dir = path.dirname(abs);
  const dot = reader.read(path.join(dir, '.env'));
  const dotVars = 'text' in dot ? parseDotenv(path.join(dir, '.env'), dot.text).entries : undefined;
  const composeFile = env.COMPOSE_FILE ?? dotVars?.get('COMPOSE_FILE')?.value;
  if (composeFile) {
    const sep = env.COMPOSE_PATH_SEPARATOR ?? dotVars?.get('COMPOSE_PATH_SEPARATOR')?.value ?? (process.platform === 'win32' ? ';' : ':');
    const files = composeFile.split(sep).map((f) => f.trim()).filter(Boolean).map((f) => path.resolve(dir, f));
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
