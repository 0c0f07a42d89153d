// Completion in stack files (src/core/language/completion.ts): schema keys and values, names of the stack,
// hosts with the catalog's ports, Mender variables and images; and answers (never throws) on bad input.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { completionsAt, CompletionItem } from '../../../../src/core/language/completion';
import { cursorContext } from '../../../../src/core/language/cursor';
import { keyAt, keysAt } from '../../../../src/core/language/schemaInfo';
import { loadProject } from '../../../../src/core/manifest/project';
import { generateStack } from '../../../../bench/generate';
import { FIXTURES } from '../../helpers';
import { BASE, langProject, offsetOf } from '../../language-helpers';

const labels = (items: CompletionItem[]): string[] => items.map((i) => i.label);
const base = fs.readFileSync(BASE, 'utf8');

/** Completions with `insert` typed at the end of the line holding `after` (a new line under it). */
function typed(after: string, insert: string, text = base): { items: CompletionItem[]; text: string } {
  const at = text.indexOf('\n', offsetOf(text, after)) + 1;
  const t = text.slice(0, at) + insert + '\n' + text.slice(at);
  return { items: completionsAt(t, at + insert.length, () => langProject({ [BASE]: t })), text: t };
}

test('cursor context: paths through mappings, lists of mappings and list items', () => {
  const t = 'services:\n  web:\n    deploy:\n      restart_policy:\n        cond\n    ports:\n      - target: 80\n        pro\n    depends_on:\n      - d\n';
  assert.deepEqual(cursorContext(t, offsetOf(t, 'cond', 4))?.path, ['services', 'web', 'deploy', 'restart_policy']);
  assert.deepEqual(cursorContext(t, offsetOf(t, 'pro', 3))?.path, ['services', 'web', 'ports', '-']);
  const item = cursorContext(t, offsetOf(t, '- d', 3));
  assert.deepEqual([item?.position, item?.path], ['item', ['services', 'web', 'depends_on', '-']]);
  assert.equal(cursorContext('a: 1 # comm', 11), undefined, 'nothing in a comment');
});

test('schema: keys, descriptions and values come from the compose-spec schema the validator uses', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../../src/core/schema/compose-spec.schema.json'), 'utf8'));
  const deployKeys = Object.keys(schema.definitions.deployment.properties);
  assert.deepEqual(
    keysAt(['services', 'x', 'deploy']).map((k) => k.key),
    deployKeys,
  );
  assert.equal(keyAt(['services', 'x'], 'healthcheck')?.description, schema.definitions.service.properties.healthcheck.description);
  assert.deepEqual(keyAt(['services', 'x', 'deploy'], 'endpoint_mode')?.values, ['vip', 'dnsrr']);
  assert.deepEqual(keyAt(['services', 'x', 'deploy', 'restart_policy'], 'condition')?.values, ['none', 'on-failure', 'any']);
  assert.deepEqual(keyAt(['services', 'x', 'deploy', 'update_config'], 'order')?.values, ['start-first', 'stop-first']);
  assert.deepEqual(keyAt(['services', 'x', 'ports', '-'], 'protocol')?.values, ['tcp', 'udp']);
  assert.deepEqual(keyAt(['services', 'x', 'deploy', 'update_config'], 'delay')?.values, [], 'examples are not values');
});

test('service-level keys: description, a snippet for mappings and lists, refused and ignored keys marked', () => {
  const { items } = typed('    image: mendersoftware/inventory', '    ');
  const deploy = items.find((i) => i.label === 'deploy')!;
  assert.equal(deploy.insertText, 'deploy:\n  $0');
  assert.ok(deploy.snippet);
  const healthcheck = items.find((i) => i.label === 'healthcheck')!;
  assert.match(healthcheck.documentation!, /health check/);
  assert.equal(items.find((i) => i.label === 'depends_on')!.insertText, 'depends_on:\n  - $0');
  const mem = items.find((i) => i.label === 'mem_limit')!;
  assert.ok(mem.deprecated);
  assert.match(mem.documentation!, /refuses it.*deploy\.resources\.limits\.memory/);
  const privileged = items.find((i) => i.label === 'privileged')!;
  assert.ok(privileged.deprecated);
  assert.match(privileged.detail!, /ignored by swarm/);
  assert.ok(!items.find((i) => i.label === 'image')!.deprecated);
  assert.equal(items.find((i) => i.label === 'restart')!.insertText, 'restart: ${1|no,always,on-failure,unless-stopped|}');
});

test('keys of deploy, healthcheck and network/volume/secret/config entries', () => {
  assert.ok(labels(typed('    image: mendersoftware/inventory', '    deploy:\n      ').items).includes('restart_policy'));
  assert.ok(labels(typed('    image: mendersoftware/inventory', '    healthcheck:\n      ').items).includes('start_period'));
  assert.ok(labels(typed('    driver: overlay', '    ').items).includes('attachable'));
  assert.ok(labels(typed('    file: ./keys/jwt.pem', '    ').items).includes('external'));
  assert.deepEqual(labels(typed('    driver: overlay', '    driver: ').items), ['overlay'], 'swarm networks: overlay');
});

test('enum values: restart, update order, endpoint_mode, mode', () => {
  assert.deepEqual(labels(typed('    image: mendersoftware/inventory', '    restart: ').items), ['no', 'always', 'on-failure', 'unless-stopped']);
  assert.deepEqual(labels(typed('    image: mendersoftware/inventory', '    deploy:\n      endpoint_mode: ').items), ['vip', 'dnsrr']);
  assert.deepEqual(labels(typed('    image: mendersoftware/inventory', '    deploy:\n      mode: ').items), ['replicated', 'global']);
  assert.deepEqual(labels(typed('    image: mendersoftware/inventory', '    deploy:\n      update_config:\n        failure_action: ').items), [
    'continue',
    'pause',
    'rollback',
  ]);
});

test("names from every file of the stack: the override's and the included file's services", () => {
  const deps = labels(typed('      - inventory', '      - ').items);
  for (const name of ['inventory', 'storage', 'useradm']) assert.ok(deps.includes(name), `${name} in ${deps.join(', ')}`);
  assert.ok(!deps.includes('deviceauth'), 'not the service itself');
  const secrets = labels(typed('      - jwt-key', '      - ').items);
  assert.equal(secrets[0], 'jwt-key', "the stack's secrets first");
  assert.ok(secrets.includes('source'), 'then the keys of the long form');
  assert.deepEqual(labels(typed('      file: common.yml', '      service: ').items).sort(), ['deviceauth', 'inventory', 'storage', 'useradm']);
});

test("hosts in environment values: names on a shared network, with the catalog's port", () => {
  const { items } = typed('    environment:', '      DEVICEAUTH_INVENTORY_ADDR2: http://');
  const hosts = labels(items);
  assert.ok(hosts.includes('inventory:8080'), hosts.join(', '));
  assert.ok(!hosts.includes('storage:9000'), 'storage is on the default network only, deviceauth is not');
  // A Mender variable: its target component first, with its scheme.
  const { items: addr } = typed('    environment:', '      DEVICEAUTH_INVENTORY_ADDR: ');
  assert.equal(addr[0].label, 'http://inventory:8080');
});

test("Mender: the variables the component reads in the era, and images with the era's tags", () => {
  const { items } = typed('    environment:', '      DEVICEAUTH_');
  const v = items.find((i) => i.label === 'DEVICEAUTH_MONGO_URL' || i.label === 'DEVICEAUTH_INVENTORY_ADDR')!;
  assert.ok(v, labels(items).join(', '));
  assert.match(v.detail!, /deviceauth, 3\.x era/);
  assert.match(v.insertText, /^DEVICEAUTH_[A-Z_]+: /);
  const images = labels(typed('    image: mendersoftware/inventory', '    image: ').items);
  assert.ok(images.includes('mendersoftware/deviceauth:mender-3.7.4'), images.slice(0, 5).join(', '));
  assert.ok(images.includes('registry.mender.io/mendersoftware/deployments-enterprise:mender-3.7.4'));
  assert.ok(!images.some((i) => i.endsWith(':mender-1.7.0')), 'only the era assumed for the stack');
});

test('bad input: broken YAML, half-typed documents and huge files answer and never throw', () => {
  const broken = 'services:\n  web:\n    image: [unclosed\n    ports: {\n    \n  "x\n';
  for (let i = 0; i <= broken.length; i++) completionsAt(broken, i, () => loadProject({ files: ['/nowhere/x.yml'] }));
  assert.ok(labels(completionsAt('services:\n  web:\n    ', 20, () => undefined)).includes('deploy'), 'keys with no stack at all');
  assert.deepEqual(
    completionsAt('', 0, () => undefined)
      .map((i) => i.label)
      .slice(0, 2),
    ['version', 'name'],
  );
  const throwing = completionsAt('services:\n  web:\n    depends_on:\n      - ', 41, () => {
    throw new Error('boom');
  });
  assert.deepEqual(throwing, []);
  const huge = generateStack(30000);
  // A huge file answers (its speed is the benchmark's to measure): the place is found by walking up the text.
  const items = completionsAt(huge, huge.indexOf('    depends_on:', huge.indexOf('  worker-9000:')) + 4, () => undefined);
  assert.ok(
    items.some((i) => i.label === 'deploy'),
    'service keys at a service of a 30,000-service file',
  );
  const seed = path.join(FIXTURES, 'seed-2016/docker-compose.yml');
  const text = fs.readFileSync(seed, 'utf8');
  for (let i = 0; i < text.length; i += 7) completionsAt(text, i, () => loadProject({ files: [seed] }));
});
