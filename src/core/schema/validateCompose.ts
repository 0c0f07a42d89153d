/**
 * The compose-spec validator: the schema as `scripts/gen-schema.mjs` prepares it at build time, checked by
 * `schemaChecks.ts`. Errors have the shape of ajv's (allErrors, verbose), which the structure rule words.
 */
import { SchemaChecks, type SchemaSource } from './schemaChecks';

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

/** One error, in the shape of ajv's with `verbose: true` (schema, parentSchema and data are set). */
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
  root: () => SchemaNode;
  /** Each definition built by a call, so a lint builds only what its files reach. */
  definitions: Record<string, () => SchemaNode>;
  castPatterns: Record<string, CastType>;
}

/** The generated schema as the checks read it. */
export function generatedSource(mod: Pick<GeneratedModule, 'root' | 'definitions'>): SchemaSource {
  const names = Object.keys(mod.definitions);
  return {
    root: mod.root(),
    definition: (name) => (Object.hasOwn(mod.definitions, name) ? mod.definitions[name]() : undefined),
    definitionNames: () => names,
  };
}

let generated: { checks: SchemaChecks; castPatterns: Record<string, CastType> } | undefined;

function load(): NonNullable<typeof generated> {
  if (!generated) {
    let mod: GeneratedModule;
    try {
      // A plain require (not an import) so a missing generated file fails here with a clear message,
      // inside the rule, instead of breaking every module that imports the core. esbuild bundles it.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberately lazy and synchronous, see above
      mod = require('./compose-schema.generated.js') as GeneratedModule;
    } catch (e) {
      throw new Error(`The compose schema is not generated; run "node scripts/gen-schema.mjs" (${(e as Error).message})`);
    }
    generated = { checks: new SchemaChecks(generatedSource(mod)), castPatterns: mod.castPatterns };
  }
  return generated;
}

/** Validate one compose document (plain JSON-like value); every error, not only the first. */
export function validateCompose(doc: unknown): SchemaError[] {
  return load().checks.validate(doc);
}

/** The cast type a generated `pattern` stands for, or undefined for the spec's own patterns. */
export function castTypeOf(pattern: unknown): CastType | undefined {
  return typeof pattern === 'string' ? load().castPatterns[pattern] : undefined;
}
