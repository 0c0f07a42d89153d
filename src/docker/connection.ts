// Which Docker engine to talk to, resolved like the docker CLI does:
//   1. explicit host or context (extension setting / CLI option)
//   2. DOCKER_HOST (+ DOCKER_TLS_VERIFY / DOCKER_TLS / DOCKER_CERT_PATH for tcp://)
//   3. DOCKER_CONTEXT, else `currentContext` in $DOCKER_CONFIG/config.json (default ~/.docker)
//   4. the default socket
// Pure: environment, home dir and file reads are injected so every branch is unit-testable. The result says
// where the choice came from, for the status bar and for error messages ("... (from DOCKER_HOST)").
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import type Dockerode from 'dockerode';
import { ConnectionConfigError } from './errors';
import { HostKeyCheck, knownHostsFiles } from './knownHosts';

export type EngineKind = 'unix' | 'npipe' | 'tcp' | 'ssh';
export type EngineSource = 'setting' | 'DOCKER_HOST' | 'DOCKER_CONTEXT' | 'config-context' | 'default';

export interface EngineDescription {
  kind: EngineKind;
  /** Normalised address: `unix:///var/run/docker.sock`, `tcp://host:2376`, `ssh://user@host:22`. */
  host: string;
  /** Short text for the status bar: the context name when a context was used, else the address. */
  label: string;
  source: EngineSource;
  /** Human wording of `source`, e.g. `context "prod" (DOCKER_CONTEXT)`. */
  sourceDetail: string;
  context?: string;
  tls: boolean;
  tlsVerify: boolean;
}

export interface EngineConnection {
  description: EngineDescription;
  /** Options for `new Dockerode(...)`. Every env-derived key is set (possibly undefined) on purpose: see client.ts. */
  options: Dockerode.DockerOptions & { agent?: https.Agent; pathPrefix?: string };
  /** ssh:// engines: the known_hosts check ssh2 runs, holding why it refused a key. */
  hostKey?: HostKeyCheck;
}

export interface ConnectionInput {
  /** `unix:///path`, `/path`, `npipe:////./pipe/x`, `tcp://host:port`, `host:port`, `ssh://user@host[:port]`. */
  host?: string;
  /** A docker context name (ignored when `host` is set). */
  context?: string;
  /** TLS for tcp:// hosts from the setting; undefined falls back to DOCKER_TLS_VERIFY / DOCKER_TLS. */
  tlsVerify?: boolean;
  /** Directory with ca.pem, cert.pem, key.pem; undefined falls back to DOCKER_CERT_PATH, then ~/.docker. */
  certPath?: string;
}

export interface ConnectionEnvironment {
  env: Readonly<Record<string, string | undefined>>;
  homeDir: string;
  /** Returns the file's text, or undefined when it does not exist / cannot be read. */
  readFile: (file: string) => string | undefined;
  platform?: NodeJS.Platform;
}

export const DEFAULT_UNIX_SOCKET = '/var/run/docker.sock';
export const DEFAULT_NPIPE = '//./pipe/docker_engine';

interface ParsedHost {
  kind: EngineKind;
  host: string;
  socketPath?: string;
  hostname?: string;
  port?: number;
  username?: string;
}

const nonEmpty = (s: string | undefined): s is string => s !== undefined && s.trim() !== '';

/** Parse a docker host string the way `docker -H` accepts it. */
export function parseDockerHost(raw: string): ParsedHost {
  const value = raw.trim();
  if (value === '') throw new ConnectionConfigError('empty Docker host');
  if (value.startsWith('/')) return { kind: 'unix', host: `unix://${value}`, socketPath: value };
  if (value.startsWith('unix://')) {
    const p = value.slice('unix://'.length) || DEFAULT_UNIX_SOCKET;
    return { kind: 'unix', host: `unix://${p}`, socketPath: p };
  }
  if (value.startsWith('npipe://')) {
    const p = value.slice('npipe://'.length) || DEFAULT_NPIPE;
    return { kind: 'npipe', host: `npipe://${p}`, socketPath: p };
  }
  const withScheme = value.includes('://') ? value : `tcp://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ConnectionConfigError(`invalid Docker host "${raw}" (expected unix://, tcp://host:port or ssh://user@host)`);
  }
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1'); // IPv6 literals come bracketed
  if (hostname === '') throw new ConnectionConfigError(`invalid Docker host "${raw}": no host name`);
  if (url.protocol === 'tcp:') {
    const port = url.port === '' ? 2375 : Number(url.port);
    return { kind: 'tcp', host: `tcp://${url.hostname}:${port}`, hostname, port };
  }
  if (url.protocol === 'ssh:') {
    const port = url.port === '' ? 22 : Number(url.port);
    const username = url.username === '' ? undefined : decodeURIComponent(url.username);
    const userPart = username ? `${username}@` : '';
    return { kind: 'ssh', host: `ssh://${userPart}${url.hostname}:${port}`, hostname, port, username };
  }
  throw new ConnectionConfigError(`unsupported Docker host scheme "${url.protocol}" in "${raw}" (use unix://, npipe://, tcp:// or ssh://)`);
}

/** Context directories are named by the SHA-256 of the context name (docker/cli store). */
export function contextDigest(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

function configDir(envr: ConnectionEnvironment): string {
  return nonEmpty(envr.env.DOCKER_CONFIG) ? envr.env.DOCKER_CONFIG : path.join(envr.homeDir, '.docker');
}

interface TlsMaterial {
  ca?: string;
  cert?: string;
  key?: string;
}

function readTls(envr: ConnectionEnvironment, dir: string): TlsMaterial {
  return {
    ca: envr.readFile(path.join(dir, 'ca.pem')),
    cert: envr.readFile(path.join(dir, 'cert.pem')),
    key: envr.readFile(path.join(dir, 'key.pem')),
  };
}

function buildOptions(
  parsed: ParsedHost,
  tls: { enabled: boolean; verify: boolean; material: TlsMaterial },
  envr: ConnectionEnvironment,
): Pick<EngineConnection, 'options' | 'hostKey'> {
  // Start from "everything unset": docker-modem merges its own process.env-derived defaults under these, so a
  // DOCKER_HOST=tcp://... in the environment must not leak into an explicitly chosen unix socket (and so on).
  const base: EngineConnection['options'] = {
    socketPath: undefined,
    host: undefined,
    port: undefined,
    protocol: undefined,
    username: undefined,
    ca: undefined,
    cert: undefined,
    key: undefined,
    sshOptions: undefined,
    pathPrefix: undefined,
    agent: undefined,
    // SwarmClient enforces its own per-request timeout; a socket idle timeout (DOCKER_CLIENT_TIMEOUT) would
    // kill quiet event and log-follow streams.
    timeout: undefined,
  };
  if (parsed.kind === 'unix' || parsed.kind === 'npipe') return { options: { ...base, socketPath: parsed.socketPath } };
  if (parsed.kind === 'ssh') {
    const agent = envr.env.SSH_AUTH_SOCK;
    // ssh2 does not read ~/.ssh/config like the docker CLI's ssh; use the agent, else a default key file.
    let privateKey: string | undefined;
    if (!nonEmpty(agent)) {
      for (const name of ['id_ed25519', 'id_ecdsa', 'id_rsa']) {
        privateKey = envr.readFile(path.join(envr.homeDir, '.ssh', name));
        if (privateKey !== undefined) break;
      }
    }
    // Host keys are checked against known_hosts like OpenSSH (ssh2 alone accepts any key); no agent forwarding.
    const hostKey = new HostKeyCheck(
      { host: parsed.hostname!, port: parsed.port ?? 22, username: parsed.username },
      knownHostsFiles(envr.homeDir),
      envr.readFile,
    );
    return {
      options: {
        ...base,
        protocol: 'ssh',
        host: parsed.hostname,
        port: parsed.port,
        username: parsed.username,
        sshOptions: {
          ...(nonEmpty(agent) ? { agent } : {}),
          ...(privateKey ? { privateKey } : {}),
          hostVerifier: hostKey.verify,
          agentForward: false,
        },
      },
      hostKey,
    };
  }
  const opts: EngineConnection['options'] = {
    ...base,
    protocol: tls.enabled ? 'https' : 'http',
    host: parsed.hostname,
    port: parsed.port,
    pathPrefix: '/',
  };
  if (tls.enabled) {
    opts.ca = tls.material.ca;
    opts.cert = tls.material.cert;
    opts.key = tls.material.key;
    if (!tls.verify) {
      // DOCKER_TLS without VERIFY (or a context with SkipTLSVerify): encrypt, present the client cert, don't check
      // the server's; only an Agent can carry rejectUnauthorized through docker-modem.
      opts.agent = new https.Agent({ rejectUnauthorized: false, ca: opts.ca, cert: opts.cert, key: opts.key });
    }
  }
  return { options: opts };
}

function fromHost(
  raw: string,
  source: EngineSource,
  sourceDetail: string,
  envr: ConnectionEnvironment,
  tlsIn: { verify?: boolean; certPath?: string },
): EngineConnection {
  const parsed = parseDockerHost(raw);
  // docker CLI: any non-empty DOCKER_TLS_VERIFY means verify (even "0"); DOCKER_TLS means TLS without verify.
  const verify = tlsIn.verify ?? nonEmpty(envr.env.DOCKER_TLS_VERIFY);
  const enabled = parsed.kind === 'tcp' && (verify || nonEmpty(envr.env.DOCKER_TLS) || tlsIn.certPath !== undefined);
  let material: TlsMaterial = {};
  if (enabled) {
    const dir = tlsIn.certPath ?? (nonEmpty(envr.env.DOCKER_CERT_PATH) ? envr.env.DOCKER_CERT_PATH : configDir(envr));
    material = readTls(envr, dir);
    if (verify && material.ca === undefined) {
      throw new ConnectionConfigError(`TLS verification is on (${sourceDetail}) but ${path.join(dir, 'ca.pem')} is missing`);
    }
    if ((material.cert === undefined) !== (material.key === undefined)) {
      throw new ConnectionConfigError(`TLS client certificate incomplete in ${dir}: need both cert.pem and key.pem`);
    }
  }
  return {
    description: {
      kind: parsed.kind,
      host: parsed.host,
      label: parsed.host,
      source,
      sourceDetail,
      tls: enabled,
      tlsVerify: enabled && verify,
    },
    ...buildOptions(parsed, { enabled, verify, material }, envr),
  };
}

interface ContextMeta {
  Name?: string;
  Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } };
}

function fromContext(name: string, source: EngineSource, sourceDetail: string, envr: ConnectionEnvironment): EngineConnection {
  const dir = configDir(envr);
  if (name === 'default') {
    // The built-in "default" context has no files: it is DOCKER_HOST or the default socket.
    const c = defaultSocket(envr);
    return { ...c, description: { ...c.description, source, sourceDetail, context: 'default' } };
  }
  const digest = contextDigest(name);
  const metaFile = path.join(dir, 'contexts', 'meta', digest, 'meta.json');
  const text = envr.readFile(metaFile);
  if (text === undefined) {
    throw new ConnectionConfigError(`Docker context "${name}" (${sourceDetail}) not found: no ${metaFile}`);
  }
  let meta: ContextMeta;
  try {
    meta = JSON.parse(text) as ContextMeta;
  } catch (err) {
    throw new ConnectionConfigError(`Docker context "${name}": ${metaFile} is not valid JSON (${String(err)})`);
  }
  const host = meta.Endpoints?.docker?.Host;
  if (!nonEmpty(host)) throw new ConnectionConfigError(`Docker context "${name}" has no docker endpoint host`);
  const tlsDir = path.join(dir, 'contexts', 'tls', digest, 'docker');
  const material = readTls(envr, tlsDir);
  const parsed = parseDockerHost(host);
  const enabled = parsed.kind === 'tcp' && (material.ca !== undefined || material.cert !== undefined);
  const verify = enabled && meta.Endpoints?.docker?.SkipTLSVerify !== true;
  return {
    description: {
      kind: parsed.kind,
      host: parsed.host,
      label: name,
      source,
      sourceDetail,
      context: name,
      tls: enabled,
      tlsVerify: verify,
    },
    ...buildOptions(parsed, { enabled, verify, material }, envr),
  };
}

function defaultSocket(envr: ConnectionEnvironment): EngineConnection {
  if (nonEmpty(envr.env.DOCKER_HOST)) {
    return fromHost(envr.env.DOCKER_HOST, 'DOCKER_HOST', 'DOCKER_HOST', envr, {});
  }
  const host = (envr.platform ?? process.platform) === 'win32' ? `npipe://${DEFAULT_NPIPE}` : `unix://${DEFAULT_UNIX_SOCKET}`;
  return fromHost(host, 'default', 'default socket', envr, {});
}

/** The real process environment (the VS Code layer and the CLI use this; tests inject their own). */
export function processEnvironment(): ConnectionEnvironment {
  return {
    env: process.env,
    homeDir: os.homedir(),
    readFile: (file) => {
      try {
        return fs.readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    },
    platform: process.platform,
  };
}

/** Resolve the engine to use; throws ConnectionConfigError when the configuration itself is unusable. */
export function resolveConnection(input: ConnectionInput, envr: ConnectionEnvironment): EngineConnection {
  if (nonEmpty(input.host)) {
    return fromHost(input.host, 'setting', 'setting', envr, { verify: input.tlsVerify, certPath: input.certPath });
  }
  if (nonEmpty(input.context)) return fromContext(input.context.trim(), 'setting', 'setting', envr);
  if (nonEmpty(envr.env.DOCKER_HOST)) return defaultSocket(envr);
  if (nonEmpty(envr.env.DOCKER_CONTEXT)) {
    return fromContext(envr.env.DOCKER_CONTEXT.trim(), 'DOCKER_CONTEXT', 'DOCKER_CONTEXT', envr);
  }
  const configFile = path.join(configDir(envr), 'config.json');
  const configText = envr.readFile(configFile);
  if (configText !== undefined) {
    let current: unknown;
    try {
      current = (JSON.parse(configText) as { currentContext?: unknown }).currentContext;
    } catch {
      current = undefined; // the CLI also keeps working with a broken config.json for the default engine
    }
    if (typeof current === 'string' && nonEmpty(current)) {
      return fromContext(current.trim(), 'config-context', `currentContext in ${configFile}`, envr);
    }
  }
  return defaultSocket(envr);
}
