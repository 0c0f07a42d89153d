// The editor reads a stack's files once per deploy/plan/export: the project gives the default stack name, and the
// same project, named as the user chose, is linted and converted. It must give what loading it by that name gives.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadStack, stackOf } from '../../../../src/core/deploy/stack';
import { loadProject, withStackName } from '../../../../src/core/manifest/project';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-once-'));
const file = path.join(dir, 'stack.yml');
fs.writeFileSync(file, 'name: fromkey\nservices:\n  api:\n    image: nginx:1.27\n    networks: [back]\nnetworks:\n  back: {}\n');

test('a project read once, then named: the same stack as loading it by that name', () => {
  const once = loadProject({ files: [file], env: {} });
  assert.equal(once.name, 'fromkey', 'the default name comes from the read project');
  assert.equal(once.nameSource, 'name-key');
  const reused = stackOf(once, { stack: 'chosen', env: {} });
  const fresh = loadStack([file], { stack: 'chosen', env: {} });
  assert.equal(reused.project.name, 'chosen');
  assert.equal(reused.project.nameSource, 'option');
  assert.deepEqual(reused.desired, fresh.desired);
  assert.deepEqual(reused.lint, fresh.lint);
  assert.ok(JSON.stringify(reused.desired).includes('chosen_api'), 'services are named after the chosen stack');
  assert.equal(once.name, 'fromkey', 'naming does not change the project read');
});

test("no name given keeps the project's own", () => {
  const p = loadProject({ files: [file], env: {} });
  assert.equal(withStackName(p, undefined), p);
  assert.equal(stackOf(p, { env: {} }).project.name, 'fromkey');
});

test('an unreadable file still refuses the stack', () => {
  const p = loadProject({ files: [path.join(dir, 'missing.yml')], env: {} });
  assert.throws(() => stackOf(p, { stack: 'x', env: {} }), /missing\.yml/);
});
