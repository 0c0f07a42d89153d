// References and highlights (src/core/language/references.ts): who uses a service, host, network, secret or config.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { highlightsAt, nameAt, referencesAt, referencesOf } from '../../../../src/core/language/references';
import { loadProject } from '../../../../src/core/manifest/project';
import { overlayReader } from '../../../../src/core/manifest/files';
import { BASE, langProject, LANG_DIR, OVERRIDE, offsetOf } from '../../language-helpers';

const base = fs.readFileSync(BASE, 'utf8');
const where = (refs: { span: { file: { path: string; rangeOf(s: object): { start: { line: number } } } }; via: string }[]): string[] =>
  refs.map((r) => `${path.basename(r.span.file.path)}:${r.span.file.rangeOf(r.span).start.line}:${r.via}`);

test('a service: its definition, depends_on in the base and the override, the host in an environment value', () => {
  const p = langProject();
  const refs = referencesAt(p, BASE, offsetOf(base, 'inventory:', 1))!;
  assert.deepEqual(
    where(refs).sort(),
    [
      'docker-compose.override.yml:4:depends_on',
      'docker-compose.yml:15:environment',
      'docker-compose.yml:17:depends_on',
      'docker-compose.yml:4:services',
    ].sort(),
  );
  assert.deepEqual(
    referencesAt(p, BASE, offsetOf(base, 'http://inventory', 9), false)!.map((r) => r.definition),
    [false, false, false],
    'from the host, without the declaration',
  );
  const storage = referencesOf(p, 'service', 'storage');
  assert.deepEqual(where(storage).sort(), ['docker-compose.override.yml:5:depends_on', 'storage.yml:1:services'], "the included file's service");
});

test('networks, secrets, aliases and extends', () => {
  const p = langProject();
  assert.deepEqual(where(referencesOf(p, 'network', 'backend')).sort(), [
    'docker-compose.override.yml:7:networks',
    'docker-compose.yml:19:networks',
    'docker-compose.yml:25:networks',
    'docker-compose.yml:8:networks',
  ]);
  assert.deepEqual(where(referencesOf(p, 'secret', 'jwt-key')).sort(), ['docker-compose.yml:23:secrets', 'docker-compose.yml:28:secrets']);
  assert.equal(nameAt(p, BASE, offsetOf(base, 'mender-device-auth', 2))?.kind, 'alias');
  assert.deepEqual(where(referencesOf(p, 'service', 'base')).sort(), ['common.yml:1:services', 'docker-compose.yml:12:extends']);
});

test('hosts reaching an alias, tasks.<name>, volumes in short and long form, configs', () => {
  const dir = '/virtual/refs';
  const text = [
    'services:',
    '  db:',
    '    image: mongo',
    '    networks: { net: { aliases: [mongo-db] } }',
    '    volumes: [ "data:/data/db", { type: volume, source: data, target: /x } ]',
    '    configs: [ { source: conf, target: /c } ]',
    '  app:',
    '    image: app',
    '    networks: [net]',
    '    environment:',
    '      - DB_URL=mongodb://mongo-db:27017',
    '      - PEERS=http://tasks.db:80',
    'networks: { net: {} }',
    'volumes: { data: {} }',
    'configs: { conf: { file: ./c.txt } }',
  ].join('\n');
  const f = path.join(dir, 'docker-compose.yml');
  const p = loadProject({ files: [f], reader: overlayReader(new Map([[f, text]]), { read: (x) => ({ error: `${x}: no such file` }) }) });
  assert.deepEqual(
    referencesOf(p, 'alias', 'mongo-db').map((r) => r.definition),
    [true, false],
  );
  const tasks = referencesOf(p, 'service', 'db').filter((r) => r.via === 'environment');
  assert.equal(tasks.length, 1);
  assert.equal(text.slice(tasks[0].span.start, tasks[0].span.end), 'db');
  assert.equal(referencesOf(p, 'volume', 'data').length, 3);
  assert.equal(referencesOf(p, 'config', 'conf').length, 2);
  assert.deepEqual(highlightsAt(p, f, offsetOf(text, 'net: {}', 1)).length, 3, "highlights: the definition and both services' networks");
});

test('bad input: nothing at the offset, broken YAML, a stack that did not load', () => {
  const p = langProject();
  assert.equal(referencesAt(p, BASE, 0), undefined);
  assert.equal(referencesAt(p, '/elsewhere.yml', 10), undefined);
  const f = path.join(LANG_DIR, 'docker-compose.yml');
  const broken = loadProject({ files: [f], reader: overlayReader(new Map([[f, 'services:\n  a:\n    depends_on: [b\n  b: {']])) });
  assert.deepEqual(highlightsAt(broken, f, 15), []);
  assert.ok(OVERRIDE);
});
