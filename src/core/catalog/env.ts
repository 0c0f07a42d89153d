import * as path from 'path';
import { get, isSeq, str } from '../model/node';
import type { Project, Service } from '../manifest/project';
import { parseDotenv } from '../manifest/dotenv';
import type { FileReader } from '../manifest/files';
import { EnvEntry, envEntries } from '../stack/hosts';

/** What a service's environment says about one variable. */
export interface EnvValue {
  /** Value after interpolation; null when taken from the caller's environment at run time (`- NAME`). */
  value: string | null;
  /** The entry in `environment:` (absent when the value comes from an env_file). */
  entry?: EnvEntry;
  envFile?: string;
  /** The value went through `${...}` with an unset variable: its real value is unknown here. */
  uncertain: boolean;
}

export interface ServiceEnv {
  vars: Map<string, EnvValue>;
  /** env_file files that could not be read: any variable may be set there. */
  unreadEnvFiles: string[];
}

const cache = new WeakMap<Project, Map<string, ServiceEnv>>();

/**
 * The service's environment as the container sees it: `env_file` entries, overridden by `environment:`.
 * env_file is read the way the stack was (the editor's unsaved buffers over the disk).
 */
export function serviceEnv(project: Project, svc: Service, reader: FileReader = project.reader): ServiceEnv {
  let per = cache.get(project);
  if (!per) cache.set(project, (per = new Map<string, ServiceEnv>()));
  const hit = per.get(svc.name);
  if (hit) return hit;
  const vars = new Map<string, EnvValue>();
  const unreadEnvFiles: string[] = [];
  const ef = get(svc.node, 'env_file');
  const files = isSeq(ef) ? ef.items.map((i) => str(i) ?? str(get(i, 'path'))) : [str(ef) ?? str(get(ef, 'path'))];
  for (const f of files) {
    if (!f) continue;
    const abs = path.resolve(project.projectDir, f);
    const r = reader.read(abs);
    if ('error' in r) {
      unreadEnvFiles.push(f);
      continue;
    }
    for (const e of parseDotenv(abs, r.text).entries.values()) vars.set(e.name, { value: e.value, envFile: f, uncertain: e.value.includes('$') });
  }
  for (const e of envEntries(svc)) {
    const uncertain = !!e.node?.interpolation?.vars.some((v) => v.origin.kind === 'unset');
    vars.set(e.name, { value: e.value, entry: e, uncertain });
  }
  const result = { vars, unreadEnvFiles };
  per.set(svc.name, result);
  return result;
}
