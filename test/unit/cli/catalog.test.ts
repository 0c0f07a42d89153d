// Issue 3 through the bundled CLI, as users and CI run it: the seed's broken variants each give their error at
// the right 1-based place (exit 1); the seed's 2016 stack and the current-era stack lint with no error (exit 0).
// The same fixtures are checked in the real VS Code host by test/host/suite/catalog.test.ts.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES, ROOT } from '../helpers';

const CLI = path.join(ROOT, 'dist/cli.js');

interface Finding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
  detail?: string;
}

function lint(...files: string[]): { status: number | null; findings: Finding[]; stderr: string } {
  assert.ok(fs.existsSync(CLI), `${CLI} is missing: run node scripts/build.mjs`);
  // A clean environment: COMPOSE_FILE or image variables of the caller's shell must not change the result.
  const r = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', ...files], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  let findings: Finding[];
  try {
    findings = JSON.parse(r.stdout) as Finding[];
  } catch {
    assert.fail(`not JSON (exit ${r.status}): ${r.stdout}\n${r.stderr}`);
  }
  return { status: r.status, findings, stderr: r.stderr };
}

const broken = (name: string): string => path.join(FIXTURES, 'seed-broken', name);
const show = (list: Finding[]): string => list.map((f) => `${path.basename(f.file)}:${f.line}:${f.column} ${f.severity} ${f.code}`).join('\n');
const errors = (list: Finding[]): Finding[] => list.filter((f) => f.severity === 'error');

const cases: { file: string; code: string; line: number; column: number; text: string }[] = [
  { file: 'dotted-service-name.yml', code: 'service-name', line: 11, column: 3, text: 's3.docker.mender.io' },
  { file: 'missing-mongo-device-adm.yml', code: 'mender-implicit-host', line: 59, column: 3, text: 'mender-device-adm' },
  { file: 'renamed-minio.yml', code: 'mender-unresolved-endpoint', line: 78, column: 23, text: 's3.docker.mender.io' },
];

for (const c of cases) {
  test(`seed-broken/${c.file}: exit 1, ${c.code} error at ${c.line}:${c.column}, and no other error`, () => {
    const file = broken(c.file);
    const r = lint(file);
    assert.equal(r.status, 1, r.stderr + show(r.findings));
    const errs = errors(r.findings);
    assert.deepEqual(
      errs.map((e) => [path.basename(e.file), e.code, e.line, e.column]),
      [[c.file, c.code, c.line, c.column]],
      show(r.findings),
    );
    // The range covers the token named in the message: the service key or the host in the URL.
    const e = errs[0];
    const lineText = fs.readFileSync(file, 'utf8').split('\n')[e.line - 1];
    assert.equal(e.endLine, e.line);
    assert.equal(lineText.slice(e.column - 1, e.endColumn - 1), c.text);
    assert.ok(e.message.includes(c.text), e.message);
  });
}

test('seed-broken/missing-mongo-device-adm.yml: the message names the host, the overriding variable and the candidate', () => {
  const [e] = errors(lint(broken('missing-mongo-device-adm.yml')).findings);
  assert.match(e.message, /mongo-device-adm/);
  assert.match(e.detail ?? '', /DEVICEADM_MONGO/);
  assert.match(e.detail ?? '', /mender-mongo-device-adm/);
});

test('seed-broken/renamed-minio.yml: the Mender rule reports the endpoint, the generic unresolved-host does not repeat it', () => {
  const r = lint(broken('renamed-minio.yml'));
  assert.deepEqual(
    r.findings.filter((f) => f.code === 'unresolved-host'),
    [],
    show(r.findings),
  );
});

test('seed-2016 stack: exit 0, no error', () => {
  const r = lint(path.join(FIXTURES, 'seed-2016/docker-compose.yml'));
  assert.equal(r.status, 0, r.stderr + show(r.findings));
  assert.deepEqual(errors(r.findings), []);
});

test('current-4x stack (base + storage overlay, as COMPOSE_FILE in its .env names them): exit 0, no error or warning', () => {
  const dir = path.join(FIXTURES, 'current-4x');
  const r = lint(path.join(dir, 'docker-compose.yml'), path.join(dir, 'docker-compose.storage-minio.yml'));
  assert.equal(r.status, 0, r.stderr + show(r.findings));
  assert.deepEqual(
    r.findings.filter((f) => f.severity === 'error' || f.severity === 'warning'),
    [],
    show(r.findings),
  );
});
