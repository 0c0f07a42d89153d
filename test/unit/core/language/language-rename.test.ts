// Rename (F2) in every file of the stack (src/core/language/rename.ts), refusing names swarm refuses; the
// service-name quick fix is made of the same edits.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import type { TextEdit } from '../../../../src/core/diagnostic';
import { prepareRename, renameAt, renameEdits } from '../../../../src/core/language/rename';
import { loadProject } from '../../../../src/core/manifest/project';
import { overlayReader } from '../../../../src/core/manifest/files';
import { applyEdits, lintTexts, only } from '../../helpers';
import { BASE, langProject, LANG_DIR, OVERRIDE, offsetOf } from '../../language-helpers';

const base = fs.readFileSync(BASE, 'utf8');

function applied(edits: TextEdit[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of new Set(edits.map((e) => e.file)))
    out.set(
      path.basename(file),
      applyEdits(
        fs.readFileSync(file, 'utf8'),
        edits.filter((e) => e.file === file),
      ),
    );
  return out;
}

test('a service: its key, depends_on in the base and the override, the host in an environment value', () => {
  const r = renameAt(langProject(), BASE, offsetOf(base, '  inventory:', 3), 'inv');
  assert.ok('edits' in r, JSON.stringify(r));
  const files = applied(r.edits);
  assert.deepEqual([...files.keys()].sort(), ['docker-compose.override.yml', 'docker-compose.yml']);
  const b = files.get('docker-compose.yml')!;
  assert.match(b, /\n {2}inv:\n/);
  assert.match(b, /DEVICEAUTH_INVENTORY_ADDR: http:\/\/inv:8080\//);
  assert.match(b, /depends_on:\n {6}- inv\n/);
  assert.match(files.get('docker-compose.override.yml')!, /- inv\n {6}- storage/);
  // Renamed, the stack loads with the new name everywhere and the old one nowhere.
  const after = loadProject({
    files: [BASE, OVERRIDE],
    reader: overlayReader(
      new Map([
        [BASE, b],
        [OVERRIDE, files.get('docker-compose.override.yml')!],
      ]),
    ),
  });
  assert.ok(after.services.has('inv') && !after.services.has('inventory'));
});

test('a service of an included file, a network, a secret and an alias', () => {
  const p = langProject();
  const storage = renameEdits(p, 'service', 'storage', 'minio');
  assert.ok('edits' in storage);
  assert.deepEqual(storage.edits.map((e) => path.basename(e.file)).sort(), ['docker-compose.override.yml', 'storage.yml']);
  const net = renameAt(p, BASE, offsetOf(base, 'backend:', 1), 'mender');
  assert.ok('edits' in net && net.edits.length === 3 + 1, JSON.stringify(net));
  const secret = renameAt(p, BASE, offsetOf(base, '- jwt-key', 3), 'jwt.key');
  assert.ok('edits' in secret && secret.edits.length === 2, 'a dot is fine in a secret name');
  const alias = renameAt(p, BASE, offsetOf(base, 'mender-device-auth', 1), 'device-auth.mender');
  assert.ok('edits' in alias && alias.edits.length === 1);
});

test('refuses names swarm would refuse, saying why; and names already taken', () => {
  const p = langProject();
  const at = offsetOf(base, '  inventory:', 3);
  const dotted = renameAt(p, BASE, at, 'inv.entory');
  assert.ok('error' in dotted);
  assert.match(dotted.error, /swarm refuses the service name "inv\.entory": it contains "\."/);
  assert.match((renameAt(p, BASE, at, '-inv') as { error: string }).error, /must start with a letter or digit/);
  assert.match((renameAt(p, BASE, at, 'x'.repeat(70)) as { error: string }).error, /swarm allows 63/);
  assert.match((renameAt(p, BASE, at, 'useradm') as { error: string }).error, /already has a service "useradm"/);
  assert.match((renameAt(p, BASE, offsetOf(base, '- jwt-key', 3), 'jwt key') as { error: string }).error, /secret name/);
  assert.match((prepareRename(p, BASE, offsetOf(base, 'image:', 1)) as { error: string }).error, /Only a service, network/);
});

test("the service-name quick fix is rename's edits (without env hosts) plus the alias", () => {
  const text =
    'services:\n  s3.example:\n    image: minio\n  app:\n    image: app\n    depends_on: [s3.example]\n    environment:\n      URL: http://s3.example:9000\n';
  const { project, diagnostics } = lintTexts({ 'docker-compose.yml': text });
  const fix = only(diagnostics, 'service-name')[0].fixes![0];
  const r = renameEdits(project, 'service', 's3.example', 's3-example', { envHosts: false });
  assert.ok('edits' in r);
  for (const e of r.edits)
    assert.ok(
      fix.edits.some((f) => JSON.stringify(f) === JSON.stringify(e)),
      `the fix holds ${JSON.stringify(e)}`,
    );
  const after = applyEdits(text, fix.edits);
  assert.match(after, /URL: http:\/\/s3\.example:9000/, 'the public host name stays; the alias answers it');
  assert.match(after, /aliases:\n\s+- s3\.example/);
});

test('bad input: broken YAML, half-typed names, a stack that does not load', () => {
  const f = path.join(LANG_DIR, 'docker-compose.yml');
  const text = 'services:\n  a:\n    image: x\n    depends_on: [b\n  b:\n    image: [';
  const p = loadProject({ files: [f], reader: overlayReader(new Map([[f, text]])) });
  for (let i = 0; i <= text.length; i++) {
    const r = renameAt(p, f, i, 'c');
    assert.ok('edits' in r || 'error' in r);
  }
  const empty = loadProject({ files: ['/nowhere/docker-compose.yml'] });
  assert.ok('error' in renameAt(empty, '/nowhere/docker-compose.yml', 0, 'x'));
});
