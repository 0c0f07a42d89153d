// What every compiled schema check shares: the check's signature, ajv's keyword groups and their order, the type
// tests and JSON-pointer segments. (schemaChecks.ts compiles; keywordChecks.ts holds the keywords' own checks.)
import type { SchemaError, SchemaNode } from './validateCompose';

/** `out` null: only say whether `data` is valid (may stop early). Otherwise append every error; true when none. */
export type Check = (data: unknown, path: string, out: SchemaError[] | null) => boolean;

export type Schema = SchemaNode | boolean;

/** Makes one keyword's error (ajv's verbose shape) at a data path. */
export type ErrorOf = (path: string, params: Record<string, unknown>, data: unknown) => SchemaError;

/** Keywords that only annotate: no check. (ajv: metadata vocabulary, and formats all accepted.) */
export const ANNOTATIONS = new Set([
  '$schema',
  '$id',
  '$comment',
  'title',
  'description',
  'default',
  'deprecated',
  'examples',
  'readOnly',
  'writeOnly',
  'definitions',
  'format',
]);

/**
 * ajv's keyword groups, in the order its generated code checks them: first the keywords for any type, then per type
 * (a group applies only when the value has its type). Within a group, the order ajv registers keywords.
 */
export const ANY_TYPE = ['$ref', 'enum', 'oneOf'] as const;
export const GROUPS = {
  number: ['maximum', 'minimum', 'exclusiveMaximum', 'exclusiveMinimum'],
  string: ['pattern'],
  array: ['items', 'uniqueItems'], // ajv puts items before uniqueItems
  object: ['required', 'additionalProperties', 'properties', 'patternProperties'],
} as const;
export type GroupType = keyof typeof GROUPS;
export const GROUP_ORDER = Object.keys(GROUPS) as GroupType[];

export function isGroup(t: string): t is GroupType {
  return t === 'number' || t === 'string' || t === 'array' || t === 'object';
}

/** Whether `node` has a keyword of the group (ajv then checks that type in the group's place). */
export function groupUsed(g: GroupType, node: SchemaNode): boolean {
  const kws = GROUPS[g];
  for (let i = 0; i < kws.length; i++) if (node[kws[i]] !== undefined) return true;
  return false;
}

/** `{ $ref }` and annotations only: the referred definition's check is this schema's. */
export function onlyRef(node: SchemaNode): boolean {
  for (const k in node) if (k !== '$ref' && isRule(k)) return false;
  return true;
}
export const SUPPORTED = new Set<string>([...ANY_TYPE, 'type', ...Object.values(GROUPS).flat()]);

export const ALWAYS: Check = () => true;
export const PASSED = Symbol('passed');

export function isObject(d: unknown): d is Record<string, unknown> {
  return d !== null && typeof d === 'object' && !Array.isArray(d);
}

export function hasType(t: string, d: unknown): boolean {
  switch (t) {
    case 'object':
      return isObject(d);
    case 'array':
      return Array.isArray(d);
    case 'null':
      return d === null;
    case 'integer':
      return typeof d === 'number' && !(d % 1) && !isNaN(d);
    default:
      return typeof d === t; // string, number, boolean
  }
}

/** A key as a JSON-pointer segment (RFC 6901), as ajv writes instancePath. */
export function seg(key: string): string {
  return key.indexOf('~') < 0 && key.indexOf('/') < 0 ? key : key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Any key but an annotation checks something (a keyword these checks do not know fails when compiled). */
export function isRule(k: string): boolean {
  return !ANNOTATIONS.has(k) && !k.startsWith('x-');
}

/** A schema that checks nothing: `true`, `{}`, or only annotations. */
export function alwaysValid(schema: Schema): boolean {
  if (schema === true) return true;
  if (schema === false) return false;
  for (const k in schema) if (isRule(k)) return false;
  return true;
}

/**
 * Every step, in order: stops at the first failure when not collecting, else runs them all. (The loops over arrays in
 * these files are indexed, not for-of: in a lint's fresh process this code runs unoptimized, where for-of allocates an
 * iterator and a result object per step, a quarter of a megabyte for one small stack.)
 */
export function all(steps: readonly Check[], data: unknown, path: string, out: SchemaError[] | null): boolean {
  let ok = true;
  for (let i = 0; i < steps.length; i++) {
    if (steps[i](data, path, out)) continue;
    if (!out) return false;
    ok = false;
  }
  return ok;
}
