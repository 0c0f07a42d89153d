// test/unit mirrors src/: a test of src/core/rules/x.ts lives in test/unit/core/rules/; tests that span the
// project (docs, architecture, fuzz, corpora, linear-time checks) live in test/unit/project/. A test file anywhere
// else (the flat test/unit/ of old, a folder whose src/ counterpart was renamed) fails here, naming the file.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../helpers';

/** The folder for tests that belong to no single src/ folder. */
const CROSS_CUTTING = 'project';

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? testFiles(p) : e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** Test files under `unitDir` whose folder is neither a folder of `srcDir` nor the cross-cutting one. */
function misplaced(unitDir: string, srcDir: string): string[] {
  return testFiles(unitDir).filter((f) => {
    const folder = path.relative(unitDir, path.dirname(f));
    if (folder === CROSS_CUTTING || folder.startsWith(CROSS_CUTTING + path.sep)) return false;
    return folder === '' || !fs.statSync(path.join(srcDir, folder), { throwIfNoEntry: false })?.isDirectory();
  }).map((f) => path.relative(unitDir, f));
}

test('every unit test lives in a folder that mirrors src/ (or in test/unit/project/)', () => {
  const unit = path.join(ROOT, 'test/unit');
  assert.ok(testFiles(unit).length > 0);
  assert.deepEqual(misplaced(unit, path.join(ROOT, 'src')), [], 'move these tests to the folder of the src/ module they test');
});

test('the layout check finds a test at the top, in a folder src/ does not have, and passes mirrored ones', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-layout-'));
  try {
    const w = (p: string): void => { fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true }); fs.writeFileSync(path.join(dir, p), ''); };
    w('src/core/rules/a.ts');
    w('unit/core/rules/a.test.ts');
    w('unit/core/a.test.ts');
    w('unit/project/docs.test.ts');
    w('unit/flat.test.ts');
    w('unit/core/gone/b.test.ts');
    w('unit/helpers.ts');
    assert.deepEqual(misplaced(path.join(dir, 'unit'), path.join(dir, 'src')).sort(), ['core/gone/b.test.ts', 'flat.test.ts']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
