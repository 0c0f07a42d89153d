/** Character tests the scanners run on every character of a file or value, without a regex per character. */

const SPACE = /\s/;

/** What `/\s/.test(s[i])` says, with the ASCII answer computed directly (almost every character is ASCII). */
export function isSpaceAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return SPACE.test(s[i]); // NaN (past the end) comes here too: `/\s/.test(undefined)` is false
}

// ASCII character classes of a character code (NaN, past the end, is in none), tested by code: a regex is compiled
// anew in every CLI process. Every module that scans names, hosts or values asks these.
/** `[A-Za-z]` */
export const isAsciiLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
/** `[0-9]` */
export const isAsciiDigit = (c: number): boolean => c >= 48 && c <= 57;
/** `[A-Za-z0-9]` */
export const isAsciiAlnum = (c: number): boolean => isAsciiLetter(c) || isAsciiDigit(c);
/** `[A-Za-z_]`: the first character of a variable name. */
export const isNameStart = (c: number): boolean => isAsciiLetter(c) || c === 95;
/** `[A-Za-z0-9_]` (a non-Unicode regex's `\w`): the other characters of a variable name. */
export const isNameChar = (c: number): boolean => isAsciiAlnum(c) || c === 95;

// Case is changed without a regex on the usual (ASCII) path: a regex is compiled anew in every CLI process.

/**
 * `s` with A-Z lowered and every other character kept: what a non-Unicode `/i` regex compares an ASCII word with
 * (`toLowerCase` alone would also turn the Kelvin sign into `k`, which such a regex does not match).
 */
export function asciiLower(s: string): string {
  return isAscii(s) ? s.toLowerCase() : s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/** `s` with a-z raised and every other character kept (`toUpperCase` alone would turn `ſ` into `S`). */
export function asciiUpper(s: string): string {
  return isAscii(s) ? s.toUpperCase() : s.replace(/[a-z]+/g, (m) => m.toUpperCase());
}

/**
 * The length of the scheme of a leading `scheme://` (an ASCII letter, then ASCII letters, digits, `+`, `.`, `-`), or
 * -1: what `/^([a-z][a-z0-9+.-]*):\/\//i` finds, without a case-insensitive regex compiled in every CLI process.
 */
export function urlSchemeLength(s: string): number {
  if (!isAsciiLetter(s.charCodeAt(0))) return -1;
  let i = 1;
  while (i < s.length && isSchemeChar(s.charCodeAt(i))) i++;
  return s.startsWith('://', i) ? i : -1;
}

/** `[a-z0-9+.-]`, any case. */
const isSchemeChar = (c: number): boolean => isAsciiAlnum(c) || c === 43 || c === 46 || c === 45;

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 128) return false;
  return true;
}
