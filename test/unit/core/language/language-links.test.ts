// Document links (src/core/language/links.ts): env_file, secret/config file:, extends.file, include paths.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { documentLinks } from '../../../../src/core/language/links';
import { SourceFile } from '../../../../src/core/model/source';
import { BASE, LANG_DIR } from '../../language-helpers';

test("env_file, include, extends.file and a secret's file open the files they name", () => {
  const f = new SourceFile(BASE, fs.readFileSync(BASE, 'utf8'));
  const links = documentLinks(f);
  assert.deepEqual(
    links.map((l) => [l.what, path.relative(LANG_DIR, l.target)]),
    [
      ['env_file', 'inventory.env'],
      ['extends.file', 'common.yml'],
      ['secret file', 'keys/jwt.pem'],
      ['include', 'storage.yml'],
    ],
  );
  for (const l of links) assert.ok(fs.existsSync(l.target), l.target);
  const first = links[0].range;
  assert.equal(f.text.slice(f.offsetAt(first.start), f.offsetAt(first.end)), 'inventory.env');
});

test('the long forms: env_file entries with path, include with path lists and env_file; quotes left out', () => {
  const text = [
    'include:',
    '  - path: [a.yml, "sub/b.yml"]',
    '    env_file: sub/.env',
    'services:',
    '  s:',
    '    env_file:',
    '      - path: ./one.env',
    '        required: false',
    '      - "two.env"',
    '      - ${VAR}.env',
    'configs:',
    '  c: { file: conf/c.toml }',
  ].join('\n');
  const f = new SourceFile('/p/docker-compose.yml', text);
  const links = documentLinks(f);
  assert.deepEqual(
    links.map((l) => l.target),
    ['/p/one.env', '/p/two.env', '/p/conf/c.toml', '/p/a.yml', '/p/sub/b.yml', '/p/sub/.env'],
  );
  const two = links[1].range;
  assert.equal(text.split('\n')[two.start.line].slice(two.start.character, two.end.character), 'two.env');
});

test('bad input: broken YAML and non-mappings give what parses, never throw', () => {
  assert.deepEqual(documentLinks(new SourceFile('/p/x.yml', '- a\n- b')), []);
  assert.ok(Array.isArray(documentLinks(new SourceFile('/p/x.yml', 'services:\n  s:\n    env_file: [a.env\n'))));
  assert.deepEqual(documentLinks(new SourceFile('/p/x.yml', 'services: 3\nsecrets: [1]\ninclude: {a: 1}')), []);
});
