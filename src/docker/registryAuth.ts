// Registry credentials from the Docker config (~/.docker/config.json or $DOCKER_CONFIG), as the CLI's
// --with-registry-auth sends them, so nodes can pull private images. Missing config = no auth, silently.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface RegistryAuth {
  username?: string;
  password?: string;
  serveraddress: string;
  identitytoken?: string;
}

const DOCKER_HUB = 'https://index.docker.io/v1/';

/** The registry of an image reference, as the daemon sees it ("docker.io" for library and user images). */
export function registryOf(image: string): string {
  const first = image.split('/')[0];
  if (image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost')) return first;
  return 'docker.io';
}

interface DockerConfig {
  auths?: Record<string, { auth?: string; identitytoken?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

export function loadRegistryAuth(image: string, env: NodeJS.ProcessEnv = process.env): RegistryAuth | undefined {
  const dir = env.DOCKER_CONFIG ?? path.join(os.homedir(), '.docker');
  let cfg: DockerConfig;
  try {
    cfg = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as DockerConfig;
  } catch {
    return undefined;
  }
  const reg = registryOf(image);
  const keys =
    reg === 'docker.io'
      ? [DOCKER_HUB, 'docker.io', 'index.docker.io', 'https://index.docker.io/v1']
      : [reg, `https://${reg}`, `http://${reg}`, `https://${reg}/v1/`];
  const server = reg === 'docker.io' ? DOCKER_HUB : reg;
  const helper = cfg.credHelpers?.[reg] ?? cfg.credsStore;
  if (helper) {
    try {
      // The credential helper protocol: server on stdin, {Username, Secret} on stdout.
      const out = execFileSync(`docker-credential-${helper}`, ['get'], { input: server, timeout: 5000, stdio: ['pipe', 'pipe', 'ignore'] }).toString();
      const c = JSON.parse(out) as { Username?: string; Secret?: string };
      if (c.Username === '<token>') return { serveraddress: server, identitytoken: c.Secret };
      if (c.Username || c.Secret) return { username: c.Username, password: c.Secret, serveraddress: server };
    } catch {
      /* no helper or no entry: fall back to auths */
    }
  }
  for (const k of keys) {
    const a = cfg.auths?.[k];
    if (!a) continue;
    if (a.identitytoken) return { serveraddress: server, identitytoken: a.identitytoken };
    if (a.auth) {
      const dec = Buffer.from(a.auth, 'base64').toString('utf8');
      const i = dec.indexOf(':');
      if (i > 0) return { username: dec.slice(0, i), password: dec.slice(i + 1), serveraddress: server };
    }
  }
  return undefined;
}
