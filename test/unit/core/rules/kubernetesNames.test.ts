// k8s-name as a lint rule: with the kubernetes target (the configuration file's `targets`, lint --target), the
// names the Kubernetes export would have to change are reported while typing, with a rename to the export's name.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { applyEdits, lintTexts, only, textAt } from '../../helpers';
import { said } from '../../said';

const BASE = [
  'services:',
  '  Mender_API:',
  '    image: example/api',
  '    networks:',
  '      mender:',
  '        aliases:',
  '          - api.example.local',
  '  web:',
  '    image: example/web',
  '    environment:',
  '      API_URL: http://Mender_API:8080',
  '    depends_on:',
  '      - Mender_API',
  '    networks: [mender]',
  'networks:',
  '  mender: {}',
  '',
].join('\n');
const PROD = ['services:', '  Mender_API:', '    deploy:', '      replicas: 2', ''].join('\n');
const FILES = { 'docker-compose.yml': BASE, 'docker-compose.prod.yml': PROD };
const ORDER = ['docker-compose.yml', 'docker-compose.prod.yml'];

test('k8s-name is silent without the kubernetes target (swarm only, the default)', () => {
  assert.deepEqual(only(lintTexts(FILES, { order: ORDER }).diagnostics, 'k8s-name'), []);
  assert.deepEqual(only(lintTexts(FILES, { order: ORDER, targets: ['swarm'] }).diagnostics, 'k8s-name'), []);
});

test('with the kubernetes target: the service name and a dotted alias are reported at their names', () => {
  const d = only(lintTexts(FILES, { order: ORDER, targets: ['swarm', 'kubernetes'] }).diagnostics, 'k8s-name');
  const base = d.filter((x) => x.file === path.join('/virtual/mystack', 'docker-compose.yml'));
  assert.deepEqual(
    base.map((x) => [textAt(BASE, x), x.range.start.line, x.severity]),
    [
      ['Mender_API', 1, 'warning'],
      ['api.example.local', 6, 'info'],
    ],
  );
  assert.match(base[0].message, /Kubernetes refuses the service name "Mender_API"/);
  assert.match(said(base[0]), /"mender-api"/);
  assert.match(base[1].message, /no dots/);
  assert.match(said(base[1]), /"api-example-local"/);
});

test('the quick fix renames the service everywhere in the stack, to the name the export uses', () => {
  const d = only(lintTexts(FILES, { order: ORDER, targets: ['kubernetes'] }).diagnostics, 'k8s-name').find((x) => x.message.includes('Mender_API'))!;
  const fix = d.fixes![0];
  assert.match(fix.title, /"mender-api"/);
  const byFile = (name: string) => fix.edits.filter((e) => e.file === path.join('/virtual/mystack', name));
  const base = applyEdits(BASE, byFile('docker-compose.yml'));
  const prod = applyEdits(PROD, byFile('docker-compose.prod.yml'));
  assert.match(base, /^ {2}mender-api:$/m);
  assert.match(base, /depends_on:\n {6}- mender-api/);
  assert.match(base, /API_URL: http:\/\/mender-api:8080/);
  assert.match(base, /- api\.example\.local/, 'the alias stays');
  assert.match(base, /- Mender_API/, 'the old name stays as an alias');
  assert.match(prod, /^ {2}mender-api:$/m, 'the overlay file too');
  // Fixed, the stack has no more k8s-name warnings (the dotted alias stays an info: the export answers it).
  const after = lintTexts({ 'docker-compose.yml': base, 'docker-compose.prod.yml': prod }, { order: ORDER, targets: ['kubernetes'] }).diagnostics;
  assert.deepEqual(
    only(after, 'k8s-name').map((x) => [x.severity, x.message.slice(0, 40)]),
    [['info', 'Kubernetes cannot name a Service "api.ex']],
  );
  assert.deepEqual(
    after.filter((x) => x.severity === 'error').map((x) => x.message),
    [],
  );
});

test('a stack name Kubernetes refuses as a namespace is reported at the name: key', () => {
  const text = `name: My_Stack\n${BASE}`;
  const d = only(lintTexts({ 'docker-compose.yml': text }, { targets: ['kubernetes'] }).diagnostics, 'k8s-name');
  const ns = d.find((x) => /namespace/.test(x.message))!;
  assert.equal(textAt(text, ns), 'My_Stack');
  assert.equal(ns.severity, 'warning');
  assert.match(said(ns), /"my-stack"/);
});

test('names taken in Kubernetes, names too long: each reported in one short sentence, a fix only where the rename is possible', () => {
  const long = 'x'.repeat(80);
  const text = `services:\n  ${long}:\n    image: a\n  Web:\n    image: a\n  web:\n    image: a\n`;
  const d = only(lintTexts({ 'docker-compose.yml': text }, { targets: ['kubernetes'] }).diagnostics, 'k8s-name');
  assert.deepEqual(
    d.map((x) => [textAt(text, x), x.severity, x.fixes?.length ?? 0]),
    [
      [long, 'warning', 0], // its Kubernetes name (cut, with a hash) would make "<stack>_<name>" too long for swarm
      ['Web', 'warning', 0], // "web" is another service's
      ['web', 'warning', 1], // "web" is Web's in Kubernetes: renamed to "web-2"
    ],
  );
  assert.match(d[2].message, /"web-2"/);
  assert.match(said(d[2]), /service Web is "web" already/);
  for (const x of d) assert.ok(x.message.length < 100 && !/\. [A-Z]/.test(x.message), x.message);
});
