// ssh:// engines: the server's host key is checked against known_hosts like OpenSSH does (ssh2 accepts any
// key unless told otherwise, which would hand the user's ssh agent to whoever answers). Plain and hashed
// (`|1|salt|hash`) host fields, `[host]:port`, wildcards and negations, `@revoked`; an unknown or changed key is
// refused with its SHA256 fingerprint and the command that accepts it.
import { createHash, createHmac } from 'node:crypto';
import * as path from 'node:path';
import { trimTrailing } from '../core/stack/text';

export interface KnownHostEntry {
  marker?: '@revoked' | '@cert-authority';
  /** The host field as written: comma-separated patterns, or one hashed `|1|salt|hash`. */
  hosts: string;
  keyType: string;
  key: Buffer;
  file: string;
  line: number;
}

export type HostKeyVerdict = { ok: true; file: string; line: number } | { ok: false; reason: 'unknown' | 'changed' | 'revoked'; message: string };

export function parseKnownHosts(text: string, file: string): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim();
    if (t === '' || t.startsWith('#')) continue;
    const parts = t.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (parts[0] === '@revoked' || parts[0] === '@cert-authority') marker = parts.shift() as KnownHostEntry['marker'];
    if (parts.length < 3) continue;
    const [hosts, keyType, b64] = parts;
    const key = Buffer.from(b64, 'base64');
    if (key.length === 0) continue;
    out.push({ marker, hosts, keyType, key, file, line: i + 1 });
  }
  return out;
}

/** How known_hosts names a host: `host` on port 22, else `[host]:port`. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function globMatch(pattern: string, text: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
  return re.test(text);
}

/** Does an entry's host field name `host:port`? (Hashed fields: HMAC-SHA1 of the name with the salt.) */
export function hostFieldMatches(field: string, host: string, port: number): boolean {
  const name = knownHostsName(host, port);
  if (field.startsWith('|1|')) {
    const [, , salt, hash] = field.split('|');
    if (!salt || !hash) return false;
    const mac = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
    return mac === hash;
  }
  let matched = false;
  for (const raw of field.split(',')) {
    const negated = raw.startsWith('!');
    const pattern = negated ? raw.slice(1) : raw;
    if (globMatch(pattern, name)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

/** The key type named inside an SSH public key blob (`ssh-ed25519`, `ssh-rsa`, `ecdsa-sha2-nistp256`...). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const n = blob.readUInt32BE(0);
  return n > 0 && n < 64 && blob.length >= 4 + n ? blob.subarray(4, 4 + n).toString('latin1') : 'unknown';
}

/** `SHA256:...` as `ssh-keygen -lf` and ssh's prompt print it. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${trimTrailing(createHash('sha256').update(blob).digest('base64'), '=')}`;
}

export interface VerifyInput {
  host: string;
  port: number;
  username?: string;
  /** known_hosts files and their text (unreadable ones left out). */
  files: { file: string; text: string }[];
}

/** OpenSSH's decision for the key the server offered. */
export function verifyHostKey(input: VerifyInput, offered: Buffer): HostKeyVerdict {
  const { host, port } = input;
  const type = keyTypeOf(offered);
  const fp = fingerprint(offered);
  const name = knownHostsName(host, port);
  const entries = input.files
    .flatMap((f) => parseKnownHosts(f.text, f.file))
    .filter((e) => e.marker !== '@cert-authority' && hostFieldMatches(e.hosts, host, port));
  const accept = acceptHint(input, type);
  const revoked = entries.find((e) => e.marker === '@revoked' && e.key.equals(offered));
  if (revoked) {
    return {
      ok: false,
      reason: 'revoked',
      message: `ssh: the ${type} host key of ${name} (${fp}) is marked @revoked in ${revoked.file}:${revoked.line}; refusing to connect.`,
    };
  }
  const same = entries.find((e) => !e.marker && e.key.equals(offered));
  if (same) return { ok: true, file: same.file, line: same.line };
  const sameType = entries.find((e) => !e.marker && e.keyType === type);
  if (sameType) {
    return {
      ok: false,
      reason: 'changed',
      message:
        `ssh: the ${type} host key of ${name} has CHANGED: ${sameType.file}:${sameType.line} holds another key, the server offers ${fp}. ` +
        `Someone may be intercepting the connection; refusing to connect. If the change is expected (the host was reinstalled), ` +
        `check the fingerprint with its administrator, then: ssh-keygen -R "${name}" and ${accept}`,
    };
  }
  const others = [...new Set(entries.filter((e) => !e.marker).map((e) => e.keyType))];
  return {
    ok: false,
    reason: 'unknown',
    message:
      `ssh: ${name} is not a known host: its ${type} key ${fp} is not in ${input.files.map((f) => f.file).join(', ') || '~/.ssh/known_hosts'}` +
      `${others.length ? ` (which holds only ${others.join(', ')} keys for it)` : ''}; refusing to connect. ` +
      `If that fingerprint is the host's, accept it with: ${accept}`,
  };
}

function acceptHint(input: VerifyInput, type: string): string {
  const portFlag = input.port === 22 ? '' : ` -p ${input.port}`;
  const user = input.username ? `${input.username}@` : '';
  return `ssh${portFlag} ${user}${input.host} (and answer "yes"), or ssh-keyscan${portFlag} -t ${type.replace(/^ssh-/, '').replace(/^ecdsa-sha2-nistp\d+$/, 'ecdsa')} ${input.host} >> ~/.ssh/known_hosts`;
}

/** Where OpenSSH looks by default: the user's files, then the system's. */
export function knownHostsFiles(homeDir: string): string[] {
  return [path.join(homeDir, '.ssh', 'known_hosts'), path.join(homeDir, '.ssh', 'known_hosts2'), '/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'];
}

/**
 * The ssh2 `hostVerifier` for one engine: reads known_hosts when the server's key arrives (so a key accepted
 * with `ssh` meanwhile counts without a restart) and keeps the refusal's words in `problem`, because ssh2 itself
 * only says "Host denied (verification failed)".
 */
export class HostKeyCheck {
  problem: string | undefined;

  constructor(
    private readonly input: Omit<VerifyInput, 'files'>,
    private readonly files: string[],
    private readonly readFile: (file: string) => string | undefined,
  ) {}

  readonly verify = (key: Buffer): boolean => {
    const files = this.files.flatMap((file) => {
      const text = this.readFile(file);
      return text === undefined ? [] : [{ file, text }];
    });
    const verdict = verifyHostKey({ ...this.input, files }, key);
    this.problem = verdict.ok ? undefined : verdict.message;
    return verdict.ok;
  };
}
