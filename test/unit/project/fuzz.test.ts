import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Range } from '../../../src/core/model/source';
import { lintStack } from '../../../src/core/lint';
import { overlayReader } from '../../../src/core/manifest/files';
import { FIXTURES } from '../helpers';

// A mutation fuzz of 10,000 manifests: small real-looking seeds (a Mender stack, anchors and merge keys, `.env`
// and interpolation, a BOM, extends) mutated by cheap edits (junk tokens, cut ranges, repeated and swapped lines,
// now and then a nesting thousands deep, a long dotted service name or invalid text). Every lint: no throw, no internal-error, every range
// (and related range, and quick-fix edit) inside its document, and each under 2 s (the recorded maximum).
const dir = '/virtual/fuzz';
const SEEDS: Record<string, string>[] = [
  {
    'docker-compose.yml': fs.readFileSync(path.join(FIXTURES, 'seed-2016/docker-compose.yml'), 'utf8'),
    'common.yml': fs.readFileSync(path.join(FIXTURES, 'seed-2016/common.yml'), 'utf8'),
  },
  {
    'docker-compose.yml':
      'services:\n  deployments:\n    image: mendersoftware/deployments:4.0\n    environment:\n      DEPLOYMENTS_MONGO_URL: mongodb://mongo:27017\n      DEPLOYMENTS_AWS_URI: http://minio:9000\n    networks: [mender]\n  mongo:\n    image: mongo:6\n    networks:\n      mender:\n        aliases: [mongo-deployments]\n  minio:\n    image: minio/minio\n    command: server /data\nnetworks:\n  mender: {}\n',
  },
  {
    'docker-compose.yml':
      'x-base: &base\n  restart: always\n  logging: {driver: json-file}\nservices:\n  api:\n    <<: *base\n    image: nginx:${TAG:-1.25}\n    ports: ["${PORT}:80"]\n    env_file: app.env\n    depends_on: [db]\n  db:\n    <<: *base\n    image: "postgres:${PG:?set PG}"\nsecrets:\n  s3.key:\n    file: ./key.pem\n',
    '.env': 'TAG=1.25\nPORT="8080"\nexport PG=16\nQUOTED="multi\nline"\n',
    'app.env': 'A=1\n',
  },
  {
    'docker-compose.yml':
      '\ufeffversion: "2"\nservices:\n  s3.docker.mender.io:\n    image: minio/minio\n    mem_limit: 1g\n  web:\n    extends:\n      file: common.yml\n      service: base\n    links: [s3.docker.mender.io]\n',
    'common.yml': 'services:\n  base:\n    image: nginx\n    environment:\n      - UPSTREAM=http://s3.docker.mender.io:9000\n',
  },
];
const JUNK = [
  ':',
  '-',
  '{',
  '[',
  '"',
  "'",
  '&a',
  '*a',
  '<<: *a',
  '${',
  '${A:-${B}}',
  '$$',
  '\t',
  '\n',
  '  ',
  '#',
  '|',
  '>',
  '!!str',
  '?',
  '%',
  '@',
  '}',
  ']',
  ',',
  'services:',
  'extends: x',
  'image: ',
  '\ufeff',
  '\u0000',
  '\r',
  'file: /dev/null',
  '- ',
  '.',
];
/** Rare mutations that used to overflow the stack or backtrack for seconds (each makes the old code fail). */
const RARE: ((text: string, at: number) => string)[] = [
  (t, at) => t.slice(0, at) + '['.repeat(3000) + ']'.repeat(3000) + t.slice(at),
  (t) => t.replace('services:\n', `services:\n  ${'a'.repeat(34)}.:\n    image: nginx\n`),
  (t) => t.replace('services:\n', `services:\n  n:\n    image: nginx\n    environment:\n      X: "${'${A:-'.repeat(3000)}${'}'.repeat(3000)}"\n`),
  (t, at) => t.slice(0, at) + '\ufffd\ud800' + t.slice(at),
];

function insideDoc(text: string, r: Range): boolean {
  const lines = text.split(/\r\n|\r|\n/);
  const ok = (p: Range['start']): boolean => p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].length;
  return ok(r.start) && ok(r.end) && (r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character));
}

test('10,000 mutated manifests: no throw, no internal-error, every range inside its document, each lint under 2 s', () => {
  let state = 20261202;
  // The LCG's high bits: its low bits cycle, so `state % n` made some choices never follow others.
  const rnd = (n: number): number => {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    return Math.floor((state / 0x80000000) * n);
  };
  const none = { read: (p: string) => ({ error: `${p}: no such file` }) };
  let slowest = 0;
  let slowestInput = '';
  let diagnostics = 0;
  let rare = 0;
  for (let i = 0; i < 10_000; i++) {
    // The large seed costs three small ones: one mutation in eight starts from it, to keep the suite quick.
    const files = { ...SEEDS[i % 8 === 0 ? 0 : 1 + (i % 3)] };
    const names = Object.keys(files);
    const target = names[rnd(names.length)];
    let text = files[target];
    for (let k = 0, n = 1 + rnd(4); k < n; k++) {
      const at = rnd(text.length + 1);
      const lines = text.split('\n');
      switch (rnd(6)) {
        case 0:
        case 1:
          text = text.slice(0, at) + JUNK[rnd(JUNK.length)] + text.slice(at);
          break;
        case 2:
          text = text.slice(0, at) + text.slice(at + 1 + rnd(30));
          break;
        case 3: {
          const l = rnd(lines.length);
          lines.splice(l, 0, lines[rnd(lines.length)]);
          text = lines.join('\n');
          break;
        }
        case 4: {
          const a = rnd(lines.length),
            b = rnd(lines.length);
          [lines[a], lines[b]] = [lines[b], lines[a]];
          text = lines.join('\n');
          break;
        }
        default:
          if (rnd(20)) text = text.slice(0, at) + JUNK[rnd(JUNK.length)] + text.slice(at);
          else {
            rare++;
            text = RARE[rnd(RARE.length)](text, at);
          }
      }
    }
    files[target] = text;
    const texts = new Map(Object.entries(files).map(([n, t]) => [path.join(dir, n), t]));
    const t0 = performance.now();
    let res;
    try {
      res = lintStack({ files: [path.join(dir, 'docker-compose.yml')], reader: overlayReader(texts, none) });
    } catch (e) {
      assert.fail(`lint threw on mutation ${i} of ${target}: ${(e as Error).stack}\n--- input ---\n${text}`);
    }
    const ms = performance.now() - t0;
    if (ms > slowest) {
      slowest = ms;
      slowestInput = `${target}:\n${text}`;
    }
    diagnostics += res.diagnostics.length;
    for (const d of res.diagnostics) {
      const where = `mutation ${i}, ${d.code} "${d.message}"\n--- ${target} ---\n${text}`;
      assert.notEqual(d.code, 'internal-error', where);
      assert.ok(texts.has(d.file), `diagnostic in a file the stack does not hold: ${d.file}; ${where}`);
      const docText = texts.get(d.file)!;
      assert.ok(insideDoc(docText, d.range), `range ${JSON.stringify(d.range)} outside ${d.file}; ${where}`);
      for (const r of d.related ?? []) if (texts.has(r.file)) assert.ok(insideDoc(texts.get(r.file)!, r.range), `related range outside; ${where}`);
      for (const f of d.fixes ?? [])
        for (const e of f.edits) {
          if (texts.has(e.file)) assert.ok(insideDoc(texts.get(e.file)!, e.range), `fix "${f.title}" edits outside ${e.file}; ${where}`);
        }
    }
  }
  assert.ok(diagnostics > 10_000, 'the mutations produce findings (the fuzz exercises the rules)');
  assert.ok(rare > 100, `${rare} rare mutations`);
  assert.ok(slowest < 2000, `the slowest lint took ${slowest.toFixed(0)} ms\n--- input ---\n${slowestInput.slice(0, 2000)}`);
});
