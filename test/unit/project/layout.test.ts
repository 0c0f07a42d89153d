// test/unit mirrors src/: a test of src/core/rules/x.ts lives in test/unit/core/rules/; tests that span the
// project (docs, architecture, fuzz, corpora, linear-time checks) live in test/unit/project/. A test file anywhere
// else (the flat test/unit/ of old, a folder whose src/ counterpart was renamed) fails here, naming the file.
// And no source file grows past MAX_LINES (as formatted by prettier): a longer one holds several ideas; split it by idea.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../helpers';

/** The longest a file of src/ may be, in lines. */
const MAX_LINES = 400;
/** Files no person writes (built from the compose schema by scripts/gen-schema.mjs): exempt from MAX_LINES. */
const GENERATED = /\.generated\.[cm]?[jt]s$/;

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
  return testFiles(unitDir)
    .filter((f) => {
      const folder = path.relative(unitDir, path.dirname(f));
      if (folder === CROSS_CUTTING || folder.startsWith(CROSS_CUTTING + path.sep)) return false;
      return folder === '' || !fs.statSync(path.join(srcDir, folder), { throwIfNoEntry: false })?.isDirectory();
    })
    .map((f) => path.relative(unitDir, f));
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : /\.[cm]?[jt]s$/.test(e.name) && !GENERATED.test(e.name) ? [p] : [];
  });
}

/** `file: N lines` for each source file under `srcDir` longer than `max` lines. */
function oversized(srcDir: string, max: number): string[] {
  return sourceFiles(srcDir).flatMap((f) => {
    const lines = fs.readFileSync(f, 'utf8').replace(/\n$/, '').split('\n').length;
    return lines > max ? [`${path.relative(srcDir, f)}: ${lines} lines`] : [];
  });
}

test('every unit test lives in a folder that mirrors src/ (or in test/unit/project/)', () => {
  const unit = path.join(ROOT, 'test/unit');
  assert.ok(testFiles(unit).length > 0);
  assert.deepEqual(misplaced(unit, path.join(ROOT, 'src')), [], 'move these tests to the folder of the src/ module they test');
});

test('the layout check finds a test at the top, in a folder src/ does not have, and passes mirrored ones', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-layout-'));
  try {
    const w = (p: string): void => {
      fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
      fs.writeFileSync(path.join(dir, p), '');
    };
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

test(`no file in src/ is longer than ${MAX_LINES} lines (generated files aside)`, () => {
  const src = path.join(ROOT, 'src');
  assert.ok(sourceFiles(src).length > 0);
  assert.deepEqual(oversized(src, MAX_LINES), [], 'split these by idea into modules named for what they hold');
});

test('the length check counts lines as written and leaves generated files alone', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-length-'));
  try {
    const lines = (n: number): string => 'x;\n'.repeat(n);
    fs.mkdirSync(path.join(dir, 'core/rules'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'core/rules/short.ts'), lines(3));
    fs.writeFileSync(path.join(dir, 'core/rules/long.ts'), lines(4));
    fs.writeFileSync(path.join(dir, 'core/big.generated.js'), lines(50));
    fs.writeFileSync(path.join(dir, 'core/notes.md'), lines(50));
    assert.deepEqual(oversized(dir, 3), [`${path.join('core/rules', 'long.ts')}: 4 lines`]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
