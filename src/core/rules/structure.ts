import { MAX_MESSAGE, type Finding } from '../diagnostic';
import type { YNode, YPair } from '../model/node';
import type { Span } from '../model/source';
import { castTypeOf, SchemaError, validateCompose } from '../schema/validateCompose';
import type { Rule } from './rule';
import { editDistance } from '../stack/text';

/**
 * Wrong types and unknown keys, against the compose-spec schema (compiled at build time, see
 * scripts/gen-schema.mjs). Each file is validated on its own, as compose does, on the interpolated values
 * but in the form the user wrote (lists stay lists), and every error of a file is reported in one pass.
 */
export const structureRule: Rule = {
  id: 'structure',
  codes: [
    { code: 'schema', severity: 'error', summary: 'A value has a type or form compose refuses (compose-spec schema).' },
    { code: 'unknown-key', severity: 'error', summary: 'A key compose does not know: a typo, or a key of an old file format.' },
  ],
  check({ project, report }) {
    for (const doc of project.documents) {
      if (!doc.root) continue;
      const errors = validateCompose(toWritten(doc.root, new Map()));
      if (!errors.length) continue;
      new ErrorReporter(doc.root, report).reportAll(buildTree(errors));
    }
  },
};

// ---------------------------------------------------------------------------------------------------
// The value as written

/**
 * Plain value for the validator. The loader turned `- KEY=value` / `- name` lists into mappings
 * (`fromSeq` keeps the list); compose validates the list, so the list is what goes in. Memoised per node
 * because aliases share nodes: an aliased subtree is converted once.
 */
function toWritten(n: YNode, memo: Map<YNode, unknown>): unknown {
  if (n.kind === 'scalar') return n.value;
  const known = memo.get(n);
  if (known !== undefined) return known;
  let out: unknown;
  if (n.kind === 'seq' || n.fromSeq) {
    const items = (n.kind === 'seq' ? n : n.fromSeq!).items;
    const arr: unknown[] = new Array(items.length);
    memo.set(n, arr);
    for (let i = 0; i < items.length; i++) arr[i] = toWritten(items[i], memo);
    out = arr;
  } else {
    const o: Record<string, unknown> = {};
    memo.set(n, o);
    for (const p of n.pairs) {
      const v = toWritten(p.value, memo);
      // A `__proto__` key must stay an own property, not replace the object's prototype.
      if (p.key === '__proto__') Object.defineProperty(o, p.key, { value: v, enumerable: true, writable: true, configurable: true });
      else o[p.key] = v;
    }
    out = o;
  }
  return out;
}

interface Located {
  /** The node at the path (or the deepest one the path reached). */
  node: YNode;
  /** The mapping entry holding it, when it is a mapping's value: its key span is where key findings go. */
  pair: YPair | undefined;
  exact: boolean;
}

/** Follow a JSON pointer from the validator back into the located tree, seeing `fromSeq` maps as their list. */
function locate(root: YNode, segs: readonly string[]): Located {
  let node: YNode = root;
  let pair: YPair | undefined;
  for (const seg of segs) {
    const view = node.kind === 'map' && node.fromSeq ? node.fromSeq : node;
    let next: YNode | undefined;
    let nextPair: YPair | undefined;
    if (view.kind === 'seq') next = /^\d+$/.test(seg) ? view.items[Number(seg)] : undefined;
    else if (view.kind === 'map') { nextPair = view.index.get(seg); next = nextPair?.value; }
    if (!next) return { node, pair, exact: false };
    node = next;
    pair = nextPair;
  }
  return { node, pair, exact: true };
}

function splitPointer(p: string): string[] {
  return p === '' ? [] : p.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

// ---------------------------------------------------------------------------------------------------
// ajv's errors as a tree

interface ErrorItem { err: SchemaError; segs: string[]; children?: ErrorItem[] }

function within(segs: readonly string[], prefix: readonly string[]): boolean {
  if (segs.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (segs[i] !== prefix[i]) return false;
  return true;
}

/**
 * ajv (allErrors) emits a failed oneOf's branch errors right before the oneOf error itself, all at or
 * under the oneOf's instance path. Folding that run into the oneOf error gives one group per place,
 * nested groups included, so each place gets one message instead of one per branch.
 */
function buildTree(errors: readonly SchemaError[]): ErrorItem[] {
  const out: ErrorItem[] = [];
  for (const err of errors) {
    const segs = splitPointer(err.instancePath);
    if (err.keyword === 'oneOf' || err.keyword === 'anyOf') {
      let from = out.length;
      while (from > 0 && within(out[from - 1].segs, segs)) from--;
      out.push({ err, segs, children: out.splice(from) });
    } else {
      out.push({ err, segs });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Messages

const TOP_NOUN: Record<string, string> = { services: 'service', networks: 'network', volumes: 'volume', secrets: 'secret', configs: 'config', models: 'model' };
/** Top-level sections whose entry names swarm-names checks (more strictly): no second finding for them here. */
const NAMES_CHECKED_ELSEWHERE = new Set(['services', 'networks', 'secrets', 'configs']);
/** Mappings whose keys are the user's names, not compose keywords. */
const USER_KEYED = new Set(['environment', 'labels', 'annotations', 'sysctls', 'args', 'extra_hosts', 'driver_opts', 'options',
  'ulimits', 'depends_on', 'networks', 'storage_opt', 'additional_contexts']);

/**
 * Service keys compose-spec refuses that swarm-compat already reports at the same key, with the message
 * `docker stack deploy` gives (refused-option): one finding per place.
 */
const REPORTED_BY_SWARM_COMPAT = new Set(['volume_driver']);

/** docker-compose v1 service keys compose-spec dropped, and what replaced them. */
const LEGACY_SERVICE_KEYS: Record<string, string> = {
  net: 'a docker-compose v1 key; use "network_mode" instead',
  log_driver: 'a docker-compose v1 key; use "logging: {driver: ...}" instead',
  log_opt: 'a docker-compose v1 key; use "logging: {options: ...}" instead',
  dockerfile: 'a docker-compose v1 key; use "build: {context: ..., dockerfile: ...}" instead',
};

const TYPE_WORDS: Record<string, string> = {
  string: 'a string', number: 'a number', integer: 'an integer', boolean: 'true or false',
  object: 'a mapping', array: 'a list', null: 'empty',
};

function isIndex(s: string): boolean { return /^\d+$/.test(s); }

function q(s: string): string {
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);
}

/** What the place is called in a message: `"replicas"`, `"ports" item`, `service "web"`, `"environment" entry "A"`. */
function label(segs: readonly string[]): string {
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
function where(segs: readonly string[]): string {
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

function describe(v: unknown, node: YNode | undefined): string {
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

function typeList(types: Iterable<string>): string {
  const set = new Set(types);
  if (set.has('number')) set.delete('integer');
  const words = [...set].map((t) => TYPE_WORDS[t] ?? t);
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

function typesOf(err: SchemaError): string[] {
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
function castsTo(node: YNode, types: readonly string[]): boolean {
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
    if (d < bestD) { best = c; bestD = d; }
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

// ---------------------------------------------------------------------------------------------------

class ErrorReporter {
  private readonly seen = new Set<string>();

  constructor(private readonly root: YNode, private readonly report: (f: Finding) => void) {}

  private emit(span: Span, code: 'schema' | 'unknown-key', message: string, detail?: string): void {
    // One finding per place: ajv reaches a node shared by aliases through several paths.
    const key = `${span.file.path}:${span.start}:${span.end}:${code}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    // Quoted values make some messages long: what follows the first colon (the allowed forms) goes to the detail.
    const colon = message.indexOf(': ');
    if (message.length > MAX_MESSAGE && colon > 0) {
      const rest = message.slice(colon + 2);
      detail = [rest.charAt(0).toUpperCase() + rest.slice(1), detail].filter(Boolean).join(' ');
      message = `${message.slice(0, colon)}.`;
    }
    this.report({ span, code, severity: 'error', message, ...(detail ? { detail } : {}) });
  }

  reportAll(items: readonly ErrorItem[]): void {
    for (const item of items) {
      if (item.children) this.group(item, item.children);
      else this.leaf(item);
    }
  }

  /** Type and value findings point at the value itself; an empty value (`web:`) has no text, so its key. */
  private valueSpan(at: Located): Span {
    const s = at.node.span;
    return s.start === s.end && at.exact && at.pair ? at.pair.keySpan : s;
  }

  /** A failed oneOf: report the branch that fits the value's type, else say what is accepted. */
  private group(item: ErrorItem, children: readonly ErrorItem[]): void {
    const at = locate(this.root, item.segs);
    if (item.err.params.passingSchemas) {   // oneOf failed because several forms match (not seen with today's spec)
      this.emit(at.node.span, 'schema', `${label(item.segs)} matches more than one form compose accepts; it is ambiguous.`);
      return;
    }
    // Branches whose type does not match the value fail with a lone `type` error at the group's own place.
    const mismatch: SchemaError[] = [];
    const rest: ErrorItem[] = [];
    for (const c of children) {
      if (!c.children && c.err.keyword === 'type' && c.segs.length === item.segs.length) mismatch.push(c.err);
      else rest.push(c);
    }
    const accepted = mismatch.flatMap(typesOf);
    if (at.exact && castsTo(at.node, accepted)) return;   // an interpolated value compose casts into a branch
    if (rest.length) { this.reportAll(rest); return; }
    const data = item.err.data;
    const hint = item.err.parentSchema?.['x-hint'];
    if (typeof hint === 'string') {
      this.emit(this.valueSpan(at), 'schema', `${label(item.segs)} must be ${hint}.`);
    } else if (accepted.length) {
      this.emit(this.valueSpan(at), 'schema', `${label(item.segs)} must be ${typeList(accepted)}, not ${describe(data, at.node)}.`);
    } else {
      this.emit(this.valueSpan(at), 'schema', `${label(item.segs)} does not have a form compose accepts.`);
    }
  }

  private leaf(item: ErrorItem): void {
    const { err, segs } = item;
    const at = locate(this.root, segs);
    const lbl = label(segs);
    const data = err.data;
    switch (err.keyword) {
      case 'additionalProperties': {
        const key = String(err.params.additionalProperty);
        const map = at.node.kind === 'map' ? at.node : undefined;
        const pair = map?.index.get(key);
        const span = pair?.keySpan ?? at.node.span;
        const props = Object.keys(err.parentSchema?.properties ?? {});
        if (!props.length) {
          // Only name patterns here (services:, volumes:, ...): the key is a name with characters compose refuses.
          if (segs.length === 1 && NAMES_CHECKED_ELSEWHERE.has(segs[0])) return;
          const noun = (segs.length === 1 && TOP_NOUN[segs[0]]) || 'name';
          this.emit(span, 'schema', `${q(key)} is not a valid ${noun} name.`, 'Use only letters, digits, ".", "_" and "-".');
          return;
        }
        const inService = segs.length === 2 && segs[0] === 'services';
        if (inService && REPORTED_BY_SWARM_COMPAT.has(key)) return;
        const legacy = inService ? LEGACY_SERVICE_KEYS[key] : undefined;
        const guess = legacy ? undefined : nearest(key, props);
        if (guess) this.emit(span, 'unknown-key', `Unknown key ${q(key)} ${where(segs)}: did you mean ${q(guess)}?`);
        else this.emit(span, 'unknown-key', `Unknown key ${q(key)} ${where(segs)}.`, legacy ? `It is ${legacy}.`
          : `Compose refuses it. Remove it, or name it "x-${key.replace(/^x-/, '')}" to keep it as an extension.`);
        return;
      }
      case 'type': {
        const types = typesOf(err);
        if (at.exact && castsTo(at.node, types)) return;
        // `[integer, string]` fields take strings only so `${VAR}` can stand there: say what compose casts to.
        const cast = castTypeOf(err.parentSchema?.pattern);
        this.emit(this.valueSpan(at), 'schema', `${lbl} must be ${cast ? TYPE_WORDS[cast] : typeList(types)}, not ${describe(data, at.node)}.`);
        return;
      }
      case 'pattern': {
        const cast = castTypeOf(err.params.pattern);
        if (cast) this.emit(this.valueSpan(at), 'schema', `${lbl} must be ${TYPE_WORDS[cast]}, not ${describe(data, at.node)}.`);
        else this.emit(this.valueSpan(at), 'schema', `${lbl} has an invalid value ${typeof data === 'string' ? q(data) : describe(data, at.node)}.`, `It must match ${String(err.params.pattern)}.`);
        return;
      }
      case 'enum': {
        const allowed = Array.isArray(err.params.allowedValues) ? err.params.allowedValues.map(String) : [];
        const guess = typeof data === 'string' ? nearest(data, allowed) : undefined;
        const list = allowed.map((a) => q(a)).join(', ');
        if (guess) this.emit(this.valueSpan(at), 'schema', `${lbl} is ${describe(data, at.node)}: did you mean ${q(guess)}?`, `It must be one of ${list}.`);
        else this.emit(this.valueSpan(at), 'schema', `${lbl} must be one of ${list}, not ${describe(data, at.node)}.`);
        return;
      }
      case 'required': {
        const missing = String(err.params.missingProperty);
        // The key that holds the mapping is shorter to underline than the whole mapping.
        const span = at.exact && at.pair ? at.pair.keySpan : at.node.span;
        this.emit(span, 'schema', `${lbl} is missing the required key ${q(missing)}.`);
        return;
      }
      case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum': {
        const cmp = String(err.params.comparison);
        this.emit(this.valueSpan(at), 'schema', `${lbl} must be ${cmp} ${String(err.params.limit)}, not ${describe(data, at.node)}.`);
        return;
      }
      case 'uniqueItems': {
        const i = Number(err.params.i), j = Number(err.params.j);
        const dupAt = locate(this.root, [...segs, String(Math.max(i, j))]);
        const item = dupAt.exact && dupAt.node.kind === 'scalar' ? ` ${q(String(dupAt.node.value))}` : '';
        this.emit(dupAt.node.span, 'schema', `${lbl} lists the same item${item} twice.`, 'Compose refuses duplicates: remove one.');
        return;
      }
      default:
        this.emit(this.valueSpan(at), 'schema', `${lbl} is not valid here (${err.keyword}).`);
    }
  }
}
