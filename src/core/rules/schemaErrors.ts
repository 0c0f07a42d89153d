// The structure rule's input and its errors: the value as the user wrote it (what the validator checks), and ajv's
// errors folded into a tree, each located back in the YAML.
import type { YNode, YPair } from '../model/node';
import type { SchemaError } from '../schema/validateCompose';

/**
 * Plain value for the validator. The loader turned `- KEY=value` / `- name` lists into mappings
 * (`fromSeq` keeps the list); compose validates the list, so the list is what goes in. Memoised per node
 * because aliases share nodes: an aliased subtree is converted once. No memo for a tree that shares no node.
 */
export function toWritten(n: YNode, memo: Map<YNode, unknown> | undefined): unknown {
  if (n.kind === 'scalar') return n.value;
  const known = memo?.get(n);
  if (known !== undefined) return known;
  let out: unknown;
  if (n.kind === 'seq' || n.fromSeq) {
    const items = (n.kind === 'seq' ? n : n.fromSeq!).items;
    const arr: unknown[] = new Array(items.length);
    memo?.set(n, arr);
    for (let i = 0; i < items.length; i++) arr[i] = toWritten(items[i], memo);
    out = arr;
  } else {
    const o: Record<string, unknown> = {};
    memo?.set(n, o);
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

export interface Located {
  /** The node at the path (or the deepest one the path reached). */
  node: YNode;
  /** The mapping entry holding it, when it is a mapping's value: its key span is where key findings go. */
  pair: YPair | undefined;
  exact: boolean;
}

/** Follow a JSON pointer from the validator back into the located tree, seeing `fromSeq` maps as their list. */
export function locate(root: YNode, segs: readonly string[]): Located {
  let node: YNode = root;
  let pair: YPair | undefined;
  for (const seg of segs) {
    const view = node.kind === 'map' && node.fromSeq ? node.fromSeq : node;
    let next: YNode | undefined;
    let nextPair: YPair | undefined;
    if (view.kind === 'seq') next = /^\d+$/.test(seg) ? view.items[Number(seg)] : undefined;
    else if (view.kind === 'map') {
      nextPair = view.index.get(seg);
      next = nextPair?.value;
    }
    if (!next) return { node, pair, exact: false };
    node = next;
    pair = nextPair;
  }
  return { node, pair, exact: true };
}

function splitPointer(p: string): string[] {
  return p === ''
    ? []
    : p
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

// ---------------------------------------------------------------------------------------------------
// ajv's errors as a tree

export interface ErrorItem {
  err: SchemaError;
  segs: string[];
  children?: ErrorItem[];
}

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
export function buildTree(errors: readonly SchemaError[]): ErrorItem[] {
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
