import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { exportV3 } from '../../src/core/deploy/export';
import type { FileReader } from '../../src/core/manifest/files';
import { loadProject } from '../../src/core/manifest/project';

const SEED = path.join(__dirname, '..', 'fixtures', 'seed-2016', 'docker-compose.yml');

test('seed exports as v3.8: extends resolved, restart -> restart_policy, depends_on as a list, ports quoted', () => {
  const r = exportV3(loadProject({ files: [SEED], stackName: 'mender' }));
  const doc = parse(r.text) as { version: string; services: Record<string, Record<string, unknown>>; networks: Record<string, unknown> };
  assert.equal(doc.version, '3.8');
  assert.equal(Object.keys(doc.services).length, 15);
  const gw = doc.services['mender-api-gateway'];
  assert.equal(gw.extends, undefined);
  assert.equal(gw.restart, undefined);
  assert.deepEqual(gw.deploy, { restart_policy: { condition: 'on-failure' } });
  assert.ok(Array.isArray(gw.depends_on));
  assert.match(r.text, /- "8080:443"/);
  assert.deepEqual((gw.networks as Record<string, { aliases: string[] }>).mender.aliases, ['gateway', 'docker.mender.io']);
  assert.ok('mender' in doc.networks);
});

test('v2 resource keys move under deploy; refused keys dropped with a note; $ escaped', () => {
  const text = `version: '2.2'\nname: x\nservices:\n  a:\n    image: x\n    mem_limit: 512m\n    cpus: 0.5\n    volumes_from: [b]\n    environment:\n      PRICE: "$$5"\n`;
  const reader: FileReader = { read: () => ({ text }) };
  const r = exportV3(loadProject({ files: ['/p/c.yml'], reader, envFile: false }));
  const doc = parse(r.text) as { services: { a: Record<string, unknown> }; name?: string };
  assert.deepEqual(doc.services.a.deploy, { resources: { limits: { memory: '512m', cpus: '0.5' } } });
  assert.equal(doc.services.a.volumes_from, undefined);
  assert.equal(doc.name, undefined);
  assert.deepEqual(doc.services.a.environment, { PRICE: '$$5' });
  assert.ok(r.notes.some((n) => n.key === 'volumes_from'));
  assert.ok(r.notes.some((n) => n.key === 'name'));
});
