import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { lintStack } from '../../../../src/core/lint';
import { applyEdits, codes, FIXTURES, lintTexts, only, textAt } from '../../helpers';
import { said } from '../../said';

const SEED = path.join(FIXTURES, 'seed-2016/docker-compose.yml');

test('the seed 2016 stack lints with no error', () => {
  const { diagnostics, project } = lintStack({ files: [SEED] });
  assert.equal(project.services.size, 15);
  assert.deepEqual(
    diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`),
    [],
  );
  assert.ok(codes(diagnostics).includes('compose-version'));
  assert.ok(codes(diagnostics).includes('extends-unsupported'));
});

test('ignored-option: `build` is a warning alone, an info beside `image` (swarm runs the image), also when the image is in another file', () => {
  const base = ['services:', '  api:', '    build: ./api', '  web:', '    image: example/web:1', '    build: ./web', ''].join('\n');
  const sev = (r: ReturnType<typeof lintTexts>, line: number): string[] =>
    r.diagnostics.filter((d) => d.code === 'ignored-option' && d.range.start.line === line).map((d) => d.severity);
  const alone = lintTexts({ 'docker-compose.yml': base });
  assert.deepEqual(sev(alone, 2), ['warning'], 'api has no image: what swarm runs is unknown');
  assert.deepEqual(sev(alone, 5), ['info'], 'web sets an image beside build');
  assert.match(said(only(alone.diagnostics, 'ignored-option').find((d) => d.severity === 'info')!), /sets "image" too/);
  const override = ['services:', '  api:', '    image: example/api:1', ''].join('\n');
  const both = lintTexts(
    { 'docker-compose.yml': base, 'docker-compose.override.yml': override },
    { order: ['docker-compose.yml', 'docker-compose.override.yml'] },
  );
  assert.deepEqual(sev(both, 2), ['info'], "the override's image counts");
});

test("service-name: the seed's s3.docker.mender.io is an error on that key, and the fix renames it everywhere, keeping an alias", () => {
  const text = [
    'version: "3.8"',
    'services:',
    '  s3.docker.mender.io:',
    '    image: example/storage',
    '    networks:',
    '      - mender',
    '  deployments:',
    '    image: example/deployments',
    '    environment:',
    '      AWS_URI: http://s3.docker.mender.io:9000',
    '    depends_on:',
    '      - s3.docker.mender.io',
    '    networks: [mender]',
    'networks:',
    '  mender: {}',
    '',
  ].join('\n');
  const { diagnostics } = lintTexts({ 'docker-compose.yml': text });
  const d = only(diagnostics, 'service-name');
  assert.equal(d.length, 1);
  assert.equal(d[0].severity, 'error');
  assert.equal(textAt(text, d[0]), 's3.docker.mender.io');
  assert.equal(d[0].range.start.line, 2);
  assert.match(said(d[0]), /"\."/);
  const fix = d[0].fixes![0];
  assert.match(fix.title, /s3-docker-mender-io/);
  const fixed = applyEdits(text, fix.edits);
  assert.match(fixed, /^ {2}s3-docker-mender-io:$/m);
  assert.match(fixed, /depends_on:\n {6}- s3-docker-mender-io/);
  const after = lintTexts({ 'docker-compose.yml': fixed }).diagnostics;
  assert.deepEqual(
    after.filter((x) => x.severity === 'error' || x.code === 'unresolved-host').map((x) => x.message),
    [],
  );
});

test('service-name fix adds the alias in every networks form', () => {
  for (const nets of [
    '',
    '    networks:\n      default:\n',
    '    networks:\n      default:\n        aliases:\n          - other\n',
    '    networks:\n      default:\n        ipv4_address: 10.0.0.2\n',
  ]) {
    const text = `services:\n  a.b:\n    image: x\n${nets}  c:\n    image: y\n    environment:\n      X: http://a.b/\n`;
    const d = only(lintTexts({ 'docker-compose.yml': text }).diagnostics, 'service-name')[0];
    const fixed = applyEdits(text, d.fixes![0].edits);
    const after = lintTexts({ 'docker-compose.yml': fixed }).diagnostics;
    assert.deepEqual(
      after.map((x) => x.code),
      [],
      `after fixing:\n${fixed}`,
    );
  }
});

test('name-too-long counts the stack prefix', () => {
  const long = 'a'.repeat(60);
  const d = only(lintTexts({ 'c.yml': `services:\n  ${long}:\n    image: x\n` }, { stackName: 'mender' }).diagnostics, 'name-too-long');
  assert.equal(d.length, 1);
  assert.match(said(d[0]), /"mender_a+" has 67 characters; swarm allows 63/);
});

test('network and secret names', () => {
  const { diagnostics } = lintTexts({
    'c.yml': 'services:\n  a:\n    image: x\nnetworks:\n  my.net: {}\nsecrets:\n  "bad key": { file: ./k }\n  good.key: { file: ./k }\n',
  });
  assert.deepEqual(
    codes(diagnostics).filter((c) => c.endsWith('-name')),
    ['network-name', 'secret-name'],
  );
});

test('links: an unknown single-label host is a warning at the host, with near names', () => {
  // (Not named deviceadm with DEVICEADM_MONGO: that is Mender evidence, and the catalog's rule would report it.)
  const text =
    'services:\n  app:\n    image: x\n    environment:\n      APP_MONGO: mongo-device-adm:27017\n      OTHER: http://mongo-devce-adm:27017/x\n  mongo:\n    image: mongo\n    networks:\n      default:\n        aliases: [mongo-device-adm2]\n';
  const d = only(lintTexts({ 'c.yml': text }).diagnostics, 'unresolved-host');
  assert.equal(d.length, 2);
  assert.equal(textAt(text, d[0]), 'mongo-device-adm');
  assert.equal(d[0].severity, 'warning');
  assert.match(said(d[0]), /Did you mean "mongo-device-adm2"/);
  assert.equal(textAt(text, d[1]), 'mongo-devce-adm');
});

test('links: aliases, scoped names, tasks., extra_hosts and public DNS resolve or stay silent', () => {
  const text = [
    'services:',
    '  a:',
    '    image: x',
    '    extra_hosts: ["legacy:10.0.0.1"]',
    '    environment:',
    '      A_URL: http://b-alias:80',
    '      B_URL: http://mystack_b/',
    '      C_HOST: tasks.b',
    '      D_URL: https://s3.amazonaws.com/bucket',
    '      E_HOST: legacy',
    '      F_URL: http://127.0.0.1:9000',
    '      G: "not a host"',
    '      H_ADDR: localhost:8080',
    '  b:',
    '    image: y',
    '    networks:',
    '      default:',
    '        aliases: [b-alias]',
  ].join('\n');
  assert.deepEqual(
    lintTexts({ 'c.yml': text }).diagnostics.map((d) => d.message),
    [],
  );
});

test('links: a host on a network the service does not share is an error naming both sides', () => {
  const text =
    'services:\n  a:\n    image: x\n    networks: [front]\n    environment:\n      DB: mongodb://db:27017\n  db:\n    image: mongo\n    networks: [back]\nnetworks:\n  front: {}\n  back: {}\n';
  const d = only(lintTexts({ 'c.yml': text }).diagnostics, 'unshared-network');
  assert.equal(d.length, 1);
  assert.equal(textAt(text, d[0]), 'db');
  assert.match(said(d[0]), /"back".*"front"/);
});

test('links: depends_on and links targets must exist', () => {
  const text = 'services:\n  a:\n    image: x\n    depends_on: [mongo-usradm]\n    links: ["nope:alias"]\n  mongo-useradm:\n    image: mongo\n';
  const d = only(lintTexts({ 'c.yml': text }).diagnostics, 'unknown-service');
  assert.equal(d.length, 2);
  assert.match(said(d[0]), /Did you mean "mongo-useradm"/);
});

test('an overlay that adds the missing service clears the warning in the base file', () => {
  const base = 'services:\n  api:\n    image: x\n    environment:\n      DB_HOST: mongo-api\n';
  const overlay = 'services:\n  mongo-api:\n    image: mongo\n';
  assert.equal(only(lintTexts({ 'a.yml': base }).diagnostics, 'unresolved-host').length, 1);
  assert.equal(only(lintTexts({ 'a.yml': base, 'b.yml': overlay }, { order: ['a.yml', 'b.yml'] }).diagnostics, 'unresolved-host').length, 0);
});

test('swarm-compat: ignored, refused, deprecated options, restart policy with its fix', () => {
  const text = [
    'version: "3.8"',
    'services:',
    '  a:',
    '    image: x',
    '    privileged: true',
    '    container_name: a1',
    '    mem_limit: 1g',
    '    volumes_from: [b]',
    '    restart: on-failure:3',
    '  b:',
    '    image: x',
    '    ports: ["8080:80"]',
    '  c:',
    '    image: x',
    '    ports: [{ target: 81, published: 8080 }]',
    'networks:',
    '  local:',
    '    driver: bridge',
  ].join('\n');
  const { diagnostics } = lintTexts({ 'c.yml': text });
  const by = (c: string) => only(diagnostics, c);
  assert.equal(textAt(text, by('ignored-option')[0]), 'privileged');
  assert.equal(textAt(text, by('deprecated-option')[0]), 'container_name');
  // volumes_from: nobody can honour it (an error); mem_limit: the docker CLI refuses it, Mender Swarm moves it (a warning).
  assert.equal(textAt(text, by('refused-option')[0]), 'volumes_from');
  assert.equal(by('refused-option')[0].severity, 'error');
  assert.equal(textAt(text, by('cli-refused-option')[0]), 'mem_limit');
  assert.equal(by('cli-refused-option')[0].severity, 'warning');
  assert.match(said(by('cli-refused-option')[0]), /export writes it as deploy\.resources\.limits\.memory/);
  assert.equal(by('network-driver')[0].severity, 'error');
  assert.equal(by('duplicate-published-port').length, 1);
  const r = by('restart-policy')[0];
  assert.match(said(r), /condition: on-failure, max_attempts: 3/);
  const fixed = applyEdits(text, r.fixes![0].edits);
  assert.match(fixed, /    deploy:\n      restart_policy:\n        condition: on-failure\n        max_attempts: 3\n  b:/);
  assert.equal(only(lintTexts({ 'c.yml': fixed }).diagnostics, 'restart-policy').length, 0);
});

test('version 2 and extends are warnings (we convert them), not errors', () => {
  const { diagnostics } = lintTexts({ 'c.yml': 'version: "2.1"\nservices:\n  a:\n    image: x\n  b:\n    extends: a\n' });
  assert.equal(only(diagnostics, 'compose-version')[0].severity, 'warning');
  assert.equal(only(diagnostics, 'extends-unsupported')[0].severity, 'warning');
});

test('interpolation rule: unset, required, and variables only .env provides', () => {
  const text = 'services:\n  a:\n    image: "${REG}/x:${TAG:-latest}"\n    environment:\n      K: ${KEY:?set the key}\n      V: ${FROM_DOTENV}\n';
  const { diagnostics } = lintTexts({ 'c.yml': text, '.env': 'FROM_DOTENV=1\n' });
  assert.equal(textAt(text, only(diagnostics, 'unset-variable')[0]), '${REG}');
  assert.equal(only(diagnostics, 'required-variable')[0].severity, 'error');
  assert.match(said(only(diagnostics, 'required-variable')[0]), /set the key/);
  assert.equal(textAt(text, only(diagnostics, 'dotenv-only')[0]), '${FROM_DOTENV}');
  const fromEnv = lintTexts({ 'c.yml': text, '.env': 'FROM_DOTENV=1\n' }, { env: { REG: 'r', KEY: 'k', FROM_DOTENV: '2' } }).diagnostics;
  assert.deepEqual(codes(fromEnv), []);
});

test('severity settings override and silence codes and whole rules', () => {
  const text = 'services:\n  a:\n    image: x\n    privileged: true\n    environment: { X_HOST: nowhere }\n';
  assert.deepEqual(codes(lintTexts({ 'c.yml': text }, { rules: { 'ignored-option': 'off' } }).diagnostics), ['unresolved-host']);
  assert.equal(lintTexts({ 'c.yml': text }, { rules: { links: 'error' } }).diagnostics.find((d) => d.code === 'unresolved-host')?.severity, 'error');
});

test('files: a missing env_file or secret/config file is an error at its path; optional env files are skipped', () => {
  const text = [
    'services:',
    '  a:',
    '    image: x',
    '    env_file: [present.env, missing.env, { path: optional.env, required: false }]',
    'secrets:',
    '  key: { file: ./keys/private.pem }',
    'configs:',
    '  routes: { file: ./routes.yml }',
  ].join('\n');
  const { diagnostics } = lintTexts({ 'c.yml': text, 'present.env': 'A=1\n', 'routes.yml': 'x: 1\n' });
  const d = only(diagnostics, 'missing-file');
  assert.deepEqual(
    d.map((x) => textAt(text, x)),
    ['missing.env', './keys/private.pem'],
  );
  assert.equal(d[0].message, 'The env_file of "a" cannot be read: missing.env.');
  assert.match(d[0].detail!, /^\/virtual\/mystack\/missing\.env: no such file\. Create it, or fix the path/);
  assert.equal(d[1].severity, 'error');
});

test('build-without-image: swarm has nothing to run for a service that only builds', () => {
  const text = 'services:\n  web:\n    build: .\n  api:\n    build: ./api\n    image: registry.example/api:1\n';
  const d = only(lintTexts({ 'c.yml': text }).diagnostics, 'build-without-image');
  assert.deepEqual(
    d.map((x) => textAt(text, x)),
    ['web'],
  );
  assert.equal(d[0].severity, 'error');
  // A file where nothing names an image (a build file, an extends library opened alone): one note, not errors.
  const lib = only(lintTexts({ 'c.yml': 'services:\n  base:\n    build: .\n  b2:\n    build: ./b\n' }).diagnostics, 'build-without-image');
  assert.deepEqual(
    lib.map((x) => x.severity),
    ['info'],
  );
  assert.match(said(lib[0]), /2 services only build/);
});

test('unshared-network: an error where the service writes the value, a warning where it merges it from a shared block', () => {
  const text = [
    'x-env: &env',
    '  DATABASE_URI: mysql://db:3306/app',
    'services:',
    '  web:',
    '    image: x',
    '    environment:',
    '      <<: *env',
    '    networks: [front]',
    '  worker:',
    '    image: x',
    '    environment:',
    '      QUEUE_DB: mysql://db:3306/queue',
    '    networks: [front]',
    '  scheduler:',
    '    image: x',
    '    environment:',
    '      <<: *env',
    '    networks: [back]',
    '  db:',
    '    image: mariadb',
    '    networks: [back]',
    'networks:',
    '  front: {}',
    '  back: {}',
  ].join('\n');
  const found = only(lintTexts({ 'c.yml': text }).diagnostics, 'unshared-network');
  assert.deepEqual(
    found.map((d) => `${d.range.start.line}:${d.severity}`),
    ['1:warning', '11:error'],
  );
  assert.match(said(found[0]), /shares with others \(an anchor or merge key\)/);
});

test('duplicate-published-port: a warning, saying why, for two services of profiles compose never runs together', () => {
  const text = [
    'services:',
    '  nginx:',
    '    image: nginx',
    '    profiles: [feature-complete]',
    '    ports: ["9000:80"]',
    '  nginx-errors-only:',
    '    image: nginx',
    '    profiles: [errors-only]',
    '    ports: ["9000:80"]',
    '  other:',
    '    image: nginx',
    '    profiles: [errors-only]',
    '    ports: ["9000:81"]',
  ].join('\n');
  const found = only(lintTexts({ 'c.yml': text }).diagnostics, 'duplicate-published-port');
  assert.deepEqual(
    found.map((d) => `${d.range.start.line}:${d.severity}`),
    ['8:warning', '12:error'],
  );
  assert.match(said(found[0]), /profiles compose never runs together; swarm has no profiles and runs both/);
});

test('a host IP on a published port: swarm publishes it on every address (once per service; 0.0.0.0 says nothing)', () => {
  const text = [
    'services:',
    '  web:',
    '    image: x',
    '    ports:',
    '      - "127.0.0.1:3000:3000"',
    '      - "127.0.0.1:4000-4002:4000-4002"',
    '  api:',
    '    image: x',
    '    ports: ["0.0.0.0:8080:80", "8081:81"]',
  ].join('\n');
  const found = only(lintTexts({ 'c.yml': text }).diagnostics, 'ignored-option');
  assert.deepEqual(
    found.map((d) => `${d.range.start.line}:${d.severity}`),
    ['4:warning'],
  );
  assert.match(said(found[0]), /listens on every address.*open to every network/);
});
