// The one owner of "what looks secret" and how it is hidden. Inspect documents, plans, the Output channel, CLI
// messages and diagnostics all ask this module, so a key or a pattern added here is masked everywhere.

export const MASK = '********';

/** Names that usually hold credentials: PASSWORD, MONGO_PASS, API_KEY, AWS_SECRET_ACCESS_KEY, JWT_TOKEN, DB_PWD... */
export const SECRET_NAME =
  /pass(word|wd|phrase)?|pwd|secret|token|api[_-]?key|private[_-]?key|access[_-]?key|credential|auth|cookie|session[_-]?key|signing[_-]?key|encryption[_-]?key|salt|_key$|^key$|^.*_dsn$/i;

/** True for a name whose value must not be shown; `*_FILE` names hold paths to secrets, not secrets. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !/_FILE$/i.test(name);
}

// `scheme://user:password@host` -> `scheme://user:********@host`; a lone `scheme://token@host` is masked whole.
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@:'"`]*)(?::([^\s/?#@'"`]*))?@/gi;
// Three base64url parts, the first starting like a JSON object (`{"` -> `eyJ`).
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
// Swarm join tokens and unlock keys.
const SWARM_TOKEN = /\bSWMTKN-1-[A-Za-z0-9]+-[A-Za-z0-9]+|\bSWMKEY-1-[A-Za-z0-9+/=]+/g;
// `--password=x`, `-p=x` style arguments and `NAME=value` pairs whose name looks secret (env entries in text).
const NAME_VALUE = /(^|[\s"'`(,;[{])(--?)?([A-Za-z_][A-Za-z0-9_.-]*)(=)("[^"]*"|'[^']*'|[^\s"'`,;)\]}]+)/g;

/** Masks URL user-info, JWTs, swarm tokens and secret-looking `NAME=value` / `--name=value` in free text. */
export function maskText(text: string): string {
  if (text === '') return text;
  return text
    .replace(URL_USERINFO, (_m, scheme: string, user: string, pass: string | undefined) =>
      // A lone user-info is a token (`https://ghp_x@github.com`), except for ssh, where it is the login name.
      pass !== undefined ? `${scheme}${user}:${MASK}@` : /^(git\+)?ssh:/i.test(scheme) ? `${scheme}${user}@` : `${scheme}${MASK}@`,
    )
    .replace(JWT, MASK)
    .replace(SWARM_TOKEN, MASK)
    .replace(NAME_VALUE, (m, pre: string, dashes: string | undefined, name: string, sep: string, value: string) => {
      if (!isSecretName(name) || value === MASK || value.startsWith(MASK)) return m;
      return `${pre}${dashes ?? ''}${name}${sep}${MASK}`;
    });
}

/** `NAME=value` -> `NAME=********` when NAME looks secret; any other value has its URL user-info and JWTs masked. */
export function maskEnvEntry(entry: string): string {
  const eq = entry.indexOf('=');
  if (eq <= 0) return maskText(entry);
  const name = entry.slice(0, eq);
  const value = entry.slice(eq + 1);
  if (value === '') return entry;
  if (isSecretName(name)) return `${name}=${MASK}`;
  return `${name}=${maskText(value)}`;
}

/** One environment value shown next to its name (a plan line, a hover). */
export function maskEnvValue(name: string, value: string): string {
  if (value === '') return value;
  return isSecretName(name) ? MASK : maskText(value);
}

/**
 * Command-line arguments: `--password=x` and `--password x` (the next item) masked, every item's URL user-info
 * and JWTs masked.
 */
export function maskArgs(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const flag = /^--?([A-Za-z][A-Za-z0-9_.-]*)$/.exec(a);
    if (flag && isSecretName(flag[1]) && i + 1 < args.length) {
      out.push(a, MASK);
      i++;
      continue;
    }
    out.push(maskText(a));
  }
  return out;
}

const ARG_KEYS = new Set(['Args', 'Command', 'Entrypoint', 'Cmd', 'Healthcheck.Test', 'Test']);

/**
 * A deep copy of an inspect object or a plan value with secrets hidden: every `Env` array and secret-looking
 * label, arguments (`Args`, `Command`...), join tokens and unlock keys, and URL user-info / JWTs in any string.
 * `key` is the name the value sits under (a plan's field path's last part). The input is not modified.
 */
export function maskSecrets<T>(value: T, key?: string): T {
  return maskValue(value, key, undefined) as T;
}

function maskValue(value: unknown, key: string | undefined, parent: string | undefined): unknown {
  if (typeof value === 'string') {
    if (key && parent === 'Labels' && isSecretName(key)) return value === '' ? value : MASK;
    if ((key === 'Worker' || key === 'Manager') && parent === 'JoinTokens') return MASK;
    if (key === 'UnlockKey' || key === 'RegistryAuth' || key === 'Password' || key === 'IdentityToken') return value === '' ? value : MASK;
    return maskText(value);
  }
  if (Array.isArray(value)) {
    if (key === 'Env') return value.map((e) => (typeof e === 'string' ? maskEnvEntry(e) : maskValue(e, undefined, key)));
    if (key && ARG_KEYS.has(key) && value.every((v) => typeof v === 'string')) return maskArgs(value);
    return value.map((v) => maskValue(v, undefined, key));
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = maskValue(v, k, key);
    return out;
  }
  return value;
}

/** A value that came from the environment or `.env`, and the text the file wrote in its place. */
export interface Substitution {
  value: string;
  written: string;
  secret: boolean;
}

/**
 * Replaces, in a message, every value that came from the environment or `.env` with what the file says
 * (`${AWS_SECRET_ACCESS_KEY}`), longest first. (What the file itself says is quoted as written: it is the user's
 * own text, and messages such as "KEY=value" must stay readable.) Values of secret-looking names
 * are replaced wherever they occur; others only as whole words, and not when shorter than 4 characters (a port,
 * `1`: replacing them would garble every number in the message).
 */
export function redactSubstitutions(subs: readonly Substitution[]): (message: string) => string {
  const secret = new Map<string, string>();
  const plain = new Map<string, string>();
  for (const s of [...subs].sort((a, b) => b.value.length - a.value.length)) {
    if (s.value === s.written || s.value.trim() === '') continue;
    const into = s.secret ? secret : plain;
    if (s.value.length < (s.secret ? 2 : 4) || into.has(s.value)) continue;
    into.set(s.value, s.written);
  }
  const alt = (m: Map<string, string>): string => [...m.keys()].map(escapeRegExp).join('|');
  const reSecret = secret.size ? new RegExp(alt(secret), 'g') : undefined;
  const rePlain = plain.size ? new RegExp(`(?<![A-Za-z0-9_.-])(?:${alt(plain)})(?![A-Za-z0-9_-])`, 'g') : undefined;
  return (message) => {
    let out = message;
    // Plain values first: a whole value (`user:${PASS}@host` resolved) is longer than the secret inside it.
    if (rePlain) out = out.replace(rePlain, (m) => plain.get(m) ?? m);
    if (reSecret) out = out.replace(reSecret, (m) => secret.get(m) ?? m);
    return out;
  };
}

/**
 * The parts of a value a message may quote alone: hosts, ports, user names, path segments of a URL or an
 * address list (the scheme is left out: `mongodb` is the catalog's word too).
 */
export function valuePieces(value: string): string[] {
  const rest = value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  return rest.split(/[\s:/@?#=,;&]+/).filter((p) => p !== '' && p !== value);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Text shown inside Markdown (hovers): a code span that no backtick, HTML or link syntax in `text` can break out of. */
export function markdownCode(text: string): string {
  const oneLine = text.replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...[...oneLine.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = oneLine.startsWith('`') || oneLine.endsWith('`') || oneLine === '' ? ' ' : '';
  return `${fence}${pad}${oneLine}${pad}${fence}`;
}

/**
 * Plain text shown in Markdown outside code spans: what Markdown or HTML would act on inside a line (emphasis, code,
 * links, HTML, tables, strike-through) is escaped, and so are block markers (heading, list) at the start of a line;
 * other punctuation stays as written, so image tags and versions read naturally.
 */
export function markdownText(text: string): string {
  return text
    .replace(/[\\`*_[\]<>&|~]/g, (c) => `\\${c}`)
    .replace(/^([ \t]{0,3})([#+-])/gm, '$1\\$2')
    .replace(/^([ \t]{0,3}\d{1,9})([.)])/gm, '$1\\$2');
}
