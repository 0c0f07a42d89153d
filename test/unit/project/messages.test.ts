import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { test } from 'node:test';
import { type Diagnostic, MAX_MESSAGE } from '../../../src/core/diagnostic';
import { lintStack } from '../../../src/core/lint';
import { lintTexts } from '../catalog-helpers';
import { yamlFilesUnder } from '../corpus';

const ROOT = path.resolve(__dirname, '../../..');
const CORPUS = ['test/fixtures', 'test/host/fixtures/ws', 'examples'].map((d) => path.join(ROOT, d));

/** Every finding of the corpus: each file alone, and each folder's compose files as one stack. */
function corpusFindings(): Diagnostic[] {
  const files = CORPUS.flatMap((d) => yamlFilesUnder(d));
  const stacks = files.map((f) => [f]);
  const byDir = new Map<string, string[]>();
  for (const f of files) if (/compose/.test(path.basename(f))) (byDir.get(path.dirname(f)) ?? byDir.set(path.dirname(f), []).get(path.dirname(f))!).push(f);
  for (const group of byDir.values()) if (group.length > 1) stacks.push(group.sort((a, b) => a.length - b.length));
  return stacks.flatMap((s) => lintStack({ files: s, stackName: 'mender', targets: ['swarm', 'kubernetes'] }).diagnostics);
}

/** Small stacks that reach the codes the corpus does not. */
const SNIPPETS: Record<string, string>[] = [
  {
    'a.yml':
      'services:\n  web:\n    image: nginx\n    imgae: x\n    restart: sometimes\n    deploy:\n      replicas: many\n      mode: globall\n    ports: ["80:80"]\n    env_file: missing.env\n    environment:\n      API: http://apii:8080\n      X: ${UNSET_VAR}\n      Y: ${REQ:?set REQ}\n      Z: ${BROKEN\n    depends_on: [db]\n  api:\n    image: api\n    ports: ["80:80"]\n    networks: [back]\n  built:\n    build: .\nnetworks:\n  back:\n    driver: bridge\n  "bad net": {}\nsecrets:\n  "s/1":\n    file: ./nope.txt\n',
  },
  {
    'b.yml': `services:\n  ${'x'.repeat(80)}:\n    image: a\n    extends: { service: nothere }\n  loop:\n    image: a\n    extends: { service: loop }\n  "bad.name":\n    image: a\n`,
    'c.yml': 'include:\n  - nothere.yml\n  - {}\n',
  },
  // Apart: a file that is not YAML gets its syntax error alone (the checks wait for it to read whole).
  { 'd.yml': 'services:\n  a: &x\n    image: a\n    image: b\n' },
  { 'e.yml': 'services:\n  b: [1\n' },
];

function check(ds: Diagnostic[]): string[] {
  const bad: string[] = [];
  for (const d of ds) {
    const why =
      d.message.length > MAX_MESSAGE
        ? `${d.message.length} characters`
        : // A second sentence: a full stop (or ? !) followed by more words. "e.g." and "3.8" are not breaks.
          /[.!?]["')]? +[A-Z`"$]/.test(d.message.replace(/\be\.g\./g, 'eg'))
          ? 'more than one sentence'
          : !d.message.trim()
            ? 'empty'
            : undefined;
    if (why) bad.push(`${d.code} (${why}): ${d.message}`);
  }
  return bad;
}

test('every finding of the corpus says what is wrong in one sentence under 100 characters', () => {
  const ds = corpusFindings();
  assert.ok(ds.length > 100, `the corpus gives findings (${ds.length})`);
  assert.deepEqual(check(ds), []);
  // The long story is not lost: findings that had one keep it in the detail.
  assert.ok(ds.filter((d) => d.detail).length > ds.length / 2);
});

test('findings of small broken stacks are short too, whatever the names', () => {
  const ds = SNIPPETS.flatMap((files) => lintTexts(files).diagnostics);
  const codes = new Set(ds.map((d) => d.code));
  for (const c of [
    'unknown-key',
    'schema',
    'missing-file',
    'unset-variable',
    'required-variable',
    'invalid-interpolation',
    'network-driver',
    'duplicate-published-port',
    'build-without-image',
    'unknown-service',
    'unresolved-host',
    'secret-name',
    'network-name',
    'service-name',
    'name-too-long',
    'extends-missing',
    'extends-cycle',
    'include-missing',
    'include-invalid',
    'duplicate-key',
    'yaml-syntax',
  ]) {
    assert.ok(codes.has(c), `the snippets reach ${c} (got ${[...codes].join(', ')})`);
  }
  assert.deepEqual(check(ds), []);
});
