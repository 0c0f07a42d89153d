/** Character tests the scanners run on every character of a file or value, without a regex per character. */

const SPACE = /\s/;

/** What `/\s/.test(s[i])` says, with the ASCII answer computed directly (almost every character is ASCII). */
export function isSpaceAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return SPACE.test(s[i]); // NaN (past the end) comes here too: `/\s/.test(undefined)` is false
}
