// The checks of keywords that look at the value alone (no sub-schema): each as ajv's generated code checks it, with
// its error's params.
import { ALWAYS, hasType, type Check, type ErrorOf, type Schema } from './checkBasics';
import type { SchemaNode } from './validateCompose';
// ajv's deep equality (fast-deep-equal), so enum and uniqueItems compare exactly as the generated code did.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS module with a default export
const deepEqual = (require('ajv/dist/runtime/equal') as { default: (a: unknown, b: unknown) => boolean }).default;

export function enumCheck(allowed: readonly unknown[], err: ErrorOf): Check {
  return (data, path, out) => {
    for (let i = 0; i < allowed.length; i++) {
      const v = allowed[i];
      if (v === data || (v !== null && typeof v === 'object' && deepEqual(v, data))) return true;
    }
    out?.push(err(path, { allowedValues: allowed }, data));
    return false;
  };
}

const LIMITS: Record<string, [string, (d: number, limit: number) => boolean]> = {
  minimum: ['>=', (d, l) => d < l],
  maximum: ['<=', (d, l) => d > l],
  exclusiveMinimum: ['>', (d, l) => d <= l],
  exclusiveMaximum: ['<', (d, l) => d >= l],
};

/** minimum, maximum, exclusiveMinimum, exclusiveMaximum (on numbers: the caller's group tests the type). */
export function limitCheck(keyword: string, limit: number, err: ErrorOf): Check {
  const [comparison, fails] = LIMITS[keyword];
  return (data, path, out) => {
    if (!fails(data as number, limit)) return true;
    out?.push(err(path, { comparison, limit }, data));
    return false;
  };
}

export function patternCheck(source: string, re: RegExp, err: ErrorOf): Check {
  return (data, path, out) => {
    if (re.test(data as string)) return true;
    out?.push(err(path, { pattern: source }, data));
    return false;
  };
}

export function requiredCheck(names: readonly string[], err: ErrorOf): Check {
  return (data, path, out) => {
    const o = data as Record<string, unknown>;
    let ok = true;
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      if (o[name] !== undefined) continue;
      if (!out) return false;
      out.push(err(path, { missingProperty: name }, data));
      ok = false;
    }
    return ok;
  };
}

export function uniqueItemsCheck(node: SchemaNode, err: ErrorOf): Check {
  if (node.uniqueItems !== true) return ALWAYS;
  const items = node.items as Schema | undefined;
  const itemTypes = items && typeof items === 'object' && items.type !== undefined ? (Array.isArray(items.type) ? items.type : [items.type]) : [];
  // ajv's two loops (their i and j are what the error names): a lookup table when the items are scalars of known
  // types, else every pair compared, both from the end of the list (lastDuplicate finds the same pair sooner).
  const scalars = itemTypes.length > 0 && !itemTypes.some((t) => t === 'object' || t === 'array');
  return (data, path, out) => {
    const a = data as unknown[];
    let i = a.length;
    if (i <= 1) return true;
    if (scalars) {
      const indices: Record<string, unknown> = {};
      for (; i--;) {
        let item = a[i];
        let typed = false;
        for (let t = 0; t < itemTypes.length && !typed; t++) typed = hasType(itemTypes[t], item);
        if (!typed) continue;
        if (itemTypes.length > 1 && typeof item === 'string') item += '_';
        const key = item as string;
        if (typeof indices[key] === 'number') {
          out?.push(err(path, { i, j: indices[key] }, data));
          return false;
        }
        indices[key] = i;
      }
      return true;
    }
    const dup = lastDuplicate(a);
    if (!dup) return true;
    out?.push(err(path, { i: dup[0], j: dup[1] }, data));
    return false;
  };
}

/**
 * The pair ajv's loop over every pair names (i from the end, then j from i down): the last item equal to an earlier
 * one, and the last such earlier one. Items are first grouped by a key equal items share, so only items of one group
 * are compared: pairwise, a list of 20,000 port mappings took ten seconds (a freeze, in the editor).
 */
export function lastDuplicate(a: readonly unknown[], equal: (x: unknown, y: unknown) => boolean = deepEqual): [number, number] | undefined {
  const groups = new Map<string, number[]>();
  for (let k = 0; k < a.length; k++) {
    const key = itemKey(a[k]);
    const g = groups.get(key);
    if (g) g.push(k);
    else groups.set(key, [k]);
  }
  let best: [number, number] | undefined;
  groups.forEach((g) => {
    // Indices ascend: the first i (from the end) with an equal earlier item is this group's last duplicate.
    for (let x = g.length - 1; x > 0 && (!best || g[x] > best[0]); x--) {
      for (let y = x - 1; y >= 0; y--) {
        if (equal(a[g[x]], a[g[y]])) {
          best = [g[x], g[y]];
          return;
        }
      }
    }
  });
  return best;
}

/**
 * The same text for items deep equality calls equal (keys sorted; NaN and -0 as equality sees them), different text
 * otherwise, so a group holds only equal items and the comparisons above are one per duplicate.
 */
function itemKey(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || typeof v !== 'object') return `${typeof v}:${String(v)}`;
  let key: string;
  if (Array.isArray(v)) {
    key = '[';
    for (let k = 0; k < v.length; k++) key += `${itemKey(v[k])},`;
    return `${key}]`;
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort();
  key = '{';
  for (let k = 0; k < keys.length; k++) key += `${JSON.stringify(keys[k])}:${itemKey(o[keys[k]])},`;
  return `${key}}`;
}
