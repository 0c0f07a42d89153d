import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import type { Diagnostic } from '../../../../src/core/diagnostic';
import { overlayReader } from '../../../../src/core/manifest/files';
import { lintProject, lintStack } from '../../../../src/core/lint';
import { loadProject } from '../../../../src/core/manifest/project';
import { ALL_RULES } from '../../../../src/core/rules';
import { nearest, structureRule } from '../../../../src/core/rules/structure';
import { FIXTURES, textAt } from '../../helpers';

const DIR = '/virtual/structure';

/** Lint in-memory files with the structure rule only, so other rules' work in progress cannot interfere. */
function lint(files: Record<string, string>, env: Record<string, string> = {}): Diagnostic[] {
  const texts = new Map(Object.entries(files).map(([n, t]) => [path.join(DIR, n), t]));
  const reader = overlayReader(texts, { read: (p) => ({ error: `${p}: no such file` }) });
  const first = path.join(DIR, Object.keys(files)[0]);
  return lintStack({ files: [first], reader, env, envFile: false }, [structureRule]).diagnostics;
}

const mine = (ds: Diagnostic[]) => ds.filter((d) => d.code === 'schema' || d.code === 'unknown-key');
const brief = (ds: Diagnostic[]) =>
  ds.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code} ${d.message}`);

test('structure rule is registered with its two codes', () => {
  assert.ok(ALL_RULES.includes(structureRule));
  assert.deepEqual(
    structureRule.codes.map((c) => [c.code, c.severity]),
    [
      ['schema', 'error'],
      ['unknown-key', 'error'],
    ],
  );
});

test('every unknown key and wrong type of a file is reported in one pass, at the exact key or value', () => {
  const text = [
    'services:', // 0
    '  web:', // 1
    '    imgae: nginx', // 2
    '    image: nginx', // 3
    '    deploy:', // 4
    '      replicas: two', // 5
    '      resources:', // 6
    '        limits:', // 7
    '          cpus: lots', // 8
    '    ports:', // 9
    '      - "8080:80"', // 10
    '      - true', // 11
    '      - { target: 80, publishd: 8080 }', // 12
    '    depends_on:', // 13
    '      db:', // 14
    '        conditon: service_healthy', // 15
    '    volume_driver: flocker', // 16 (swarm-compat's)
    '  db:', // 17
    '    image: postgres', // 18
    '    labels: [a, a]', // 19
    'networks:', // 20
    '  front:', // 21
    '    atachable: true', // 22
    'foo: 2', // 23
    '',
  ].join('\n');
  const ds = mine(lint({ 'stack.yml': text }));
  const got = brief(ds);
  assert.deepEqual(
    got,
    [
      '2:4-2:9 unknown-key Unknown key "imgae" in service "web": did you mean "image"?',
      '5:16-5:19 schema "replicas" must be an integer, not a string "two".',
      '8:16-8:20 schema "cpus" must be a number, not a string "lots".',
      '11:8-11:12 schema "ports" item must be a string or number like "8080:80" or a mapping with target/published.',
      '12:22-12:30 unknown-key Unknown key "publishd" in a "ports" item of service "web": did you mean "published"?',
      '14:6-14:8 schema "depends_on" entry "db" is missing the required key "condition".',
      '15:8-15:16 unknown-key Unknown key "conditon" in "db" of service "web": did you mean "condition"?',
      '19:16-19:17 schema "labels" lists the same item "a" twice.',
      '22:4-22:13 unknown-key Unknown key "atachable" in network "front": did you mean "attachable"?',
      '23:0-23:3 unknown-key Unknown key "foo" at the top level.',
    ],
    got.join('\n'),
  );
  // Unknown keys underline the key, type errors the value.
  assert.deepEqual(
    ds.map((d) => textAt(text, d)),
    ['imgae', 'two', 'lots', 'true', 'publishd', 'db', 'conditon', 'a', 'atachable', 'foo'],
  );
  // volume_driver (line 16) is swarm-compat's refused-option: not reported twice at the same key.
  // One finding per place: no branch noise from oneOf.
  const places = ds.map((d) => `${d.range.start.line}:${d.range.start.character}`);
  assert.equal(new Set(places).size, places.length);
});

test('KEY=value environment lists, name lists and their mapping forms give no false positives', () => {
  const ds = lint({
    'stack.yml': [
      'services:',
      '  web:',
      '    image: nginx',
      '    environment:',
      '      - KEY=value',
      '      - OTHER=${HOME:-/root}',
      '      - BARE',
      '    labels:',
      '      - com.example.a=1',
      '    networks:',
      '      - front',
      '      - back',
      '    depends_on:',
      '      - db',
      '    sysctls:',
      '      - net.core.somaxconn=1024',
      '    build:',
      '      context: .',
      '      args:',
      '        - VERSION=1',
      '    deploy:',
      '      labels:',
      '        - traefik.enable=true',
      '  db:',
      '    image: postgres',
      '    environment:',
      '      POSTGRES_PASSWORD: secret',
      '      PORT: 5432',
      '      DEBUG: true',
      '      EMPTY:',
      '    networks:',
      '      back:',
      '        aliases: [database]',
      '      front:',
      '    depends_on:',
      '      cache:',
      '        condition: service_started',
      '  cache:',
      '    image: redis',
      'networks:',
      '  front: {}',
      '  back:',
      '    driver: overlay',
      '',
    ].join('\n'),
  });
  assert.deepEqual(brief(mine(ds)), []);
});

test('a wrong item inside a list form is still reported (the list, not the normalised mapping, is validated)', () => {
  const text = 'services:\n  web:\n    image: x\n    networks:\n      - front\n      - {a: 1}\n    environment:\n      - A=1\n      - [nested]\n';
  const ds = mine(lint({ 'stack.yml': text }));
  assert.deepEqual(brief(ds), [
    '5:8-5:14 schema "networks" item must be a string, not a mapping.',
    '8:8-8:16 schema "environment" item must be a string, not a list.',
  ]);
});

test('a version 2 file with extends and mem_limit passes the schema', () => {
  const ds = lint({
    'docker-compose.yml': [
      "version: '2'",
      'services:',
      '  app:',
      '    extends:',
      '      file: common.yml',
      '      service: base',
      '    image: app',
      '    mem_limit: 512m',
      '    cpu_shares: 512',
      '    volumes_from:',
      '      - data',
      '  data:',
      '    image: busybox',
      '    volumes:',
      '      - /data',
      '',
    ].join('\n'),
    'common.yml': "version: '2'\nservices:\n  base:\n    restart: on-failure\n    mem_limit: 1g\n",
  });
  assert.deepEqual(brief(mine(ds)), []);
});

test('a file read through extends is validated too', () => {
  const ds = mine(
    lint({
      'docker-compose.yml': 'services:\n  app:\n    extends: { file: common.yml, service: base }\n',
      'common.yml': 'services:\n  base:\n    image: x\n    restrat: always\n',
    }),
  );
  assert.equal(ds.length, 1);
  assert.ok(ds[0].file.endsWith('common.yml'));
  assert.equal(ds[0].message, 'Unknown key "restrat" in service "base": did you mean "restart"?');
});

test('the seed fixture (and the common.yml it extends) has no schema finding', () => {
  const files = [path.join(FIXTURES, 'seed-2016/docker-compose.yml')];
  const { project, diagnostics } = lintStack({ files, envFile: false }, [structureRule]);
  assert.ok(project.documents.some((d) => d.file.path.endsWith('common.yml') && d.role === 'extends'));
  assert.deepEqual(brief(mine(diagnostics)), []);
});

test('interpolated values compose casts are not errors; bad ones are, with what was substituted', () => {
  const text = [
    'services:',
    '  web:',
    '    image: nginx:${TAG:-1}',
    '    deploy:',
    '      replicas: ${N:-2}',
    '      update_config:',
    '        parallelism: ${P}',
    '    ports:',
    '      - target: ${PORT:-80}',
    '        published: "8080"',
    '    read_only: ${RO:-true}',
    '    healthcheck:',
    '      retries: ${R:-3}',
    '    networks:',
    '      front:',
    '        priority: ${PRIO:-5}',
    '  db:',
    '    image: postgres',
    '    deploy:',
    '      replicas: ${COUNT}',
    '    init: "${INIT:-maybe}"',
    'networks:',
    '  front:',
    '',
  ].join('\n');
  const ds = mine(lint({ 'stack.yml': text }, { P: '3' }));
  assert.deepEqual(brief(ds), [
    '19:16-19:24 schema "replicas" must be an integer, not a string "" (after substituting "${COUNT}").',
    '20:10-20:26 schema "init" must be true or false, not a string "maybe" (after substituting "${INIT:-maybe}").',
  ]);
});

test('a quoted number where compose casts is fine; a bare number where a string is needed is not', () => {
  const ds = mine(lint({ 'stack.yml': 'version: 3\nservices:\n  web:\n    image: x\n    deploy:\n      replicas: "3"\n    hostname: 12\n' }));
  assert.deepEqual(brief(ds), [
    '0:9-0:10 schema "version" must be a string, not the number 3.',
    '6:14-6:16 schema "hostname" must be a string, not the number 12.',
  ]);
});

test('x- extension keys are allowed where the spec allows them; aliases and merge keys are validated once', () => {
  const text = [
    'x-base: &base',
    '  image: busybox',
    '  restrat: always',
    'services:',
    '  a:',
    '    <<: *base',
    '    x-note: hi',
    '  b:',
    '    <<: *base',
    '',
  ].join('\n');
  const ds = mine(lint({ 'stack.yml': text }));
  // Both services carry the merged key; it is written once, so one finding at that key.
  assert.deepEqual(brief(ds), ['2:2-2:9 unknown-key Unknown key "restrat" in service "a": did you mean "restart"?']);
});

test('oneOf places get one message saying what is accepted; empty values point at their key', () => {
  const text = [
    'services:', // 0
    '  web:', // 1
    '    image: x', // 2
    '    deploy:', // 3
    '      replicas: 2.5', // 4
    '    environment: "A=1"', // 5
    '    extends: {file: x.yml}', // 6
    '    ulimits:', // 7
    '      nofile: 1.5', // 8
    '    secrets:', // 9
    '      - {src: a}', // 10
    '  empty:', // 11
    '',
  ].join('\n');
  const ds = mine(lint({ 'stack.yml': text }));
  assert.deepEqual(brief(ds), [
    '4:16-4:19 schema "replicas" must be an integer, not the number 2.5.',
    '5:17-5:22 schema "environment" must be a mapping (KEY: value) or a list of "KEY=value" strings.',
    '6:4-6:11 schema "extends" is missing the required key "service".',
    '8:14-8:17 schema "ulimits" entry "nofile" must be an integer or a mapping with soft and hard.',
    '10:9-10:12 unknown-key Unknown key "src" in a "secrets" item of service "web": did you mean "source"?',
    '11:2-11:7 schema service "empty" must be a mapping, not an empty value.',
  ]);
});

test('nearest suggests only likely typos', () => {
  assert.equal(nearest('imgae', ['image', 'init']), 'image');
  assert.equal(nearest('enviroment', ['environment', 'entrypoint']), 'environment');
  assert.equal(nearest('zzzzzz', ['image', 'init']), undefined);
  assert.equal(nearest('src', ['source', 'target']), 'source');
});

test('1,000-service stack: validation time (printed, not asserted)', () => {
  const lines = ['services:'];
  for (let i = 0; i < 1000; i++) {
    lines.push(
      `  svc${i}:`,
      `    image: registry.example.com/team/svc${i}:1.${i}`,
      '    environment:',
      `      - SERVICE_ID=${i}`,
      '      - LOG_LEVEL=info',
      '    ports:',
      `      - "${10000 + i}:8080"`,
      '    networks: [backend]',
      '    deploy:',
      '      replicas: 2',
      '      resources:',
      '        limits: { cpus: "0.5", memory: 256M }',
      '      update_config: { parallelism: 1, delay: 10s }',
      '    healthcheck:',
      '      test: ["CMD", "wget", "-q", "-O-", "http://localhost:8080/health"]',
      '      interval: 30s',
      '      retries: 3',
    );
  }
  lines.push('networks:', '  backend:', '    driver: overlay', '');
  const file = path.join(DIR, 'big.yml');
  const reader = overlayReader(new Map([[file, lines.join('\n')]]), { read: (p) => ({ error: `${p}: no such file` }) });
  const project = loadProject({ files: [file], reader, envFile: false });
  lintProject(project, {}, [structureRule]); // warm-up: loads the generated validator once
  const runs = 5;
  const t0 = performance.now();
  let ds: Diagnostic[] = [];
  for (let i = 0; i < runs; i++) ds = lintProject(project, {}, [structureRule]);
  const perRun = (performance.now() - t0) / runs;
  const t1 = performance.now();
  const all = lintStack({ files: [file], reader, envFile: false });
  const whole = performance.now() - t1;
  console.log(
    `# structure rule on 1,000 services: ${perRun.toFixed(1)} ms per run; load + all rules: ${whole.toFixed(1)} ms (${all.diagnostics.length} diagnostics)`,
  );
  assert.deepEqual(brief(mine(ds)), []);
});
