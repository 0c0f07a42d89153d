import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './helpers';

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}
// Every `from '...'` (single- or multi-line import/export), require() and import().
const imports = (file: string): string[] =>
  [...fs.readFileSync(file, 'utf8').matchAll(/\bfrom\s+['"]([^'"]+)['"]|\brequire\(['"]([^'"]+)['"]\)|\bimport\(['"]([^'"]+)['"]\)/g)]
    .map((m) => m[1] ?? m[2] ?? m[3]);
const rel = (f: string) => path.relative(ROOT, f);

test('the core imports neither vscode nor dockerode, nor the layers above it', () => {
  const bad = files(path.join(ROOT, 'src/core')).flatMap((f) => imports(f)
    .filter((i) => i === 'vscode' || i === 'dockerode' || /\/(vscode|docker|cli)\//.test(i) || /^\.\.\/\.\.\/(vscode|docker|cli)/.test(i))
    .map((i) => `${rel(f)} imports ${i}`));
  assert.deepEqual(bad, []);
});

test('only src/docker imports dockerode', () => {
  const bad = files(path.join(ROOT, 'src')).filter((f) => !rel(f).startsWith(path.join('src', 'docker')))
    .flatMap((f) => imports(f).filter((i) => i === 'dockerode' || i === 'docker-modem').map((i) => `${rel(f)} imports ${i}`));
  assert.deepEqual(bad, []);
});

test('the CLI runs without vscode', () => {
  const bad = files(path.join(ROOT, 'src/cli')).flatMap((f) => imports(f).filter((i) => i === 'vscode' || i.includes('/vscode/')).map((i) => `${rel(f)} imports ${i}`));
  assert.deepEqual(bad, []);
});

test('extension.ts only wires', () => {
  const text = fs.readFileSync(path.join(ROOT, 'src/extension.ts'), 'utf8');
  assert.ok(text.split('\n').length < 40, 'extension.ts stays small');
});
