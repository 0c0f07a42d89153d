// How the structure rule's messages name things: a place in the file, a value, a list of types; the nearest allowed
// word for a "did you mean"; whether an interpolated string casts to the type compose wants.
import type { YNode } from '../model/node';
import type { SchemaError } from '../schema/validateCompose';
import { editDistance } from '../stack/text';

export const TOP_NOUN: Record<string, string> = {
  services: 'service',
  networks: 'network',
  volumes: 'volume',
  secrets: 'secret',
  configs: 'config',
  models: 'model',
};
/** Mappings whose keys are the user's names, not compose keywords. */
export const USER_KEYED = new Set([
  'environment',
  'labels',
  'annotations',
  'sysctls',
  'args',
  'extra_hosts',
  'driver_opts',
  'options',
  'ulimits',
  'depends_on',
  'networks',
  'storage_opt',
  'additional_contexts',
]);

export const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  null: 'empty',
};

export function isIndex(s: string): boolean {
  return /^\d+$/.test(s);
}

export function q(s: string): string {
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);
}

/** What the place is called in a message: `"replicas"`, `"ports" item`, `service "web"`, `"environment" entry "A"`. */
export function label(segs: readonly string[]): string {
  const n = segs.length;
  if (n === 0) return 'The file';
  const last = segs[n - 1];
  if (isIndex(last)) {
    for (let i = n - 2; i >= 0; i--) if (!isIndex(segs[i])) return `"${segs[i]}" item`;
    return 'Item';
  }
  if (n === 2 && TOP_NOUN[segs[0]]) return `${TOP_NOUN[segs[0]]} "${last}"`;
  if (n >= 2 && USER_KEYED.has(segs[n - 2])) return `"${segs[n - 2]}" entry "${last}"`;
  return `"${last}"`;
}

/** Where a key is, for "Unknown key ... in service "web"". */
export function where(segs: readonly string[]): string {
  if (segs.length === 0) return 'at the top level';
  const noun = TOP_NOUN[segs[0]];
  if (noun && segs.length >= 2) {
    const owner = `${noun} "${segs[1]}"`;
    if (segs.length === 2) return `in ${owner}`;
    const rest = segs.slice(2);
    const item = isIndex(rest[rest.length - 1]);
    const name = [...rest].reverse().find((s) => !isIndex(s))!;
    return item ? `in a "${name}" item of ${owner}` : `in "${name}" of ${owner}`;
  }
  const name = [...segs].reverse().find((s) => !isIndex(s));
  return name ? `in "${name}"` : 'here';
}

export function describe(v: unknown, node: YNode | undefined): string {
  let d: string;
  if (v === null || v === undefined) d = 'an empty value';
  else if (Array.isArray(v)) d = 'a list';
  else if (typeof v === 'object') d = 'a mapping';
  else if (typeof v === 'string') d = `a string ${q(v)}`;
  else if (typeof v === 'boolean') d = `the boolean ${v}`;
  else d = `the number ${Number(v)}`;
  const written = node?.kind === 'scalar' ? node.interpolation?.written : undefined;
  return written !== undefined ? `${d} (after substituting ${q(written)})` : d;
}

export function typeList(types: Iterable<string>): string {
  const set = new Set(types);
  if (set.has('number')) set.delete('integer');
  const words = [...set].map((t) => TYPE_WORDS[t] ?? t);
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

export function typesOf(err: SchemaError): string[] {
  const t = err.params.type;
  return Array.isArray(t) ? t.map(String) : typeof t === 'string' ? t.split(',') : [];
}

const CASTS: Record<string, RegExp> = {
  integer: /^[+-]?[0-9]+$/,
  number: /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$/,
  boolean: /^(true|yes|y|on|false|no|n|off)$/i,
};

/**
 * compose casts interpolated strings to the field's type: `replicas: ${N}` with N=3 is the number 3.
 * The located tree keeps such values as strings, so a string that came from `${...}` and casts to an
 * accepted type is not an error.
 */
export function castsTo(node: YNode, types: readonly string[]): boolean {
  if (node.kind !== 'scalar' || !node.interpolation || typeof node.value !== 'string') return false;
  const s = node.value.trim();
  return types.some((t) => CASTS[t]?.test(s) ?? false);
}

/** Longest word offered a "did you mean". */
const MAX_SUGGESTED = 64;

/** The allowed word nearest to `word`, when it is near enough to be a likely typo. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  // The distance is quadratic in the lengths: a key longer than any schema key plus the typo allowance has no near one.
  if (w.length > MAX_SUGGESTED) return undefined;
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase(), Infinity, true);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  const max = w.length <= 3 ? 1 : w.length <= 8 ? 2 : 3;
  if (bestD <= max) return best;
  // Abbreviations ("src" for "source", "env" for "environment"): the shortest allowed word that starts
  // with the same letter and contains the word's letters in order.
  if (w.length < 3) return undefined;
  let abbreviated: string | undefined;
  for (const c of candidates) {
    if (isAbbreviation(w, c.toLowerCase()) && (!abbreviated || c.length < abbreviated.length)) abbreviated = c;
  }
  return abbreviated;
}

function isAbbreviation(w: string, c: string): boolean {
  if (w[0] !== c[0] || w.length >= c.length) return false;
  let i = 0;
  for (let j = 0; j < c.length && i < w.length; j++) if (c[j] === w[i]) i++;
  return i === w.length;
}
