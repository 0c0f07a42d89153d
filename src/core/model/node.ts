import type { Span } from './source';

/**
 * The located YAML tree every rule works on. Each node keeps the span of the token that produced it,
 * so a diagnostic can point at the exact key or value, in whichever file of a stack it came from.
 */
export type YNode = YMap | YSeq | YScalar;

export type ScalarValue = string | number | boolean | null;

/** How a scalar was written: lets rules map an index in the value back to a source offset. */
export type ScalarStyle = 'plain' | 'single' | 'double' | 'block';

export interface YScalar {
  readonly kind: 'scalar';
  value: ScalarValue;
  span: Span;
  style: ScalarStyle;
  /** Set when interpolation changed the value: the text as written, and the variables it used. */
  interpolation?: Interpolated;
}

export interface YPair {
  key: string;
  keySpan: Span;
  value: YNode;
}

export interface YMap {
  readonly kind: 'map';
  span: Span;
  pairs: YPair[];
  /** key -> pair; the last one wins, as in compose. */
  index: Map<string, YPair>;
  /** Set when this mapping was written as a list (`- KEY=value`): edits must keep the list form. */
  fromSeq?: YSeq;
}

export interface YSeq {
  readonly kind: 'seq';
  span: Span;
  items: YNode[];
}

export interface VarUse {
  name: string;
  /** Offsets of `${...}` / `$NAME` inside the written text. */
  start: number;
  end: number;
  /** What was substituted; undefined when the variable had no value and no default. */
  value: string | undefined;
  origin: VarOrigin;
  /** `:?` / `?` form: the user's message when the variable is missing. */
  required?: string;
  hasDefault: boolean;
}

export type VarOrigin =
  | { kind: 'env' } // the process / CI environment
  | { kind: 'dotenv'; file: string; line: number } // a .env file (0-based line)
  | { kind: 'default' } // `${VAR:-default}`
  | { kind: 'unset' };

export interface Interpolated {
  written: string;
  vars: VarUse[];
}

export function makeMap(span: Span, pairs: YPair[] = []): YMap {
  const index = new Map<string, YPair>();
  for (const p of pairs) index.set(p.key, p);
  return { kind: 'map', span, pairs, index };
}

export function mapSet(map: YMap, pair: YPair): void {
  const old = map.index.get(pair.key);
  if (old) map.pairs[map.pairs.indexOf(old)] = pair;
  else map.pairs.push(pair);
  map.index.set(pair.key, pair);
}

export function get(node: YNode | undefined, key: string): YNode | undefined {
  return node?.kind === 'map' ? node.index.get(key)?.value : undefined;
}

export function getPair(node: YNode | undefined, key: string): YPair | undefined {
  return node?.kind === 'map' ? node.index.get(key) : undefined;
}

export function isMap(n: YNode | undefined): n is YMap {
  return n?.kind === 'map';
}
export function isSeq(n: YNode | undefined): n is YSeq {
  return n?.kind === 'seq';
}
export function isScalar(n: YNode | undefined): n is YScalar {
  return n?.kind === 'scalar';
}

/** A scalar as text (numbers and booleans as written in YAML's canonical form); undefined for maps/seqs/null. */
export function str(n: YNode | undefined): string | undefined {
  if (n?.kind !== 'scalar' || n.value === null) return undefined;
  return String(n.value);
}

/** Plain JS value of a node (for schema validation and export). Aliases were bounded at parse time. */
export function toPlain(n: YNode): unknown {
  switch (n.kind) {
    case 'scalar':
      return n.value;
    case 'seq':
      return n.items.map(toPlain);
    case 'map': {
      const o: Record<string, unknown> = {};
      for (const p of n.pairs) o[p.key] = toPlain(p.value);
      return o;
    }
  }
}

/** Follow a path of keys / indices; undefined where it stops. */
export function at(n: YNode | undefined, path: readonly (string | number)[]): YNode | undefined {
  let cur = n;
  for (const k of path) {
    if (!cur) return undefined;
    if (typeof k === 'number') cur = cur.kind === 'seq' ? cur.items[k] : undefined;
    else cur = get(cur, k);
  }
  return cur;
}

/**
 * The span of the characters [from, to) of a scalar's *written* value, when they can be located exactly
 * (single-line plain or quoted text without escapes); else the whole scalar.
 */
export function subSpan(s: YScalar, from: number, to: number): Span {
  const written = s.interpolation?.written ?? (typeof s.value === 'string' ? s.value : undefined);
  if (written === undefined) return s.span;
  if (s.style !== 'block') {
    const quote = s.style === 'plain' ? 0 : 1;
    const inner = s.span.file.text.slice(s.span.start + quote, s.span.end - quote);
    if (inner === written) return { file: s.span.file, start: s.span.start + quote + from, end: s.span.start + quote + to };
  }
  return byOccurrence(s, written, from, to) ?? s.span;
}

/**
 * Escapes, folding or a block scalar (`command: >` over many lines): the value is not the source text, but a
 * one-line piece of it (`${EMAIL?not set}`) usually is. When the piece occurs as often in the source as in the
 * value, its n-th occurrence in the value is its n-th in the source.
 */
function byOccurrence(s: YScalar, written: string, from: number, to: number): Span | undefined {
  const needle = written.slice(from, to);
  if (!needle || /[\n\r]/.test(needle)) return undefined;
  const source = s.span.file.text.slice(s.span.start, s.span.end);
  const positions = (text: string): number[] => {
    const out: number[] = [];
    for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) out.push(i);
    return out;
  };
  const inValue = positions(written);
  const inSource = positions(source);
  const nth = inValue.indexOf(from);
  if (nth < 0 || inValue.length !== inSource.length) return undefined;
  return { file: s.span.file, start: s.span.start + inSource[nth], end: s.span.start + inSource[nth] + needle.length };
}

/** Span of the first occurrence of `needle` in the scalar's written text, else the whole scalar. */
export function findInScalar(s: YScalar, needle: string, fromIndex = 0): Span {
  const written = s.interpolation?.written ?? (typeof s.value === 'string' ? s.value : String(s.value));
  // fromIndex counts in the value; once interpolation shifted the text it no longer applies.
  const i = written.indexOf(needle, s.interpolation ? 0 : fromIndex);
  return i < 0 ? s.span : subSpan(s, i, i + needle.length);
}
