// The one owner of "what looks secret" and how it is hidden. Inspect documents, plans, the Output channel, CLI
// messages and diagnostics all ask this module, so a key or a pattern added here is masked everywhere.

import { asciiLower, isNameChar, isSpaceAt, urlSchemeLength } from './model/chars';

export const MASK = '********';

// "What looks secret" is asked without regexes: a regex is compiled anew in every CLI process, and a case-insensitive
// alternation is among the dearest to compile.

/** Parts of a name that usually hold credentials: PASSWORD, MONGO_PASS, DB_PWD, JWT_TOKEN, AUTH_COOKIE... */
const SECRET_WORDS = ['pass', 'pwd', 'secret', 'token', 'credential', 'auth', 'cookie', 'salt'];
/** Kinds of key, written `API_KEY`, `apikey` or `api-key`: AWS_SECRET_ACCESS_KEY, SIGNING_KEY... */
const KEY_KINDS = ['api', 'private', 'access', 'session', 'signing', 'encryption'];
const SECRET_PARTS = [...SECRET_WORDS, ...KEY_KINDS.flatMap((k) => [`${k}key`, `${k}_key`, `${k}-key`])];

/** True for a name whose value must not be shown; `*_FILE` names hold paths to secrets, not secrets. */
export function isSecretName(name: string): boolean {
  const n = asciiLower(name);
  if (n.endsWith('_file')) return false;
  if (n === 'key' || n.endsWith('_key') || (n.endsWith('_dsn') && !hasLineBreak(n, n.length - 4))) return true;
  return SECRET_PARTS.some((p) => n.includes(p));
}

/** A line terminator before `end` (where a regex's `.` stops: a `*_DSN` name is one line). */
function hasLineBreak(s: string, end: number): boolean {
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) return true;
  }
  return false;
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
  const secretValues = [...secret.keys()];
  const plainValues = [...plain.keys()];
  return (message) => {
    let out = message;
    // Plain values first: a whole value (`user:${PASS}@host` resolved) is longer than the secret inside it.
    if (plainValues.length) out = replaceValues(out, plainValues, plain, true);
    if (secretValues.length) out = replaceValues(out, secretValues, secret, false);
    return out;
  };
}

/**
 * What `text.replace(/v1|v2|.../g, (m) => into.get(m))` gives (values longest first; with `wholeWords`, the
 * alternation between `(?<![A-Za-z0-9_.-])` and `(?![A-Za-z0-9_-])`), by indexOf: a regex of every .env value
 * would be compiled anew in every CLI process. Left to right, the earliest place where a value's boundaries hold
 * wins, and there the first value in `values` order.
 */
function replaceValues(text: string, values: readonly string[], into: ReadonlyMap<string, string>, wholeWords: boolean): string {
  // next[i]: where values[i] next occurs, its boundaries holding, at or after `from` (-1: nowhere).
  const next = new Array<number>(values.length).fill(-2);
  let out = '';
  let from = 0;
  for (;;) {
    let best = -1;
    let at = -1;
    for (let i = 0; i < values.length; i++) {
      if (next[i] === -1) continue;
      if (next[i] < from) next[i] = occurrence(text, values[i], from, wholeWords);
      if (next[i] >= 0 && (at < 0 || next[i] < at)) {
        at = next[i];
        best = i;
      }
    }
    if (best < 0) return from === 0 ? text : out + text.slice(from);
    out += text.slice(from, at) + into.get(values[best])!;
    from = at + values[best].length;
  }
}

/** The first index at or after `from` where `value` occurs in `text` with its boundaries holding, or -1. */
function occurrence(text: string, value: string, from: number, wholeWords: boolean): number {
  for (let i = text.indexOf(value, from); i >= 0; i = text.indexOf(value, i + 1)) {
    if (!wholeWords || (!isValueChar(text.charCodeAt(i - 1), true) && !isValueChar(text.charCodeAt(i + value.length), false))) return i;
  }
  return -1;
}

/** `[A-Za-z0-9_-]`, and `.` too `before` a value (a value preceded by `.` is part of a longer name). */
function isValueChar(c: number, before: boolean): boolean {
  return isNameChar(c) || c === 45 || (before && c === 46);
}

/**
 * The parts of a value a message may quote alone: hosts, ports, user names, path segments of a URL or an
 * address list (the scheme is left out: `mongodb` is the catalog's word too). Split without a regex (a regex is
 * compiled anew in every CLI process): what `value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')` split at
 * `/[\s:/@?#=,;&]+/` gives, empty parts and the whole value left out.
 */
export function valuePieces(value: string): string[] {
  const out: string[] = [];
  const scheme = urlSchemeLength(value);
  let start = scheme < 0 ? 0 : scheme + 3;
  for (let i = start; i <= value.length; i++) {
    if (i < value.length && !isPieceSeparator(value, i)) continue;
    if (i > start) {
      const piece = value.slice(start, i);
      if (piece !== value) out.push(piece);
    }
    start = i + 1;
  }
  return out;
}

/** White space or one of `:/@?#=,;&`. */
function isPieceSeparator(s: string, i: number): boolean {
  return ':/@?#=,;&'.includes(s[i]) || isSpaceAt(s, i);
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
