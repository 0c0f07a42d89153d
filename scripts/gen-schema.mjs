// Generates src/core/schema/compose-schema.generated.js: the compose-spec JSON schema as the structure rule checks
// it (descriptions dropped, compose's casts and the oneOf hints added), which src/core/schema/schemaChecks.ts
// interprets. Done once at build time so no lint pays for it.
//
// Usage: `node scripts/gen-schema.mjs` (called by scripts/build.mjs, `pretest:unit` and the test scripts).
// `--force` regenerates even when the output is up to date.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const schemaFile = join(root, 'src/core/schema/compose-spec.schema.json');
const outFile = join(root, 'src/core/schema/compose-schema.generated.js');

/**
 * compose-spec types many numeric and boolean fields as `[T, "string"]` only so that `${VAR}` passes
 * validation before interpolation; compose then casts the interpolated string and fails on `two`.
 * We validate interpolated values, so these fields get a pattern accepting only strings compose can cast
 * (the cast list of compose-go's loader). Fields whose strings mean something else ("2g", "8000-8010",
 * "1400us", "0440") are left alone.
 */
const INT = '^[+-]?[0-9]+$';
const NUMBER = '^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?$';
// compose-go's toBoolean: true/yes/y/on and false/no/n/off, case-insensitive (schema patterns have no flags).
const BOOL = `^(${['true', 'yes', 'y', 'on', 'false', 'no', 'n', 'off'].map((w) => [...w].map((c) => `[${c}${c.toUpperCase()}]`).join('')).join('|')})$`;
const CAST_PATTERNS = { [INT]: 'integer', [NUMBER]: 'number', [BOOL]: 'boolean' };

const S = '/definitions/service/properties';
const D = '/definitions/deployment/properties';
const CASTS = {
  [INT]: [
    `${D}/replicas`,
    `${D}/update_config/properties/parallelism`,
    `${D}/rollback_config/properties/parallelism`,
    `${D}/restart_policy/properties/max_attempts`,
    `${D}/placement/properties/max_replicas_per_node`,
    `${D}/resources/properties/limits/properties/pids`,
    `${S}/scale`,
    `${S}/mem_swappiness`,
    `${S}/pids_limit`,
    `${S}/cpu_shares`,
    `${S}/cpu_quota`,
    `${S}/cpu_period`,
    `${S}/ports/items/oneOf/2/properties/target`,
    '/definitions/healthcheck/properties/retries',
    '/definitions/ulimits/patternProperties/^[a-z]+$/oneOf/0',
    '/definitions/ulimits/patternProperties/^[a-z]+$/oneOf/1/properties/hard',
    '/definitions/ulimits/patternProperties/^[a-z]+$/oneOf/1/properties/soft',
  ],
  [NUMBER]: [
    `${S}/cpus`,
    `${D}/resources/properties/limits/properties/cpus`,
    `${D}/resources/properties/reservations/properties/cpus`,
    `${D}/update_config/properties/max_failure_ratio`,
    `${D}/rollback_config/properties/max_failure_ratio`,
  ],
  [BOOL]: [
    `${S}/init`,
    `${S}/oom_kill_disable`,
    `${S}/privileged`,
    `${S}/read_only`,
    `${S}/stdin_open`,
    `${S}/tty`,
    `${S}/attach`,
    `${S}/build/oneOf/1/properties/no_cache`,
    `${S}/build/oneOf/1/properties/pull`,
    `${S}/build/oneOf/1/properties/privileged`,
    `${S}/volumes/items/oneOf/1/properties/read_only`,
    `${S}/volumes/items/oneOf/1/properties/volume/properties/nocopy`,
    `${S}/volumes/items/oneOf/1/properties/bind/properties/create_host_path`,
    '/definitions/healthcheck/properties/disable',
    '/definitions/network/properties/internal',
    '/definitions/network/properties/attachable',
    '/definitions/network/properties/enable_ipv4',
    '/definitions/network/properties/enable_ipv6',
    '/definitions/network/properties/external',
    '/definitions/volume/properties/external',
    '/definitions/secret/properties/external',
    '/definitions/config/properties/external',
  ],
};

/**
 * What a `oneOf` place accepts, in words ("<label> must be <hint>"): a bare oneOf error says only "must match exactly one
 * schema in oneOf". Stored as an `x-hint` annotation on the schema holding the oneOf, which verbose errors
 * hand back as `parentSchema`, so the hint travels with the right place whatever the $ref path was.
 */
const HINTS = {
  '/definitions/list_or_dict': 'a mapping (KEY: value) or a list of "KEY=value" strings',
  [`${S}/ports/items`]: 'a string or number like "8080:80" or a mapping with target/published',
  [`${S}/volumes/items`]: 'a string like "data:/var/lib/data" or a mapping with type/source/target',
  [`${S}/build`]: 'a string (the build context) or a mapping with context/dockerfile',
  [`${S}/extends`]: 'a service name or a mapping with service (and file)',
  [`${S}/networks`]: 'a list of network names or a mapping of network name to its settings',
  [`${S}/networks/oneOf/1/patternProperties/^[a-zA-Z0-9._-]+$`]: 'a mapping (aliases, ipv4_address, ...) or empty',
  [`${S}/depends_on`]: 'a list of service names or a mapping of service name to {condition: ...}',
  '/definitions/ulimits/patternProperties/^[a-z]+$': 'an integer or a mapping with soft and hard',
  '/definitions/service_config_or_secret/items': 'a name or a mapping with source (and target, uid, gid, mode)',
  '/definitions/string_or_list': 'a string or a list of strings',
  '/definitions/command': 'a string or a list of strings',
};

function pointer(obj, ptr) {
  let cur = obj;
  for (const seg of ptr.split('/').slice(1)) {
    cur = cur?.[seg.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (cur === undefined) throw new Error(`gen-schema: ${ptr} is not in the schema (did the schema change?)`);
  }
  return cur;
}

/** Descriptions are only documentation; dropping them keeps the embedded schema small. */
function stripDocs(node) {
  if (Array.isArray(node)) return node.map(stripDocs);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    // `properties` / `patternProperties` / `definitions` hold names, not keywords: a property may be called "description".
    const namesOnly = k === 'properties' || k === 'patternProperties' || k === 'definitions';
    if ((k === 'description' || k === 'title' || k === '$schema') && typeof v === 'string') continue;
    out[k] = namesOnly ? Object.fromEntries(Object.entries(v).map(([n, s]) => [n, stripDocs(s)])) : stripDocs(v);
  }
  return out;
}

const schemaText = readFileSync(schemaFile, 'utf8');
const hash = createHash('sha256')
  .update(schemaText)
  .update(readFileSync(fileURLToPath(import.meta.url)))
  .digest('hex')
  .slice(0, 16);
const stamp = `// generated by scripts/gen-schema.mjs; input hash ${hash}; do not edit`;

if (!process.argv.includes('--force') && existsSync(outFile) && readFileSync(outFile, 'utf8').startsWith(stamp)) {
  process.exit(0); // up to date: the test and build scripts call this every time
}

const t0 = performance.now();
const schema = stripDocs(JSON.parse(schemaText));
for (const [pattern, ptrs] of Object.entries(CASTS)) {
  for (const ptr of ptrs) {
    const s = pointer(schema, ptr);
    if (!Array.isArray(s.type) || !s.type.includes('string')) throw new Error(`gen-schema: ${ptr} does not accept strings`);
    s.pattern = pattern;
  }
}
for (const [ptr, hint] of Object.entries(HINTS)) {
  const s = pointer(schema, ptr);
  if (!Array.isArray(s.oneOf)) throw new Error(`gen-schema: ${ptr} has no oneOf to explain`);
  s['x-hint'] = hint;
}

/**
 * Each key of a definition that has a schema of its own becomes a definition (a `$ref`): a definition is built and
 * compiled when a document first reaches it, and a service has ~80 keys of which a file uses a dozen. Validity and
 * the errors are the same (their order, instancePath, params, schema); a parentSchema's `properties` hold the
 * `$ref`s (the structure rule reads their names), and schemaPath differs, which the rule does not read. Keys whose
 * schema is a `$ref` or a bare type stay.
 */
for (const [name, def] of Object.entries(schema.definitions)) {
  if (!def.properties || name.includes('.')) continue;
  for (const [key, sub] of Object.entries(def.properties)) {
    if (sub.$ref || JSON.stringify(sub).length < 40) continue;
    const id = `${name}.${key}`;
    if (schema.definitions[id]) throw new Error(`gen-schema: definition ${id} exists already`);
    schema.definitions[id] = sub;
    def.properties[key] = { $ref: `#/definitions/${id}` };
  }
}

// Each definition is built by a function of its own, called when a document first reaches it: a lint in a fresh
// process builds only the parts of the schema its files use (an object literal costs less there than JSON.parse).
// A `__proto__` key would set a literal's prototype instead of making a property.
if (/"__proto__"\s*:/.test(JSON.stringify(schema))) throw new Error('gen-schema: the schema has a "__proto__" key');
const { definitions, ...rootSchema } = schema;
const factories = Object.entries(definitions).map(([name, def]) => `  ${JSON.stringify(name)}: () => (${JSON.stringify(def)}),`);
const body = [
  `exports.root = () => (${JSON.stringify(rootSchema)});`,
  'exports.definitions = {',
  ...factories,
  '};',
  `exports.castPatterns = ${JSON.stringify(CAST_PATTERNS)};`,
  '',
].join('\n');
writeFileSync(outFile, `${stamp}\n'use strict';\n${body}`);
console.log(`gen-schema: ${outFile.slice(root.length + 1)} (${Math.round(body.length / 1024)} KB) in ${Math.round(performance.now() - t0)} ms`);
