import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lintStack } from '../../../../src/core/lint';
import { decode, diskReader, firstInvalidUtf8 } from '../../../../src/core/manifest/files';
import { applyEdits, lintTexts, only, textAt } from '../../helpers';
import { said } from '../../said';

// A byte-order mark and bytes that are not UTF-8: ranges stay right on every path, and compose's refusal is said.
const BOM = '\ufeff';
const text = 'services:\n  s3.docker.mender.io:\n    image: minio/minio\n';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-enc-'));

test('with a BOM the fast path (in memory) underlines the exact name, and the rename writes the right name', () => {
  for (const [what, t] of [
    ['fast path', BOM + text],
    ['slow path (a duplicate key)', BOM + text + '    image: x\n'],
  ]) {
    const d = only(lintTexts({ 'docker-compose.yml': t }).diagnostics, 'service-name')[0];
    assert.equal(textAt(t, d), 's3.docker.mender.io', what);
    const fixed = applyEdits(
      t,
      d.fixes![0].edits.filter((e) => e.file.endsWith('docker-compose.yml')),
    );
    assert.match(fixed, /^\ufeffservices:\n {2}s3-docker-mender-io:\n/, what);
  }
});

test('a BOM on disk is dropped when read, as the editor does: ranges match the document the editor shows', () => {
  const f = path.join(tmp, 'docker-compose.yml');
  fs.writeFileSync(f, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('name: x\n' + text)]));
  const r = diskReader.read(f);
  assert.ok('text' in r && !r.text.startsWith(BOM));
  const d = lintStack({ files: [f] }).diagnostics;
  const top = only(d, 'top-level-key')[0];
  assert.deepEqual(top.range.start, { line: 0, character: 0 });
  assert.equal(textAt('name: x\n' + text, only(d, 'service-name')[0]), 's3.docker.mender.io');
});

test('.env with a BOM: the first variable is read', () => {
  const d = lintTexts({ 'docker-compose.yml': 'services:\n  a:\n    image: nginx:${TAG}\n', '.env': `${BOM}TAG=1.25\n` }).diagnostics;
  assert.deepEqual(
    d.filter((x) => ['unset-variable', 'dotenv-syntax'].includes(x.code)),
    [],
  );
});

test("invalid UTF-8 is a yaml-syntax error at the first bad byte, in compose's words", () => {
  const f = path.join(tmp, 'latin1.yml');
  fs.writeFileSync(f, Buffer.concat([Buffer.from('services:\n  app:\n    image: nginx\n    labels:\n      a: "caf'), Buffer.from([0xe9]), Buffer.from('"\n')]));
  const d = only(lintStack({ files: [f] }).diagnostics, 'yaml-syntax');
  assert.equal(d.length, 1);
  assert.deepEqual(d[0].range.start, { line: 4, character: 13 });
  assert.match(said(d[0]), /invalid UTF-8 \(byte 0xe9\); compose refuses the file\. Compose says "yaml: invalid trailing UTF-8 octet"/);
  assert.equal(firstInvalidUtf8(Buffer.from('héllo ✓ 𝄞')), -1);
  assert.equal(firstInvalidUtf8(Buffer.from([0x61, 0xff])), 1);
  assert.equal(firstInvalidUtf8(Buffer.from([0x61, 0xc0, 0x80])), 1); // overlong
  assert.equal(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80])), 0); // a surrogate
  assert.equal(firstInvalidUtf8(Buffer.from([0xe2, 0x9c])), 0); // cut short
  const r = decode(Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0xff]));
  assert.ok('text' in r && r.invalidUtf8?.offset === 1);
});

test('decode asks the native UTF-8 check first: it calls valid exactly what firstInvalidUtf8 calls valid', () => {
  const { isUtf8 } = require('node:buffer') as typeof import('node:buffer');
  // Bytes near every boundary: ASCII, continuations, the leading bytes that are never valid, overlongs, surrogates, past U+10FFFF.
  const bytes = [0x00, 0x41, 0x7f, 0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0x8f, 0x90, 0x9f, 0xa0];
  let seed = 5;
  const rnd = (k: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % k;
  };
  let invalid = 0;
  for (let n = 0; n < 100_000; n++) {
    const b = Buffer.from(Array.from({ length: 1 + rnd(6) }, () => bytes[rnd(bytes.length)]));
    const ours = firstInvalidUtf8(b) < 0;
    assert.equal(isUtf8(b), ours, b.toString('hex'));
    const r = decode(b);
    assert.equal('text' in r && r.invalidUtf8 === undefined, ours, b.toString('hex'));
    if (!ours) invalid++;
  }
  assert.ok(invalid > 10_000 && invalid < 100_000);
});
