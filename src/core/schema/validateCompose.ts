/**
 * Typed access to the compose-spec validator that `scripts/gen-schema.mjs` generates at build time
 * (ajv standalone code): no schema compilation at run time, which keeps the CLI's start-up small.
 */

/** A JSON schema fragment, as far as the structure rule reads it (verbose errors carry them). */
export interface SchemaNode {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  patternProperties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  enum?: unknown[];
  pattern?: string;
  [keyword: string]: unknown;
}

/** ajv's error object with `verbose: true` (schema, parentSchema and data are set). */
export interface SchemaError {
  /** JSON pointer into the validated value, e.g. `/services/web/deploy/replicas`. */
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  schema?: unknown;
  parentSchema?: SchemaNode;
  data?: unknown;
}

/** What a `pattern` error's pattern means when the generator added it: the type compose casts the string to. */
export type CastType = 'integer' | 'number' | 'boolean';

interface GeneratedModule {
  (data: unknown): boolean;
  errors?: SchemaError[] | null;
  castPatterns: Record<string, CastType>;
}

let generated: GeneratedModule | undefined;

function load(): GeneratedModule {
  if (!generated) {
    try {
      // A plain require (not an import) so a missing generated file fails here with a clear message,
      // inside the rule, instead of breaking every module that imports the core. esbuild bundles it.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberately lazy and synchronous, see above
      generated = require('./validate-compose.generated.js') as GeneratedModule;
    } catch (e) {
      throw new Error(`The compose schema validator is not generated; run "node scripts/gen-schema.mjs" (${(e as Error).message})`);
    }
  }
  return generated;
}

/** Validate one compose document (plain JSON-like value); every error, not only the first. */
export function validateCompose(doc: unknown): SchemaError[] {
  const v = load();
  return v(doc) ? [] : (v.errors ?? []).slice();
}

/** The cast type a generated `pattern` stands for, or undefined for the spec's own patterns. */
export function castTypeOf(pattern: unknown): CastType | undefined {
  return typeof pattern === 'string' ? load().castPatterns[pattern] : undefined;
}
