// Docker contexts for the "Switch Docker context" picker: the same store the docker CLI reads
// ($DOCKER_CONFIG or ~/.docker: contexts/meta/<sha256>/meta.json). Reading names and hosts is all the picker
// needs; resolving a context into a connection stays in src/docker/connection.ts.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface DockerContextEntry {
  name: string;
  host?: string;
  description?: string;
}

export function dockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_CONFIG?.trim() ? env.DOCKER_CONFIG : path.join(os.homedir(), '.docker');
}

/** The built-in "default" context first, then the stored ones by name. Unreadable entries are skipped. */
export function listDockerContexts(env: NodeJS.ProcessEnv = process.env): DockerContextEntry[] {
  const out: DockerContextEntry[] = [{ name: 'default', host: env.DOCKER_HOST || undefined, description: 'DOCKER_HOST or the default socket' }];
  const metaDir = path.join(dockerConfigDir(env), 'contexts', 'meta');
  let dirs: string[] = [];
  try {
    dirs = fs.readdirSync(metaDir);
  } catch {
    return out;
  }
  const stored: DockerContextEntry[] = [];
  for (const d of dirs) {
    try {
      const meta = JSON.parse(fs.readFileSync(path.join(metaDir, d, 'meta.json'), 'utf8')) as {
        Name?: string;
        Metadata?: { Description?: string };
        Endpoints?: { docker?: { Host?: string } };
      };
      if (meta.Name) stored.push({ name: meta.Name, host: meta.Endpoints?.docker?.Host, description: meta.Metadata?.Description });
    } catch {
      /* a broken context must not hide the others */
    }
  }
  return [...out, ...stored.sort((a, b) => a.name.localeCompare(b.name))];
}

/** The CLI's current context: DOCKER_CONTEXT, else currentContext in config.json, else "default". */
export function currentDockerContext(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DOCKER_CONTEXT?.trim()) return env.DOCKER_CONTEXT.trim();
  try {
    const cfg = JSON.parse(fs.readFileSync(path.join(dockerConfigDir(env), 'config.json'), 'utf8')) as { currentContext?: string };
    return cfg.currentContext?.trim() || 'default';
  } catch {
    return 'default';
  }
}
