import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { test } from 'node:test';
import { definitionAt, hoverAt } from '../../../../src/core/catalog/hover';
import { newMenderStack } from '../../../../src/core/catalog/template';
import { lintStack } from '../../../../src/core/lint';
import { errors, FIXTURES, lintFiles } from '../../catalog-helpers';
import { said } from '../../said';

const brief = (ds: { code: string; severity: string; range: { start: { line: number; character: number } } }[]) =>
  ds.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}/${d.severity}`);

test('the seed 2016 stack lints with no error', () => {
  const { diagnostics } = lintFiles(['seed-2016/docker-compose.yml']);
  assert.deepEqual(brief(errors(diagnostics)), []);
  assert.deepEqual(
    diagnostics.filter((d) => d.code.startsWith('mender-')),
    [],
  );
});

test('broken seed: a service named s3.docker.mender.io gives service-name on its key', () => {
  const { diagnostics } = lintFiles(['seed-broken/dotted-service-name.yml']);
  assert.deepEqual(brief(errors(diagnostics)), ['service-name@10:2/error']);
});

test('broken seed: the missing mongo-device-adm alias gives mender-implicit-host on mender-device-adm', () => {
  const { diagnostics } = lintFiles(['seed-broken/missing-mongo-device-adm.yml']);
  assert.deepEqual(brief(errors(diagnostics)), ['mender-implicit-host@58:2/error']);
  const d = errors(diagnostics)[0];
  assert.match(said(d), /"mongo-device-adm:27017" by default \(DEVICEADM_MONGO is not set/);
  assert.match(said(d), /It could be "mender-mongo-device-adm"/);
  assert.equal(d.fixes?.[0].title, 'Add network alias "mongo-device-adm" to "mender-mongo-device-adm"');
});

test('broken seed: MinIO renamed without s3.docker.mender.io gives mender-unresolved-endpoint on AWS_URI', () => {
  const { diagnostics } = lintFiles(['seed-broken/renamed-minio.yml']);
  assert.deepEqual(brief(errors(diagnostics)), ['mender-unresolved-endpoint@77:22/error']);
  // The virtual client downloads from the same name: a warning on its key.
  assert.deepEqual(brief(diagnostics.filter((d) => d.code === 'mender-implicit-host')), ['mender-implicit-host@5:2/warning']);
  assert.equal(diagnostics.filter((d) => d.code === 'unresolved-host').length, 0);
});

test('the current-era fixture (with its MinIO overlay and .env) is clean', () => {
  const t0 = performance.now();
  const { diagnostics } = lintFiles(['current-4x/docker-compose.yml', 'current-4x/docker-compose.storage-minio.yml']);
  const ms = performance.now() - t0;
  assert.deepEqual(brief(diagnostics.filter((d) => d.severity !== 'info')), []);
  assert.ok(ms < 1000, `linted in ${ms.toFixed(1)} ms`);
});

test('generated stacks of both eras lint clean', () => {
  for (const era of ['2016', 'current'] as const) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `mender-new-${era}-`));
    try {
      const stack = newMenderStack(era, { keygen: () => '-----BEGIN RSA PRIVATE KEY-----\nstub\n-----END RSA PRIVATE KEY-----\n' });
      for (const f of stack.files) {
        fs.mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
        fs.writeFileSync(path.join(dir, f.path), f.text);
      }
      assert.match(stack.files.find((f) => f.path === '.env')!.text, /MENDER_S3_SECRET_KEY=\S{12,}/);
      assert.doesNotMatch(stack.files[0].text, /MENDER_S3_SECRET_KEY=/, 'no credential in the stack file');
      const { diagnostics } = lintStack({ files: [path.join(dir, stack.main)], stackName: 'mender' });
      assert.deepEqual(brief(diagnostics.filter((d) => d.severity !== 'info')), [], era);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('hover and definition on a host in an environment value, and hover on a service key', () => {
  const file = path.join(FIXTURES, 'seed-2016/docker-compose.yml');
  const { project } = lintFiles(['seed-2016/docker-compose.yml']);
  const text = fs.readFileSync(file, 'utf8');
  const at = text.indexOf('s3.docker.mender.io:9000') + 3;
  const h = hoverAt(project, file, at)!;
  assert.match(h.markdown, /`s3.docker.mender.io` resolves to the network alias of service `minio` on network `mender`/);
  assert.match(h.markdown, /\*\*AWS_URI\*\* — read by deployments \(2016 era\)/);
  const def = definitionAt(project, file, at)!;
  assert.equal(def.file.text.slice(def.start, def.end), 's3.docker.mender.io');
  assert.equal(def.file.positionAt(def.start).line, 22);
  const key = text.indexOf('  mender-device-adm:') + 4;
  const sh = hoverAt(project, file, key)!;
  assert.match(sh.markdown, /\*\*mender-device-adm\*\* — Mender device admission service \(`deviceadm`\), 2016 era/);
  assert.match(sh.markdown, /\| DEVICEADM_MONGO \| mongo-url \| `mongo-device-adm:27017` \|/);
  assert.match(sh.markdown, /`mongo-device-adm` \(mongo, default of DEVICEADM_MONGO\): → `mender-mongo-device-adm`/);
  const inv = text.indexOf('http://mender-inventory:8080/') + 8;
  const d2 = definitionAt(project, file, inv)!;
  assert.equal(d2.file.text.slice(d2.start, d2.end), 'mender-inventory');
});

test('lint time of the seed and the current-era fixture', () => {
  const time = (files: string[]): number => {
    lintFiles(files); // warm-up: module and catalog load
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) lintFiles(files);
    return (performance.now() - t0) / 20;
  };
  const seed = time(['seed-2016/docker-compose.yml']);
  const cur = time(['current-4x/docker-compose.yml', 'current-4x/docker-compose.storage-minio.yml']);
  console.log(`lint seed-2016: ${seed.toFixed(2)} ms, current-4x: ${cur.toFixed(2)} ms (mean of 20)`);
  assert.ok(seed < 200 && cur < 200);
});
