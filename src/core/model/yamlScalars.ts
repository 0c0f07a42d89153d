import type { ScalarValue } from './node';
import { isAsciiDigit } from './chars';

// The scalars of the block reader (blockYaml.ts): plain values as js-yaml's core schema resolves them, quoted text.

/** Thrown when the text leaves the subset: one object made once, so no stack trace is captured per refusal. */
export const REFUSED = new Error('outside the block reader’s subset of YAML');

/** Plain scalars that are not strings in YAML 1.2's core schema (js-yaml's CORE_SCHEMA). */
const WORDS: Record<string, ScalarValue> = {
  '~': null,
  null: null,
  Null: null,
  NULL: null,
  true: true,
  True: true,
  TRUE: true,
  false: false,
  False: false,
  FALSE: false,
};
const SIMPLE_INT = /^(?:0|-?[1-9][0-9]{0,14})$/;
const SIMPLE_DECIMAL = /^-?(?:0|[1-9][0-9]{0,14})\.[0-9]{1,15}$/;
/** Characters of any number the core schema reads (radix prefixes, hex digits, `_`, exponents, .inf, .nan). */
const NUMBER_CHAR = /^[0-9a-fA-F+\-._xoinIN]*$/;

/**
 * A plain scalar's value. Numbers are taken only in their simplest forms; another text a number could be
 * (`0x1F`, `1e3`, `0755`, `.inf`, `1_000`) is left to the libraries.
 */
export function plainValue(s: string): ScalarValue {
  if (Object.hasOwn(WORDS, s)) return WORDS[s];
  const c = s.charCodeAt(0);
  // Every number of the core schema starts with a digit, a sign or a dot.
  if (!((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46) || !NUMBER_CHAR.test(s)) return s;
  if (SIMPLE_INT.test(s) || SIMPLE_DECIMAL.test(s)) return Number(s);
  // Texts no number can be: no digit (but .inf, .nan), two dots (`127.0.0.1`), a sign inside but after an exponent.
  if (!/[0-9]/.test(s) ? !INF_NAN.test(s) : s.indexOf('.') !== s.lastIndexOf('.') || INNER_SIGN.test(s)) return s;
  throw REFUSED;
}
/** A plain key's name, as the libraries make it: its value as text, '' for a null (`~:`). */
export function plainKey(s: string): string {
  const v = plainValue(s);
  return v === null ? '' : String(v);
}

const INF_NAN = /^[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$/;
const INNER_SIGN = /[^eE][-+]/;

/** Characters that cannot start a plain scalar here (YAML indicators; `-`, `?`, `:` are checked apart). */
export const NOT_PLAIN_START = new Set([',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`', '?', ':']);

/** Longest key taken (YAML limits implicit keys to 1024 characters). */
export const MAX_KEY = 1000;

const DOUBLE_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};

const isHex = (c: number): boolean => isAsciiDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/** A quoted scalar at `i` that closes before `le` (its own line): its value and where it ends. */
export function readQuoted(t: string, i: number, le: number): { value: string; end: number } {
  const q = t.charCodeAt(i);
  let out = '';
  let from = i + 1;
  for (let j = i + 1; j < le; j++) {
    const c = t.charCodeAt(j);
    if (c === q) {
      if (q === 39 && t.charCodeAt(j + 1) === 39) {
        out += t.slice(from, j + 1);
        from = ++j + 1;
        continue;
      }
      return { value: out + t.slice(from, j), end: j + 1 };
    }
    if (q === 34 && c === 92) {
      out += t.slice(from, j);
      const k = t[j + 1];
      if (Object.hasOwn(DOUBLE_ESCAPES, k)) {
        out += DOUBLE_ESCAPES[k];
        j++;
      } else if (k === 'x' || k === 'u') {
        const n = k === 'x' ? 2 : 4;
        let code = 0;
        for (let h = 0; h < n; h++) {
          const d = t.charCodeAt(j + 2 + h);
          if (!isHex(d)) throw REFUSED;
          code = code * 16 + parseInt(t[j + 2 + h], 16);
        }
        if (code >= 0xd800 && code <= 0xdfff) throw REFUSED;
        out += String.fromCharCode(code);
        j += 1 + n;
      } else throw REFUSED;
      from = j + 1;
    }
  }
  throw REFUSED; // runs on to the next line
}

/** The blanks from `i` on, up to `e`: where the next text is. */
export function spacesFrom(t: string, i: number, e: number): number {
  while (i < e && t.charCodeAt(i) === 32) i++;
  return i;
}

/** Where the `:` of a plain key on the line from `i` to `e` is (followed by a blank or the line's end), or -1. */
export function keyColon(t: string, i: number, e: number): number {
  for (let j = i; j < e; j++) {
    const c = t.charCodeAt(j);
    if (c === 58 && (j + 1 === e || t.charCodeAt(j + 1) === 32)) return j;
    if (c === 35 && t.charCodeAt(j - 1) === 32) return -1;
  }
  return -1;
}

export type Chomping = 'clip' | 'strip' | 'keep';

/**
 * A block scalar's value from its lines (the indentation taken off; '' for a blank line): literal lines joined with
 * line breaks, folded ones with a space (a blank line between two is a line break), then the chomping: one final
 * line break (clip), none (strip), or every trailing blank line too (keep).
 */
export function blockScalarValue(lines: string[], folded: boolean, chomp: Chomping): string {
  let k = lines.length;
  while (lines[k - 1] === '') k--;
  let body: string;
  if (folded) {
    body = lines[0];
    let blanks = 0;
    for (let x = 1; x < k; x++) {
      if (lines[x] === '') blanks++;
      else {
        body += blanks ? '\n'.repeat(blanks) : ' ';
        body += lines[x];
        blanks = 0;
      }
    }
  } else body = lines.slice(0, k).join('\n');
  if (chomp === 'clip') body += '\n';
  else if (chomp === 'keep') body += '\n'.repeat(1 + lines.length - k);
  return body;
}
