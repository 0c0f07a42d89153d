/**
 * What the compose-spec schema (src/core/schema/compose-spec.schema.json, the one the validator is generated
 * from) says about a place in a compose file: its keys with their descriptions, the shape of each value and the
 * values it takes. Read lazily, on the first completion: the lint path never loads it.
 */
import { compareText } from '../stack/text';

interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  patternProperties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  deprecated?: boolean;
}

export type ValueShape = 'mapping' | 'list' | 'scalar';

export interface SchemaKey {
  key: string;
  description: string | undefined;
  shape: ValueShape;
  /** Values the key takes, when the schema lists them (an enum, or the quoted options its description names). */
  values: string[];
  deprecated: boolean;
}

let root: JsonSchema | undefined;
const patterns = new Map<string, RegExp>();

function schema(): JsonSchema {
  // lazy: only completion reads the schema's text
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous lazy load of the large schema JSON
  root ??= require('../schema/compose-spec.schema.json') as JsonSchema;
  return root;
}

function deref(s: JsonSchema, depth = 0): JsonSchema {
  if (!s.$ref || depth > 16) return s;
  const m = /^#\/definitions\/(.+)$/.exec(s.$ref);
  const target = m ? (schema() as { definitions?: Record<string, JsonSchema> }).definitions?.[m[1]] : undefined;
  return target ? deref(target, depth + 1) : s;
}

/** The alternatives a schema stands for: `$ref` followed, `oneOf`/`anyOf`/`allOf` flattened. */
function alternatives(s: JsonSchema, out: JsonSchema[] = [], depth = 0): JsonSchema[] {
  const d = deref(s);
  if (depth > 8) return out;
  const subs = [...(d.oneOf ?? []), ...(d.anyOf ?? []), ...(d.allOf ?? [])];
  if (subs.length) {
    if (d.properties || d.type) out.push(d);
    for (const x of subs) alternatives(x, out, depth + 1);
  } else out.push(d);
  return out;
}

function types(s: JsonSchema): string[] {
  return s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
}

function regex(p: string): RegExp | undefined {
  let r = patterns.get(p);
  if (!r) {
    try {
      r = new RegExp(p);
    } catch {
      return undefined;
    }
    patterns.set(p, r);
  }
  return r;
}

/** The schema of `key` in the mapping `s`: a property, else a pattern it matches (`x-` extensions aside), else additionalProperties. */
function child(s: JsonSchema, key: string): JsonSchema | undefined {
  const p = s.properties?.[key];
  if (p) return p;
  for (const [pat, sub] of Object.entries(s.patternProperties ?? {})) {
    if (pat === '^x-' && !key.startsWith('x-')) continue;
    if (regex(pat)?.test(key)) return sub;
  }
  return typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
}

/** The schemas (alternatives) of the value at `path` (keys, `-` for a list's items). Empty when the schema does not know it. */
export function schemasAt(path: readonly string[]): JsonSchema[] {
  let cur: JsonSchema[] = [schema()];
  for (const seg of path) {
    const next: JsonSchema[] = [];
    for (const s of cur) {
      for (const alt of alternatives(s)) {
        if (seg === '-') {
          if (alt.items) next.push(alt.items);
        } else {
          const c = child(alt, seg);
          if (c) next.push(c);
        }
      }
    }
    if (!next.length) return [];
    cur = next;
  }
  return cur;
}

/** The keys a mapping at `path` may hold, in the schema's order. */
export function keysAt(path: readonly string[]): SchemaKey[] {
  const out = new Map<string, SchemaKey>();
  for (const s of schemasAt(path)) {
    for (const alt of alternatives(s)) {
      for (const [key, sub] of Object.entries(alt.properties ?? {})) if (!out.has(key)) out.set(key, describe(key, sub));
    }
  }
  return [...out.values()];
}

/** What the schema says of `key` under `path`. */
export function keyAt(path: readonly string[], key: string): SchemaKey | undefined {
  const subs = schemasAt([...path, key]);
  return subs.length ? describe(key, subs[0]) : undefined;
}

function describe(key: string, s: JsonSchema): SchemaKey {
  const alts = alternatives(s);
  const description = s.description ?? deref(s).description ?? alts.find((a) => a.description)?.description;
  return {
    key,
    description,
    shape: shapeOf(alts),
    values: valuesOf(alts, description),
    deprecated: alts.some((a) => a.deprecated === true) || s.deprecated === true,
  };
}

/**
 * How a value is best written: a list when the schema takes one (and its mapping form is only a map of names to
 * settings, as `networks` and `depends_on`), a mapping when it takes one, else a scalar.
 */
function shapeOf(alts: JsonSchema[]): ValueShape {
  const obj = alts.find((a) => types(a).includes('object') || a.properties);
  const arr = alts.some((a) => types(a).includes('array') || a.items);
  if (obj && (obj.properties || !arr)) return 'mapping';
  if (obj && arr) {
    // list_or_dict (environment, labels): values are scalars, the mapping reads better; a map of names to settings: the list.
    const vals = Object.values(obj.patternProperties ?? {}).flatMap((v) => alternatives(v));
    return vals.some((v) => types(v).includes('object') || v.properties) ? 'list' : 'mapping';
  }
  return arr ? 'list' : 'scalar';
}

/** An enum, else the options a string's description quotes ("'vip' (default) or 'dnsrr'"), never its examples. */
function valuesOf(alts: JsonSchema[], description: string | undefined): string[] {
  const en = alts.flatMap((a) => (a.enum ?? []).filter((v): v is string => typeof v === 'string'));
  if (en.length) return [...new Set(en)];
  if (!description || !alts.some((a) => types(a).includes('string')) || /e\.g\.|example/i.test(description)) return [];
  const quoted = [...description.matchAll(/'([A-Za-z0-9][A-Za-z0-9_.-]*)'/g)].map((m) => m[1]);
  if (quoted.length) return [...new Set(quoted)];
  const pair = /\(([a-z0-9]+) or ([a-z0-9]+)\)/.exec(description); // "The port protocol (tcp or udp)."
  return pair ? [pair[1], pair[2]] : [];
}

/** Every key the schema knows anywhere (for tests and diagnostics of the schema itself). */
export function allSchemaKeys(): string[] {
  const defs = (schema() as { definitions?: Record<string, JsonSchema> }).definitions ?? {};
  const out = new Set<string>();
  for (const d of Object.values(defs)) for (const a of alternatives(d)) for (const k of Object.keys(a.properties ?? {})) out.add(k);
  return [...out].sort(compareText);
}
