import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lintTexts, only, textAt } from '../helpers';
import { said } from '../said';

/**
 * False positives and wrong places found by linting public compose/stack files. Each test is a small
 * hand-written snippet with the shape that tripped the linter, never the public file itself.
 */

test('realworld: a list of URLs (CORS origins) is not read as a host named "http"', () => {
  const text = [
    'services:',
    '  api:',
    '    image: example/api',
    '    environment:',
    '      - ORIGINS=http://localhost,http://localhost:5173,https://web:8443',
    '  web:',
    '    image: example/web',
  ].join('\n');
  const { diagnostics } = lintTexts({ 'compose.yaml': text });
  assert.deepEqual(only(diagnostics, 'unresolved-host'), []);
  // The hosts of every URL of the list are still checked.
  const typo = lintTexts({ 'compose.yaml': text.replace('https://web:8443', 'https://wbe:8443') }).diagnostics;
  const hosts = only(typo, 'unresolved-host');
  assert.equal(hosts.length, 1);
  assert.equal(textAt(text.replace('https://web:8443', 'https://wbe:8443'), hosts[0]), 'wbe');
});

test('realworld: a duration in a *_SERVER variable (TIMEOUT_SERVER: 60s) is not a host', () => {
  const text = [
    'services:',
    '  proxy:',
    '    image: example/socket-proxy',
    '    environment:',
    '      TIMEOUT_SERVER: 60s',
    '      CACHE_SERVER: 512M',
    '      DB_SERVER: dbx',
    '  db:',
    '    image: example/db',
  ].join('\n');
  const hosts = only(lintTexts({ 'compose.yaml': text }).diagnostics, 'unresolved-host');
  assert.deepEqual(
    hosts.map((d) => textAt(text, d)),
    ['dbx'],
  );
});

test('realworld: an external network is not name-checked, and a name emptied by an unset variable is reported once', () => {
  const text = [
    'version: "3.9"',
    'services:',
    '  app:',
    '    image: example/app',
    '    networks: [backend, public, made]',
    'networks:',
    '  backend:',
    '    name: ${BACKEND_NETWORK_NAME}',
    '    external: true',
    '  public:',
    '    name: my.public.net',
    '    external: true',
    '  made:',
    '    name: ${MADE_NAME}',
  ].join('\n');
  const { diagnostics } = lintTexts({ 'stack.yml': text });
  assert.deepEqual(only(diagnostics, 'network-name'), []);
  assert.deepEqual(
    only(diagnostics, 'unset-variable').map((d) => textAt(text, d)),
    ['${BACKEND_NETWORK_NAME}', '${MADE_NAME}'],
  );
  // A stack-created network with a bad name is still an error.
  const bad = lintTexts({ 'stack.yml': text.replace('${MADE_NAME}', 'made.net') }).diagnostics;
  assert.deepEqual(
    only(bad, 'network-name').map((d) => textAt(text.replace('${MADE_NAME}', 'made.net'), d)),
    ['made.net'],
  );
});

test('realworld: variables in the names of list-form labels and networks are interpolated', () => {
  const text = [
    'services:',
    '  app:',
    '    image: example/app',
    '    networks:',
    '      - ${NET:-front}',
    '    deploy:',
    '      labels:',
    '        - traefik.http.routers.${ROUTER}.rule=Host(`app.example.com`)',
    '  web:',
    '    image: example/web',
    '    networks: [front]',
    '    environment:',
    '      UPSTREAM: app',
    'networks:',
    '  front: {}',
  ].join('\n');
  const { diagnostics, project } = lintTexts({ 'compose.yaml': text }, { env: { ROUTER: 'app' } });
  const app = project.services.get('app')!;
  assert.ok(app.node.index.get('networks')?.value.kind === 'map');
  const nets = app.node.index.get('networks')!.value;
  assert.deepEqual(nets.kind === 'map' ? [...nets.index.keys()] : [], ['front']);
  // "app" on "front" answers web's UPSTREAM: the network name was interpolated.
  assert.deepEqual(only(diagnostics, 'unshared-network'), []);
  assert.deepEqual(only(diagnostics, 'unresolved-host'), []);
  const deploy = app.node.index.get('deploy')!.value;
  const labels = deploy.kind === 'map' ? deploy.index.get('labels')?.value : undefined;
  assert.deepEqual(labels?.kind === 'map' ? [...labels.index.keys()] : [], ['traefik.http.routers.app.rule']);
  // An unset variable in a label name is reported where it is written.
  const unset = only(lintTexts({ 'compose.yaml': text }).diagnostics, 'unset-variable');
  assert.deepEqual(
    unset.map((d) => textAt(text, d)),
    ['${ROUTER}'],
  );
});

test('realworld: restart from a shared anchor gets no quick fix that would write deploy: into the anchor', () => {
  const text = [
    'version: "3.8"',
    'x-restart: &default-restart',
    '  restart: unless-stopped',
    'services:',
    '  db:',
    '    image: example/db',
    '    <<: *default-restart',
    '  cache:',
    '    image: example/cache',
    '    restart: always',
  ].join('\n');
  const found = only(lintTexts({ 'compose.yaml': text }).diagnostics, 'restart-policy');
  const db = found.find((d) => said(d).includes('"db"'))!;
  const cache = found.find((d) => said(d).includes('"cache"'))!;
  assert.equal(textAt(text, db), 'restart');
  assert.equal(db.fixes, undefined);
  assert.equal(cache.fixes?.length, 1);
});

test('realworld: restart overridden by a later file is reported only where it wins', () => {
  const base = ['services:', '  db:', '    image: example/db', '    restart: always'].join('\n');
  const override = ['services:', '  db:', '    restart: "no"'].join('\n');
  const { diagnostics } = lintTexts({ 'compose.yaml': base, 'compose.override.yaml': override }, { order: ['compose.yaml', 'compose.override.yaml'] });
  const found = only(diagnostics, 'restart-policy');
  assert.equal(found.length, 1);
  assert.ok(found[0].file.endsWith('compose.override.yaml'));
  assert.match(said(found[0]), /condition: none/);
});

test('realworld: Kafka listener lists (PLAINTEXT://broker:29092,PLAINTEXT_HOST://localhost:9092) name no host "PLAINTEXT_HOST"', () => {
  const text = [
    'services:',
    '  broker:',
    '    image: example/kafka',
    '    environment:',
    '      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://broker:29092,PLAINTEXT_HOST://localhost:9092',
    '      KAFKA_LISTENERS: PLAINTEXT://0.0.0.0:29092,CONTROLLER://:9093,EXTERNAL_X://brokr:9094',
  ].join('\n');
  const hosts = only(lintTexts({ 'compose.yaml': text }).diagnostics, 'unresolved-host');
  // Every listener of the list is still read: the typo in the third one is found, at its place.
  assert.deepEqual(
    hosts.map((d) => textAt(text, d)),
    ['brokr'],
  );
});

test('realworld: names a service answers to (HOSTNAME, VIRTUAL_HOST, ALLOWED_HOSTS) and switch words are not hosts it reaches', () => {
  const text = [
    'services:',
    '  web:',
    '    image: example/web',
    '    environment:',
    '      HOSTNAME: webhost',
    '      VIRTUAL_HOST: myapp',
    '      DJANGO_ALLOWED_HOSTS: myapp',
    '      USE_REDIS: enabled',
    '      CACHE_HOST: cachex',
    '  cache:',
    '    image: example/cache',
  ].join('\n');
  const hosts = only(lintTexts({ 'compose.yaml': text }).diagnostics, 'unresolved-host');
  assert.deepEqual(
    hosts.map((d) => textAt(text, d)),
    ['cachex'],
  );
});

test('realworld: a variable inside a folded block (command: >) is underlined on its line, not the whole block', () => {
  const text = [
    'services:',
    '  traefik:',
    '    image: example/traefik',
    '    command: >',
    '      --docker',
    '      --acme.email=${EMAIL?Variable EMAIL not set}',
    '      --log=${LOG:?set LOG} --again=${EMAIL?Variable EMAIL not set}',
  ].join('\n');
  const found = only(lintTexts({ 'compose.yaml': text }).diagnostics, 'required-variable');
  assert.deepEqual(
    found.map((d) => [d.range.start.line, textAt(text, d)]),
    [
      [5, '${EMAIL?Variable EMAIL not set}'],
      [6, '${LOG:?set LOG}'],
      [6, '${EMAIL?Variable EMAIL not set}'],
    ],
  );
});

test('realworld: an overlay linted alone (services without image) gets one partial-stack note, not cross-service errors', () => {
  const base = [
    'services:',
    '  db:',
    '    image: example/db',
    '    networks: [back]',
    '  api:',
    '    image: example/api',
    '    networks: [back]',
    'networks:',
    '  back: {}',
  ].join('\n');
  const overlay = [
    'services:',
    '  extra:',
    '    image: example/extra',
    '    networks: [back]',
    '    depends_on: [db]',
    '  api:',
    '    environment:',
    '      EXTRA_ADDR: http://extra:8080',
    '      DB_HOST: db',
  ].join('\n');
  const alone = lintTexts({ 'overlay.yml': overlay }).diagnostics;
  assert.deepEqual(
    alone.map((d) => d.code).filter((c) => ['unknown-service', 'unshared-network', 'unresolved-host', 'partial-stack'].includes(c)),
    ['partial-stack'],
  );
  const note = only(alone, 'partial-stack')[0];
  assert.equal(textAt(overlay, note), 'api');
  assert.equal(note.severity, 'info');
  // With its base the stack is whole: no note, and the checks run.
  const whole = lintTexts({ 'base.yml': base, 'overlay.yml': overlay }, { order: ['base.yml', 'overlay.yml'] }).diagnostics;
  assert.deepEqual(only(whole, 'partial-stack'), []);
  assert.deepEqual(only(whole, 'unresolved-host'), []);
  const typo = lintTexts(
    { 'base.yml': base, 'overlay.yml': overlay.replace('DB_HOST: db', 'DB_HOST: dbb') },
    { order: ['base.yml', 'overlay.yml'] },
  ).diagnostics;
  assert.deepEqual(
    only(typo, 'unresolved-host').map((d) => said(d).includes('"dbb"')),
    [true],
  );
});
