import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { overlayReader } from '../../../../src/core/manifest/files';
import { folderStackName } from '../../../../src/core/manifest/project';
import { defaultStackFiles, stackFilesFor } from '../../../../src/core/manifest/stackFiles';
import { lintStack } from '../../../../src/core/lint';
import { FIXTURES } from '../../helpers';

const dir = '/virtual/app';
const reader = (files: Record<string, string>) =>
  overlayReader(new Map(Object.entries(files).map(([n, t]) => [path.join(dir, n), t])), { read: (p) => ({ error: `${p}: no such file` }) });

test('COMPOSE_FILE in .env names the stack when it lists the file', () => {
  const r = reader({ '.env': 'COMPOSE_FILE=docker-compose.yml:docker-compose.storage.yml\n', 'docker-compose.yml': '', 'docker-compose.storage.yml': '' });
  const set = stackFilesFor(path.join(dir, 'docker-compose.storage.yml'), r);
  assert.equal(set.reason, 'COMPOSE_FILE');
  assert.deepEqual(set.files, [path.join(dir, 'docker-compose.yml'), path.join(dir, 'docker-compose.storage.yml')]);
  // a file COMPOSE_FILE does not list is a stack of its own
  assert.deepEqual(stackFilesFor(path.join(dir, 'other.yml'), r).files, [path.join(dir, 'other.yml')]);
});

test('COMPOSE_PATH_SEPARATOR and the environment beat .env', () => {
  const r = reader({ '.env': 'COMPOSE_FILE=a.yml\n' });
  const set = stackFilesFor(path.join(dir, 'b.yml'), r, { COMPOSE_FILE: 'a.yml;b.yml', COMPOSE_PATH_SEPARATOR: ';' });
  assert.deepEqual(set.files, [path.join(dir, 'a.yml'), path.join(dir, 'b.yml')]);
});

test('docker-compose.yml takes its override file, from either side', () => {
  const r = reader({ 'docker-compose.yml': '', 'docker-compose.override.yml': '' });
  const want = [path.join(dir, 'docker-compose.yml'), path.join(dir, 'docker-compose.override.yml')];
  assert.deepEqual(stackFilesFor(path.join(dir, 'docker-compose.yml'), r).files, want);
  assert.deepEqual(stackFilesFor(path.join(dir, 'docker-compose.override.yml'), r).files, want);
  // As compose pairs them: the first of its file names with the first of its override names, whatever the stems.
  const mixed = reader({ 'compose.yaml': '', 'docker-compose.yml': '', 'compose.override.yml': '' });
  const pair = [path.join(dir, 'compose.yaml'), path.join(dir, 'compose.override.yml')];
  assert.deepEqual(stackFilesFor(path.join(dir, 'compose.override.yml'), mixed).files, pair);
  assert.deepEqual(stackFilesFor(path.join(dir, 'docker-compose.yml'), mixed).files, [
    path.join(dir, 'docker-compose.yml'),
    path.join(dir, 'compose.override.yml'),
  ]);
  assert.equal(stackFilesFor(path.join(dir, 'stack.yml'), mixed).reason, 'single');
});

test("compose's folder-derived stack name", () => {
  assert.equal(folderStackName('/srv/My Mender.Stack'), 'mymenderstack');
  assert.equal(folderStackName('/srv/__'), 'stack');
});

test('mutated manifests never throw and stay fast (a cheap fuzz over the seed)', () => {
  const seed = fs.readFileSync(path.join(FIXTURES, 'seed-2016/docker-compose.yml'), 'utf8');
  let state = 12345;
  const rnd = (n: number) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
  const junk = [':', '-', '{', '[', '"', "'", '&a', '*a', '<<', '${', '\t', '\n', '  ', '#', '|', '>', '!!', '?', '%', '@', '$$', '}', ']'];
  const t0 = Date.now();
  for (let i = 0; i < 300; i++) {
    let text = seed;
    for (let k = 0; k < 1 + rnd(4); k++) {
      const at = rnd(text.length);
      text = rnd(2) ? text.slice(0, at) + junk[rnd(junk.length)] + text.slice(at) : text.slice(0, at) + text.slice(at + 1 + rnd(20));
    }
    const file = path.join(dir, 'docker-compose.yml');
    const r = lintStack({ files: [file], reader: overlayReader(new Map([[file, text]]), { read: (p) => ({ error: `${p}: no such file` }) }) });
    for (const d of r.diagnostics) {
      assert.notEqual(d.code, 'internal-error', `${d.message}\n--- input ---\n${text}`);
      assert.ok(d.range.start.line <= text.split('\n').length, 'range inside the file');
    }
  }
  assert.ok(Date.now() - t0 < 30000, '300 mutated stacks lint in well under 30 s');
});

test('a file another compose file includes is linted as part of that stack (its folder or up to two above)', () => {
  const r = reader({
    'docker-compose.yml': 'include:\n  - path: compose/storage.yml\nservices:\n  app:\n    image: app\n',
    'compose/storage.yml': 'services:\n  s3:\n    image: s3\n',
    'compose/other.yml': 'services:\n  x:\n    image: x\n',
  });
  const set = stackFilesFor(path.join(dir, 'compose/storage.yml'), r);
  assert.equal(set.reason, 'include');
  assert.deepEqual(set.files, [path.join(dir, 'docker-compose.yml')]);
  assert.equal(stackFilesFor(path.join(dir, 'compose/other.yml'), r).reason, 'single');
});

test('with no file named, the stack is the one docker compose finds: COMPOSE_FILE, else its file names, here or above', () => {
  const sub = path.join(dir, 'deploy/swarm');
  const files = (r: ReturnType<typeof reader>, from = dir, env = {}) => defaultStackFiles(from, r, env)?.files.map((f) => path.relative(dir, f));
  // compose.yaml first of compose's names, with the first override file beside it
  const both = reader({ 'compose.yaml': '', 'docker-compose.yml': '', 'docker-compose.override.yml': '', 'compose.override.yaml': '' });
  assert.deepEqual(files(both), ['compose.yaml', 'compose.override.yaml']);
  assert.equal(defaultStackFiles(dir, both)?.reason, 'override');
  // what compose leaves out (and warns about) is said
  assert.deepEqual(
    defaultStackFiles(dir, both)?.passedOver?.map((f) => path.basename(f)),
    ['docker-compose.yml', 'docker-compose.override.yml'],
  );
  assert.equal(defaultStackFiles(dir, reader({ 'compose.yaml': '' }))?.passedOver, undefined);
  // from a folder below: the nearest folder above that has one
  assert.deepEqual(files(reader({ 'docker-compose.yml': '' }), sub), ['docker-compose.yml']);
  // COMPOSE_FILE: the environment's, else the folder's .env, relative to the folder
  const listed = reader({ '.env': 'COMPOSE_FILE=base.yml:prod.yml\n', 'compose.yaml': '' });
  assert.deepEqual(files(listed), ['base.yml', 'prod.yml']);
  assert.deepEqual(files(listed, dir, { COMPOSE_FILE: 'x.yml' }), ['x.yml']);
  assert.equal(defaultStackFiles(dir, listed)?.reason, 'COMPOSE_FILE');
  // nothing anywhere up to the root
  assert.equal(defaultStackFiles(sub, reader({ 'stack.yml': '' })), undefined);
});
