import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { seededRandom, yamlFilesUnder } from '../../corpus';
import { lastDuplicate } from '../../../../src/core/schema/keywordChecks';
import { SchemaChecks, sourceOf } from '../../../../src/core/schema/schemaChecks';
import { generatedSource, validateCompose, type SchemaError, type SchemaNode } from '../../../../src/core/schema/validateCompose';

/**
 * Our schema checks against ajv 8, which the structure rule's wording was written for: the same schema (as
 * gen-schema prepares it), ajv with the options our build used (allErrors, verbose), compared error for error
 * (all fields but schemaPath, in order) on every compose file of the repository and on thousands of damaged copies.
 */
const ROOT = path.resolve(__dirname, '../../../..');
// the generated module, as the runtime loads it
const generated = require('../../../../src/core/schema/compose-schema.generated.js') as Parameters<typeof generatedSource>[0];
/** The whole schema in one object, for ajv (and for our checks, so both hand back the same parentSchema objects). */
const schema: SchemaNode = (() => {
  const g = generatedSource(generated);
  return { ...g.root, definitions: Object.fromEntries(g.definitionNames().map((n) => [n, g.definition(n)])) };
})();
const checksOf = (s: SchemaNode, eager = false) => new SchemaChecks(sourceOf(s), eager);

function ajvValidator(): (d: unknown) => SchemaError[] {
  const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false, verbose: true, messages: false, inlineRefs: false });
  for (const f of ['duration', 'uri', 'ipv4', 'ipv6', 'date-time', 'email', 'hostname']) ajv.addFormat(f, true);
  const v = ajv.compile(schema);
  return (d) => (v(d) ? [] : ((v.errors ?? []) as SchemaError[]).slice());
}

/** schemaPath left out (ours names the schema's own places); so is the root's `definitions`, which the runtime keeps apart. */
const withoutPath = (errs: SchemaError[]) =>
  errs.map(({ schemaPath: _schemaPath, parentSchema, ...rest }) => {
    if (!parentSchema || !('definitions' in parentSchema)) return { ...rest, parentSchema };
    const { definitions: _definitions, ...root } = parentSchema;
    return { ...rest, parentSchema: root };
  });

function documents(): unknown[] {
  const docs: unknown[] = [];
  for (const f of [...yamlFilesUnder(path.join(ROOT, 'test/fixtures')), ...yamlFilesUnder(path.join(ROOT, 'examples'))]) {
    try {
      for (const d of loadAll(fs.readFileSync(f, 'utf8'), undefined, { schema: CORE_SCHEMA })) if (d && typeof d === 'object') docs.push(d);
    } catch {
      /* not YAML a compose file could be: the damaged copies below cover bad values */
    }
  }
  docs.push(KITCHEN_SINK);
  return docs;
}

/** Keys the repository's files seldom set (enums, limits, nested forms), so damage reaches them too. */
const KITCHEN_SINK = {
  name: 'sink',
  services: {
    api: {
      image: 'a:1',
      pull_policy: 'always',
      deploy: {
        mode: 'replicated',
        endpoint_mode: 'dnsrr',
        replicas: 2,
        placement: { constraints: ['node.role==manager'], preferences: [{ spread: 'node.id' }], max_replicas_per_node: 1 },
        restart_policy: { condition: 'on-failure', max_attempts: 3 },
        update_config: { order: 'start-first', failure_action: 'rollback', parallelism: 1, max_failure_ratio: 0.5 },
        rollback_config: { order: 'stop-first' },
        resources: { limits: { cpus: '0.5', memory: '512M', pids: 10 }, reservations: { devices: [{ capabilities: ['gpu'] }] } },
      },
      ports: [{ target: 80, published: '8080', mode: 'host', protocol: 'tcp' }, '9000:9000'],
      volumes: [{ type: 'bind', source: './d', target: '/d', bind: { propagation: 'rprivate', create_host_path: true } }, 'data:/data:ro'],
      healthcheck: { test: ['CMD', 'true'], interval: '10s', retries: 3, start_period: '5s' },
      ulimits: { nofile: { soft: 1024, hard: 2048 }, nproc: 65535 },
      logging: { driver: 'json-file', options: { 'max-size': '1m' } },
      secrets: [{ source: 's', target: 't', mode: 288 }],
      configs: ['c'],
      networks: { back: { aliases: ['api.local'], ipv4_address: '10.0.0.2' } },
      depends_on: { db: { condition: 'service_healthy', restart: true } },
      environment: { A: '1', B: null },
      labels: ['a=b'],
      cap_add: ['NET_ADMIN'],
      init: true,
      stop_grace_period: '10s',
    },
    db: { image: 'mongo:6', command: ['mongod'], develop: { watch: [{ path: '.', action: 'rebuild' }] } },
  },
  networks: { back: { driver: 'overlay', attachable: true, ipam: { config: [{ subnet: '10.0.0.0/24' }] } } },
  volumes: { data: { driver: 'local', external: false } },
  secrets: { s: { file: './s.txt' } },
  configs: { c: { content: 'x' } },
};

const ODD_VALUES: unknown[] = [
  'two',
  '8080',
  '',
  'x/y~z',
  '${VAR}',
  '1.5',
  'yes',
  3,
  -1,
  0,
  1.5,
  1e21,
  true,
  false,
  null,
  [],
  ['a', 'a'],
  [1, '1'],
  [{ a: 1 }, { a: 1 }],
  [null],
  {},
  { zz: 1 },
  { target: 80, published: '8080' },
  { 'a/b~c': 1 },
];

/** A deep copy of `doc` with one to three random changes: odd values, unknown or misspelt keys, duplicates, removals. */
function damage(doc: unknown, rand: () => number): unknown {
  const copy = structuredClone(doc) as Record<string, unknown>;
  const nodes: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach((x, i) => (nodes.push({ parent: v, key: i }), walk(x)));
    else if (v && typeof v === 'object')
      for (const k of Object.keys(v)) (nodes.push({ parent: v as Record<string, unknown>, key: k }), walk((v as Record<string, unknown>)[k]));
  };
  walk(copy);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)];
  const changes = 1 + Math.floor(rand() * 3);
  for (let c = 0; c < changes && nodes.length; c++) {
    const { parent, key } = pick(nodes);
    const r = rand();
    if (r < 0.1 && typeof (parent as Record<string | number, unknown>)[key] === 'string') (parent as Record<string | number, unknown>)[key] += 'x';
    else if (r < 0.45) (parent as Record<string | number, unknown>)[key] = structuredClone(pick(ODD_VALUES));
    else if (r < 0.6 && !Array.isArray(parent)) {
      const k = String(key);
      const typo = k.length > 2 ? k.slice(0, -1) + (k.endsWith('s') ? '' : 's') : `${k}_x`;
      parent[typo] = parent[k];
      if (rand() < 0.5) delete parent[k];
    } else if (r < 0.7 && !Array.isArray(parent)) delete parent[String(key)];
    else if (r < 0.8 && Array.isArray(parent)) parent.push(structuredClone(parent[key as number]));
    else if (r < 0.9) {
      const v = (parent as Record<string | number, unknown>)[key];
      if (v && typeof v === 'object' && !Array.isArray(v))
        (v as Record<string, unknown>)[pick(['foo', 'x-ext', '1', 'deploy', 'image', 'a/b'])] = pick(ODD_VALUES);
    } else
      (parent as Record<string | number, unknown>)[key] =
        typeof (parent as Record<string | number, unknown>)[key] === 'number' ? String((parent as Record<string | number, unknown>)[key]) : 7;
  }
  return copy;
}

test('every definition of the prepared schema uses only keywords the checks know', () => {
  assert.doesNotThrow(() => checksOf(schema, true).compileAll());
  assert.throws(() => checksOf({ type: 'string', maxLength: 3 }, true).compileAll(), /keyword "maxLength" at # is not supported/);
  assert.throws(() => checksOf({ properties: { a: { minLength: 1 } } }, true).compileAll(), /keyword "minLength" at #\/properties\/a is not supported/);
  assert.throws(() => checksOf({ $ref: '#/definitions/nope', definitions: {} }, true).compileAll(), /names no definition/);
});

test('the same errors as ajv, in the same order, on every compose file of the repository', () => {
  const ours = checksOf(schema);
  const ajv = ajvValidator();
  const docs = documents();
  assert.ok(docs.length >= 40, `only ${docs.length} documents found`);
  let invalid = 0;
  for (const d of docs) {
    const expected = ajv(d);
    if (expected.length) invalid++;
    assert.deepStrictEqual(withoutPath(ours.validate(d)), withoutPath(expected));
    // And as the structure rule calls it: the generated module's definitions, built one by one on first use.
    assert.deepStrictEqual(withoutPath(validateCompose(d)), withoutPath(expected));
  }
  assert.ok(invalid >= 5, `the broken fixtures should give errors (${invalid} did)`);
});

test('the same errors as ajv on 4,000 damaged copies (types, unknown keys, duplicates, missing keys, odd names)', () => {
  const ours = checksOf(schema);
  const ajv = ajvValidator();
  const docs = documents();
  const seen = new Set<string>();
  for (let n = 0; n < 4000; n++) {
    const rand = seededRandom(n);
    const d = damage(docs[n % docs.length], rand);
    const expected = ajv(d);
    for (const e of expected) seen.add(e.keyword);
    assert.deepStrictEqual(withoutPath(ours.validate(d)), withoutPath(expected), `case ${n}`);
  }
  // The damage reached every kind of error the schema can give.
  for (const k of ['type', 'additionalProperties', 'oneOf', 'required', 'enum', 'pattern', 'uniqueItems']) assert.ok(seen.has(k), `no ${k} error was produced`);
});

test('odd values at the top and in names: no crash, ajv errors', () => {
  const ours = checksOf(schema);
  const ajv = ajvValidator();
  const odd: unknown[] = [
    null,
    'text',
    42,
    [],
    { services: null },
    { services: { 'bad name!': { image: 'x' } } },
    { services: { web: { image: 'x', ports: ['80', '80'], environment: ['A=1', 'A=1'] } } },
    { services: { web: { deploy: { replicas: -1, resources: { limits: { cpus: 'lots' } } } } } },
    { services: { web: { healthcheck: { retries: 1.5 } } } },
    { services: { web: { cpu_percent: 101, cpu_count: -1, oom_score_adj: -1001 } } },
    { services: { web: { cpu_percent: 100, oom_score_adj: 1000, volumes: [{ type: 'tmpfs', target: '/t', tmpfs: { size: -5 } }] } } },
    { services: { web: { ulimits: { nofile: { soft: 'x' } } } } },
    Object.defineProperty({}, '__proto__', { value: { image: 1 }, enumerable: true }),
    { services: { '1': { image: 'a' }, web: { image: 'b', '0': 1 } } },
    { 'x-anything': { deep: [1, 2] }, version: 3 },
    { services: { web: { networks: { net: { aliases: ['a', 'a'] } } } } },
  ];
  const seen = new Set<string>();
  for (const d of odd) {
    const expected = ajv(d);
    for (const e of expected) seen.add(e.keyword);
    assert.deepStrictEqual(withoutPath(ours.validate(d)), withoutPath(expected), JSON.stringify(d));
  }
  for (const k of ['type', 'minimum', 'maximum', 'uniqueItems', 'additionalProperties']) assert.ok(seen.has(k), `no ${k} error was produced`);
});

test('uniqueItems on lists of mappings: the pair ajv names, found with one comparison per duplicate', () => {
  const equal = (require('ajv/dist/runtime/equal') as { default: (a: unknown, b: unknown) => boolean }).default;
  const pairwise = (a: unknown[]): [number, number] | undefined => {
    for (let i = a.length; i--;) for (let j = i; j--;) if (equal(a[i], a[j])) return [i, j];
    return undefined;
  };
  const pool: unknown[] = [
    1,
    -0,
    0,
    NaN,
    null,
    'a',
    '1',
    true,
    [],
    [1],
    [1, 2],
    { a: 1 },
    { a: 1, b: 2 },
    { b: 2, a: 1 },
    { a: { b: [NaN] } },
    { a: '1' },
    ['a', { x: null }],
    { 'a|b': 1 },
    { a: '|b=1' },
  ];
  for (let n = 0; n < 3000; n++) {
    const rand = seededRandom(n + 1);
    const list = Array.from({ length: Math.floor(rand() * 9) }, () => structuredClone(pool[Math.floor(rand() * pool.length)]));
    assert.deepStrictEqual(lastDuplicate(list), pairwise(list), JSON.stringify(list));
  }
  // 20,000 distinct port mappings, then one repeated: a comparison per duplicate, not per pair (was 2e8 pairs: 10 s).
  const ports: unknown[] = Array.from({ length: 20000 }, (_, i) => ({ target: i, published: i + 1 }));
  let calls = 0;
  const counting = (x: unknown, y: unknown) => (calls++, equal(x, y));
  assert.equal(lastDuplicate(ports, counting), undefined);
  ports.push({ published: 8, target: 7 });
  assert.deepStrictEqual(lastDuplicate(ports, counting), [20000, 7]);
  assert.equal(calls, 1);
});
