// Outline, breadcrumbs and workspace symbols (src/core/language/symbols.ts).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import { documentSymbols, workspaceSymbols } from '../../../../src/core/language/symbols';
import { SourceFile } from '../../../../src/core/model/source';
import { generateStack } from '../../../../bench/generate';
import { BASE, OVERRIDE } from '../../language-helpers';

const file = (p: string, text = fs.readFileSync(p, 'utf8')): SourceFile => new SourceFile(p, text);

test('services, networks, secrets under their sections, with ranges that hold the entry', () => {
  const f = file(BASE);
  const syms = documentSymbols(f);
  assert.deepEqual(
    syms.map((s) => [s.name, s.children.map((c) => c.name)]),
    [
      ['services', ['inventory', 'deviceauth']],
      ['networks', ['backend']],
      ['secrets', ['jwt-key']],
    ],
  );
  const inv = syms[0].children[0];
  assert.equal(inv.kind, 'service');
  assert.equal(inv.detail, 'mendersoftware/inventory:mender-3.7.4');
  assert.equal(f.text.slice(f.offsetAt(inv.selectionRange.start), f.offsetAt(inv.selectionRange.end)), 'inventory');
  const whole = f.text.slice(f.offsetAt(inv.range.start), f.offsetAt(inv.range.end));
  assert.match(whole, /^inventory:\n[\s\S]*- backend$/);
  assert.equal(syms[2].children[0].detail, './keys/jwt.pem');
});

test("workspace symbols: across the stack files, matching the query's characters in order", () => {
  const found = workspaceSymbols([file(BASE), file(OVERRIDE)], 'usradm');
  assert.deepEqual(
    found.map((s) => [s.name, s.container, s.file]),
    [['useradm', 'services', OVERRIDE]],
  );
  assert.equal(workspaceSymbols([file(BASE), file(OVERRIDE)], '').length, 5);
});

test('bad input: broken YAML keeps what parses, garbage and huge files answer', () => {
  const broken = documentSymbols(new SourceFile('/x.yml', 'services:\n  web:\n    image: a\n  db:\n    image: [\nnetworks:\n  n: {}\n'));
  assert.ok(Array.isArray(broken));
  assert.deepEqual(documentSymbols(new SourceFile('/x.yml', '- a\n- b\n')), []);
  assert.deepEqual(documentSymbols(new SourceFile('/x.yml', '\u0000\u0001{{{')), []);
  const huge = documentSymbols(new SourceFile('/big.yml', generateStack(3000)));
  assert.equal(huge[0].children.length, 3000);
});
