import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { readBlockYaml } from '../../../../src/core/model/blockYaml';
import type { YNode } from '../../../../src/core/model/node';
import { LIMITS, parseWithLibraries, parseYaml } from '../../../../src/core/model/parse';
import { SourceFile } from '../../../../src/core/model/source';
import { seededRandom, yamlFilesUnder } from '../../corpus';

const ROOT = path.resolve(__dirname, '../../../..');

/** Every YAML file of the repository's fixtures and examples, and the snippets below. */
function corpus(): string[] {
  return [...yamlFilesUnder(path.join(ROOT, 'test/fixtures')), ...yamlFilesUnder(path.join(ROOT, 'examples'))].map((f) => fs.readFileSync(f, 'utf8'));
}

/**
 * Asserts that the block reader's tree is the libraries' tree: kinds, values (Object.is), styles, every span, keys in
 * order with their spans, and the same nodes shared by aliases.
 */
function sameTree(a: YNode, b: YNode, where: string, ab = new Map<YNode, YNode>(), ba = new Map<YNode, YNode>()): void {
  if (ab.has(a) || ba.has(b)) {
    assert.equal(ab.get(a), b, `${where}: shared differently`);
    return;
  }
  ab.set(a, b);
  ba.set(b, a);
  assert.equal(a.kind, b.kind, `${where}: kind`);
  assert.deepEqual([a.span.start, a.span.end], [b.span.start, b.span.end], `${where}: span`);
  if (a.kind === 'scalar' && b.kind === 'scalar') {
    assert.ok(Object.is(a.value, b.value), `${where}: value ${JSON.stringify(a.value)} vs ${JSON.stringify(b.value)}`);
    assert.equal(a.style, b.style, `${where}: style`);
  } else if (a.kind === 'seq' && b.kind === 'seq') {
    assert.equal(a.items.length, b.items.length, `${where}: items`);
    a.items.forEach((x, i) => sameTree(x, b.items[i], `${where}/${i}`, ab, ba));
  } else if (a.kind === 'map' && b.kind === 'map') {
    assert.deepEqual(
      a.pairs.map((p) => [p.key, p.keySpan.start, p.keySpan.end]),
      b.pairs.map((p) => [p.key, p.keySpan.start, p.keySpan.end]),
      `${where}: keys`,
    );
    assert.deepEqual([...a.index.keys()], [...b.index.keys()], `${where}: index`);
    for (const p of a.pairs) assert.equal(a.index.get(p.key), p, `${where}: index of ${p.key}`);
    a.pairs.forEach((p, i) => sameTree(p.value, b.pairs[i].value, `${where}/${p.key}`, ab, ba));
  }
}

/** Reads `text` both ways; the block reader may decline, but what it returns must be the libraries' own reading. */
function check(text: string, name: string): boolean {
  const file = new SourceFile('/stack/docker-compose.yml', text);
  const block = readBlockYaml(file, LIMITS.maxExpandedNodes);
  if (!block) return false;
  const ref = parseWithLibraries(file);
  if (process.env.BLOCK_YAML_DUMP && (ref.findings.length || !ref.root)) fs.writeFileSync(process.env.BLOCK_YAML_DUMP, text);
  assert.deepEqual(
    ref.findings.map((f) => f.code),
    [],
    `${name}: the block reader took a file the libraries find problems in:\n${text.slice(0, 400)}`,
  );
  assert.ok(ref.root, `${name}: the libraries read no mapping`);
  try {
    sameTree(block, ref.root, `${name}: `);
  } catch (e) {
    if (process.env.BLOCK_YAML_DUMP) fs.writeFileSync(process.env.BLOCK_YAML_DUMP, text);
    (e as Error).message += `\n--- the text:\n${text.length > 2000 ? `${text.slice(0, 2000)}...` : text}`;
    throw e;
  }
  return true;
}

const PIECES = [
  ':',
  ': ',
  '-',
  '- ',
  '#',
  ' #',
  "'",
  '"',
  "''",
  '\\',
  '\\n',
  '&a ',
  '*a',
  '|',
  '|-',
  '>',
  '>+',
  '[',
  ']',
  '{',
  '}',
  ',',
  '!',
  '?',
  '%',
  '@',
  '`',
  '\t',
  '\r',
  ' ',
  '  ',
  '\n',
  '~',
  '0',
  '1',
  '.',
  'e',
  'x',
  '_',
  '<<: ',
  '---',
  '\u00e9',
  'true',
  'Null',
  '0x1',
  '-1',
  '3.10',
  '1e3',
  '.5',
];

/** A copy of `text` with one to three random edits of the kinds that trip a YAML reader. */
function damage(text: string, rand: () => number): string {
  let lines = text.split('\n');
  const n = 1 + Math.floor(rand() * 3);
  for (let k = 0; k < n && lines.length; k++) {
    const i = Math.floor(rand() * lines.length);
    const op = Math.floor(rand() * 7);
    if (op === 0) lines.splice(i, 1);
    else if (op === 1) lines.splice(i, 0, lines[i]);
    else if (op === 2) lines[i] = ' '.repeat(1 + Math.floor(rand() * 3)) + lines[i];
    else if (op === 3) lines[i] = lines[i].replace(/^ {1,2}/, '');
    else if (op === 4 && i + 1 < lines.length) lines.splice(i, 2, lines[i] + lines[i + 1]);
    else {
      const at = Math.floor(rand() * (lines[i].length + 1));
      const piece = PIECES[Math.floor(rand() * PIECES.length)];
      lines[i] = lines[i].slice(0, at) + piece + lines[i].slice(at + (op === 6 ? 1 : 0));
    }
  }
  lines = lines.length ? lines : [''];
  return lines.join('\n');
}

test('the block reader reads every file of the repository as the libraries do, or leaves it to them', () => {
  let taken = 0;
  const files = corpus();
  files.forEach((t, i) => (taken += check(t, `file ${i}`) ? 1 : 0));
  // Most compose files are in the reader's subset (Kubernetes manifests, several documents a file, are not); if it
  // declined them all it would only be slow, so say so.
  const compose = files.filter((t) => !/^---$/m.test(t)).length;
  assert.ok(taken >= compose * 0.8, `the block reader took ${taken} of ${compose} compose files`);
});

test('the block reader reads the benchmark stacks itself (the CLI lint figures depend on it)', () => {
  for (const f of [
    'test/fixtures/current-4x/docker-compose.yml',
    'test/fixtures/current-4x/docker-compose.storage-minio.yml',
    'test/fixtures/seed-2016/docker-compose.yml',
  ]) {
    const text = fs.readFileSync(path.join(ROOT, f), 'utf8');
    assert.ok(check(text, f), `${f} left to the libraries`);
  }
});

test('on thousands of damaged copies, what the block reader returns is the libraries’ reading', () => {
  const rand = seededRandom(Number(process.env.BLOCK_YAML_SEED ?? 20261202));
  const files = corpus();
  let taken = 0;
  let total = 0;
  for (let round = 0; round < Number(process.env.BLOCK_YAML_ROUNDS ?? 25); round++) {
    for (let i = 0; i < files.length; i++) {
      const t = damage(files[i], rand);
      total++;
      if (check(t, `damaged copy ${round}/${i}`)) taken++;
    }
  }
  // Both outcomes must occur, or the damage is too mild or too harsh to test anything.
  assert.ok(taken > total * 0.1 && taken < total * 0.9, `${taken} of ${total} damaged copies taken`);
});

const TAKEN: Record<string, string> = {
  'empty values, comments, trailing blanks': 'a:\nb:   \nc: # note\nd: x   # note\ne: "q" # note\nf: ~\n',
  'quoted scalars and escapes': `a: 'it''s'\nb: "tab\\tnl\\n\\u00e9\\x41 \\" \\\\ \\/"\n"quoted key": 1\n'single key': 2\nc: ''\n`,
  'numbers, booleans, nulls': 'a: 1\nb: -12\nc: 0\nd: 3.10\ne: -0.5\nf: true\ng: False\nh: NULL\ni: 8080:80\nj: 10s\nk: none\nl: 127.0.0.1\nm: .\nn: 2-1\n',
  'number-like keys': '1: a\ntrue: b\n~: c\n',
  'block scalars': 'a: |\n  one\n    two\n\n  three\nb: |-\n  x\nc: |+\n  y\n\nd: >\n  fold\n  these\n\n  lines\ne: >-\n  z\nf: x\n',
  'flow collections': 'a: [x, "y", 1, [2, 3], {k: v}]\nb: {x: 1, "y": [a]}\nc: []\nd: {}\ne: [ spaced , out ]\n',
  'lists at and below their key': 'a:\n- 1\n- two\nb:\n  - x: 1\n    y: 2\n  - z\nc:\n  -   deep: 1\n      more: 2\n',
  'anchors and aliases': 'x-a: &a\n  k: 1\nx-s: &s scalar\nb: *a\nc: *s\nd: &l [1, 2]\ne: *l\nf:\n  - &i item\n  - *i\n',
  'merge keys, each bringing one new key': 'x: &a\n  k: 1\n  j: 2\nx2: &b\n  m: 3\ny:\n  <<: *a\n  j: 9\nw:\n  <<: *b\n  n: 1\n',
  'a document start': '# head\n--- # start\na: 1\n',
  'nested mappings': 'services:\n  web:\n    image: nginx:1.25\n    environment:\n      A: "1"\n      B: b c\n    deploy:\n      replicas: 2\n',
};

test('each construct of the subset is read as the libraries read it', () => {
  for (const [name, text] of Object.entries(TAKEN)) assert.ok(check(text, name), `${name}: left to the libraries`);
});

const LEFT: Record<string, string> = {
  'a tab': 'a:\n\tb: 1\n',
  'a merge bringing more keys than merge keys (js-yaml declines it)': 'x: &a\n  k: 1\n  j: 2\ny:\n  <<: *a\n',
  'CRLF line ends': 'a: 1\r\nb: 2\r\n',
  'a tag': 'a: !!str 1\n',
  'a multi-line plain scalar': 'a: one\n  two\n',
  'a multi-line quoted scalar': 'a: "one\n  two"\n',
  'a hex number': 'a: 0x1F\n',
  'an exponent': 'a: 1e3\n',
  'a leading zero': 'a: 0755\n',
  'a duplicate key': 'a: 1\na: 2\n',
  'an empty list item': 'a:\n  -\n  - b\n',
  'a list of lists': 'a:\n  - - b\n',
  'an explicit key': '? a\n: b\n',
  'a second document': 'a: 1\n---\nb: 2\n',
  'a directive': '%YAML 1.2\n---\na: 1\n',
  'a flow list over two lines': 'a: [1,\n  2]\n',
  'a trailing comma': 'a: [1, 2,]\n',
  'an undefined alias': 'a: *nope\n',
  'a list at the top': '- a\n- b\n',
  'a scalar at the top': 'just text\n',
  'an empty file': '',
  'a block scalar at the end without a line break': 'a: |\n  text',
  'a more-indented folded line': 'a: >\n  one\n    two\n',
  'a mapping value in a plain scalar': 'a: b: c\n',
  'a byte-order mark': '\ufeffa: 1\n',
};

test('what the subset leaves out is left to the libraries, never misread', () => {
  for (const [name, text] of Object.entries(LEFT)) {
    assert.equal(readBlockYaml(new SourceFile('/s/a.yml', text), LIMITS.maxExpandedNodes), undefined, name);
    parseYaml(new SourceFile('/s/a.yml', text)); // and the whole path still reads it without throwing
  }
});

test('an alias bomb the block reader meets is still refused with the alias-limit finding', () => {
  const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 12; i++) {
    const name = String.fromCharCode(97 + i);
    lines.push(`${name}: &${name}`);
    for (let k = 0; k < 10; k++) lines.push(`  - *${String.fromCharCode(96 + i)}`);
  }
  const p = parseYaml(new SourceFile('/s/a.yml', lines.join('\n') + '\n'));
  assert.equal(p.root, undefined);
  assert.deepEqual(
    p.findings.map((f) => f.code),
    ['alias-limit'],
  );
});
