import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { exportV3 } from '../../../../src/core/deploy/export';
import type { FileReader } from '../../../../src/core/manifest/files';
import { loadProject } from '../../../../src/core/manifest/project';

const SEED = path.join(__dirname, '..', '..', '..', 'fixtures', 'seed-2016', 'docker-compose.yml');

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

test('a top-level key docker stack deploy accepts is kept without a note; only the refused ones are named as dropped', () => {
  const text = `name: x\nx-common: &c {image: x}\nservices:\n  a: *c\nnetworks:\n  n: {}\nvolumes:\n  v: {}\nsecrets:\n  s: {file: ./s.txt}\nconfigs:\n  c: {file: ./c.txt}\n`;
  const reader: FileReader = { read: () => ({ text }) };
  const r = exportV3(loadProject({ files: ['/p/c.yml'], reader, envFile: false }));
  const doc = parse(r.text) as Record<string, unknown>;
  for (const k of ['x-common', 'networks', 'volumes', 'secrets', 'configs']) assert.ok(k in doc, `${k} kept`);
  assert.deepEqual(
    r.notes.filter((n) => !n.service).map((n) => n.key),
    ['name'],
  );
});

test('export -o elsewhere/: secret and config files, env_file, bind mounts and build contexts are rewritten relative to the written file', () => {
  const text = [
    'services:',
    '  a:',
    '    image: x',
    '    build: ./app',
    '    env_file: [./a.env, { path: ./opt.env, required: false }]',
    '    volumes: ["./data:/data:ro", "named:/n", { type: bind, source: ./conf, target: /etc/conf }, "/abs:/abs"]',
    '    secrets: [k]',
    '    configs: [c]',
    'volumes: { named: {} }',
    'secrets: { k: { file: ./keys/private.pem } }',
    'configs: { c: { file: /etc/absolute.conf } }',
  ].join('\n');
  const reader: FileReader = { read: (p) => (p === '/src/stack/c.yml' ? { text } : { error: 'no such file' }) };
  const project = loadProject({ files: ['/src/stack/c.yml'], reader, envFile: false, stackName: 's' });
  const same = parse(exportV3(project).text) as { secrets: { k: { file: string } } };
  assert.equal(same.secrets.k.file, './keys/private.pem', 'next to the source: as written');
  const doc = parse(exportV3(project, { outDir: '/out/elsewhere' }).text) as {
    services: { a: { build: string; env_file: unknown[]; volumes: unknown[] } };
    secrets: { k: { file: string } };
    configs: { c: { file: string } };
  };
  assert.equal(doc.secrets.k.file, '../../src/stack/keys/private.pem');
  assert.equal(doc.configs.c.file, '/etc/absolute.conf');
  assert.equal(doc.services.a.build, '../../src/stack/app');
  assert.deepEqual(doc.services.a.env_file, ['../../src/stack/a.env', { path: '../../src/stack/opt.env', required: false }]);
  assert.deepEqual(doc.services.a.volumes, [
    '../../src/stack/data:/data:ro',
    'named:/n',
    { type: 'bind', source: '../../src/stack/conf', target: '/etc/conf' },
    '/abs:/abs',
  ]);
  const inside = parse(exportV3(project, { outDir: '/src/stack/out' }).text) as { secrets: { k: { file: string } } };
  assert.equal(inside.secrets.k.file, '../keys/private.pem');
});

test('what a 3.8 file cannot hold: a healthcheck start_interval is dropped with a note, inline config content is named in a note', () => {
  const text = `services:\n  a:\n    image: x\n    healthcheck:\n      test: [CMD, "true"]\n      start_period: 5s\n      start_interval: 1s\nconfigs:\n  c:\n    content: hello\n`;
  const reader: FileReader = { read: () => ({ text }) };
  const r = exportV3(loadProject({ files: ['/p/c.yml'], reader, envFile: false }));
  const doc = parse(r.text) as { services: { a: { healthcheck: Record<string, unknown> } }; configs: { c: { content?: string } } };
  assert.deepEqual(doc.services.a.healthcheck, { test: ['CMD', 'true'], start_period: '5s' });
  assert.deepEqual(
    r.notes.map((n) => n.key),
    ['healthcheck.start_interval', 'configs.c.content'],
  );
  assert.equal(doc.configs.c.content, 'hello');
  assert.match(r.notes[1].message, /docker stack deploy refuses/);
});
