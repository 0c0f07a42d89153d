/** Small text helpers the rules share: edit distance for "did you mean", and nearest names. */

/**
 * Levenshtein distance, stopping early above `max`. With `swaps`, the optimal string alignment distance:
 * swapped neighbours count as one edit ("imgae" -> "image" is 1), as typos of keys usually are.
 */
export function editDistance(a: string, b: string, max = Infinity, swaps = false): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const width = b.length + 1;
  if (rows[0].length < width) rows = [new Int32Array(width * 2), new Int32Array(width * 2), new Int32Array(width * 2)];
  let [prev2, prev, cur] = rows;
  for (let j = 0; j < width; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca === b.charCodeAt(j - 1) ? 0 : 1));
      if (swaps && i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    // With swaps a later row can still come back below max through prev2, so only plain distance stops early.
    if (!swaps && rowMin > max) return max + 1;
    const spare = prev2;
    prev2 = prev;
    prev = cur;
    cur = spare;
  }
  return prev[b.length];
}

/**
 * The three rows editDistance works in, reused from call to call: "did you mean" compares a name with every name of
 * a stack (thousands), and new rows per comparison were megabytes of garbage per lint.
 */
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Longest name (and candidate) compared for "did you mean": DNS labels stop at 63, full names at 253. */
export const MAX_NEAREST = 253;

/** Names within a distance that scales with length, closest first. */
export function nearest(word: string, candidates: Iterable<string>, limit = 3, maxDistance?: number): string[] {
  const w = word.toLowerCase();
  // editDistance is quadratic in the lengths: names longer than any real host get no suggestion (nor cost).
  if (w.length > MAX_NEAREST) return [];
  const max = maxDistance ?? Math.max(2, Math.floor(w.length / 3));
  const scored: [string, number][] = [];
  for (const c of candidates) {
    if (c.length > MAX_NEAREST) continue;
    const lc = c.toLowerCase();
    let d = editDistance(w, lc, max);
    // A name that contains the word (or the reverse) is near too: `mongo-device-adm` vs `mender-mongo-device-adm`.
    if (d > max && maxDistance === undefined && (lc.includes(w) || w.includes(lc)) && Math.min(w.length, lc.length) >= 4) d = max;
    if (d <= max) scored.push([c, d]);
  }
  return scored
    .sort((a, b) => a[1] - b[1] || compareText(a[0], b[0]))
    .slice(0, limit)
    .map((s) => s[0]);
}

export function quoteList(names: string[]): string {
  const q = names.map((n) => `"${n}"`);
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`;
}

/** `s` without the run of `ch` at its end, in one backward pass (a `/x+$/` pattern is quadratic on a long run). */
export function trimTrailing(s: string, ch: string): string {
  let end = s.length;
  while (end > 0 && s[end - 1] === ch) end--;
  return s.slice(0, end);
}

/**
 * Code-point order for sorting names, paths and codes. `localeCompare` would load ICU's collator on its first call,
 * which alone cost a CLI lint about a tenth of its time; the order only has to be stable, not linguistic.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A name as a short message quotes it: long ones cut to `max` characters (the detail gives them whole). */
export function clip(s: string, max = 30): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
