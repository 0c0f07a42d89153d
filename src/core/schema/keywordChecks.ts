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
  // types, else every pair compared, both from the end of the list.
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
    for (; i--;) {
      for (let j = i; j--;) {
        if (deepEqual(a[i], a[j])) {
          out?.push(err(path, { i, j }, data));
          return false;
        }
      }
    }
    return true;
  };
}
