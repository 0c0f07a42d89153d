import { makeMap, mapSet, ScalarStyle, ScalarValue, YMap, YNode } from './node';
import { type AliasBudget, MAX_DEPTH } from './aliasBudget';
import { isSpaceAt } from './chars';
import { mayShareNodes, type SourceFile, type Span } from './source';

/**
 * The fast path for well-formed files: js-yaml parses about ten times faster than the `yaml` library, and its
 * listener events give each node's offsets. We rebuild the located tree from those events and check it against
 * js-yaml's own result; anything unusual (an error, a null list item, explicit keys...) returns undefined and
 * the caller takes the `yaml` library's path, which reports every error with its range.
 */
interface Built {
  open: number;
  close: number;
  kind: string | null;
  result: unknown;
  kids: Built[];
}

export class FastPathRefused extends Error {}

let jsYamlLib: typeof import('js-yaml') | undefined;
/** js-yaml, loaded when a file first needs it: the block reader (blockYaml.ts) reads most compose files without it. */
function jsYaml(): typeof import('js-yaml') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous lazy load, off the block reader's path
  return (jsYamlLib ??= require('js-yaml') as typeof import('js-yaml'));
}

/** The kids of a node that has none yet: shared, and replaced by a node's own array at its first kid (most are scalars). */
const NO_KIDS: Built[] = [];

export function fastParse(file: SourceFile, budget: AliasBudget): YNode | undefined {
  const text = file.text;
  // The nodes still open; each is completed in place when it closes.
  const stack: Built[] = [];
  let root: Built | undefined;
  // js-yaml drops a leading byte-order mark before it counts positions: add it back, or every range is one short.
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const { load, CORE_SCHEMA } = jsYaml();
  try {
    load(text, {
      schema: CORE_SCHEMA,
      json: false,
      listener(event, state) {
        if (event === 'open') {
          stack.push({ open: state.position + bom, close: -1, kind: null, result: undefined, kids: NO_KIDS });
          return;
        }
        let b = stack.pop()!;
        b.close = state.position + bom;
        b.kind = state.kind;
        b.result = state.result;
        // js-yaml wraps some nodes twice (properties, list items, the document): keep the inner one.
        while (b.kids.length === 1 && b.kids[0].close === b.close && b.kids[0].result === b.result) b = b.kids[0];
        const parent = stack[stack.length - 1];
        if (parent) {
          if (parent.kids === NO_KIDS) parent.kids = [b];
          else parent.kids.push(b);
        } else root = b;
      },
    });
  } catch {
    return undefined;
  }
  if (!root || (root.kind === null && root.result == null)) return undefined;
  return new Rebuilder(file, budget).node(root, 0);
}

const STYLE: Record<string, ScalarStyle> = { '"': 'double', "'": 'single', '|': 'block', '>': 'block' };

class Rebuilder {
  /** js-yaml's result -> our node, for aliases; a file with no `*` has no alias, so nothing is kept (most files). */
  private readonly objects: Map<object, YNode> | undefined;
  constructor(
    private readonly file: SourceFile,
    private readonly budget: AliasBudget,
  ) {
    this.objects = mayShareNodes(file) ? new Map() : undefined;
  }

  /** First offset of a node's own text: past blanks, comments, anchors and tags. */
  private start(from: number, limit: number): number {
    const t = this.file.text;
    let i = from;
    for (;;) {
      let c = t.charCodeAt(i);
      while (i < limit && (c === 32 || c === 9 || c === 10 || c === 13)) c = t.charCodeAt(++i);
      if (t[i] === '#') {
        while (i < limit && t[i] !== '\n') i++;
        continue;
      }
      if ((t[i] === '&' || t[i] === '!') && i < limit) {
        while (i < limit && !isSpaceAt(t, i)) i++;
        continue;
      }
      return i;
    }
  }

  private end(b: Built, start: number): number {
    const t = this.file.text;
    let e = b.close;
    while (e > start && isSpaceAt(t, e - 1)) e--;
    return e;
  }

  private span(start: number, end: number): Span {
    return { file: this.file, start, end };
  }

  node(b: Built, depth: number): YNode {
    const t = this.file.text;
    const start = this.start(b.open, Math.max(b.close, b.open));
    if (depth > MAX_DEPTH) this.budget.depth(depth, this.span(start, start + 1)); // throws; no span made per node
    if (t[start] === '*') {
      const target = typeof b.result === 'object' && b.result !== null ? this.objects?.get(b.result) : undefined;
      const at = this.span(start, this.end(b, start));
      if (typeof b.result === 'object' && b.result !== null) {
        if (!target) throw new FastPathRefused();
        this.budget.aliasDepth(target, depth, at);
        this.budget.charge(target, at);
        return target;
      }
      return { kind: 'scalar', value: b.result as ScalarValue, span: at, style: 'plain' };
    }
    if (b.kind === 'mapping') return this.map(b, start, depth);
    if (b.kind === 'sequence') {
      const arr = b.result as unknown[];
      if (!Array.isArray(arr) || arr.length !== b.kids.length) throw new FastPathRefused(); // e.g. a bare `-` item
      const items = b.kids.map((k) => this.node(k, depth + 1)); // map, not push: an array of its exact size
      const flow = t[start] === '[';
      let end = start; // a loop, not Math.max(...items): 150,000 arguments overflow the stack
      if (flow) end = this.end(b, start);
      else for (const i of items) end = Math.max(end, i.span.end);
      const seq: YNode = { kind: 'seq', span: this.span(start, end), items };
      this.objects?.set(arr, seq);
      return seq;
    }
    const v = b.result;
    if (v !== null && typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw new FastPathRefused();
    if (v === null && b.kind === null) {
      // An empty value: a zero-width span right where it would be written.
      return { kind: 'scalar', value: null, span: this.span(b.open, b.open), style: 'plain' };
    }
    return { kind: 'scalar', value: v, span: this.span(start, this.end(b, start)), style: STYLE[t[start]] ?? 'plain' };
  }

  private map(b: Built, start: number, depth: number): YMap {
    const obj = b.result as Record<string, unknown>;
    if (b.kids.length % 2 !== 0 || Object.keys(obj).length !== b.kids.length / 2) throw new FastPathRefused();
    const t = this.file.text;
    const flow = t[start] === '{';
    const m = makeMap(this.span(start, start), []);
    let end = start;
    const merges: YNode[] = [];
    for (let i = 0; i < b.kids.length; i += 2) {
      const k = b.kids[i];
      const ks = this.start(k.open, k.close);
      if (k.kind !== 'scalar' || t[ks] === '?' || t[ks] === '*') throw new FastPathRefused();
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a scalar's result (js-yaml): never a mapping
      const key = k.result === null ? '' : String(k.result);
      const keySpan = this.span(ks, this.end(k, ks));
      const value = this.node(b.kids[i + 1], depth + 1);
      if (key === '<<' && STYLE[t[ks]] === undefined) {
        merges.push(value);
        continue;
      }
      mapSet(m, { key, keySpan, value });
      if (!flow) end = Math.max(end, keySpan.end, value.span.end);
    }
    for (const src of merges) {
      // YAML merge key, as compose honours it: copy pairs not set explicitly (earlier sources win).
      const sources = src.kind === 'seq' ? src.items : [src];
      for (const s of sources) {
        if (s.kind !== 'map') throw new FastPathRefused(); // the slow path reports it
        for (const p of s.pairs) if (!m.index.has(p.key)) mapSet(m, p);
      }
    }
    if (flow) end = this.end(b, start);
    m.span.end = end;
    this.objects?.set(obj, m);
    return m;
  }
}
