import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { diskReader, readRegularFile, stackReader } from '../../../src/core/manifest/files';
import { lintStack } from '../../../src/core/lint';
import { ROOT } from '../helpers';
import { said } from '../said';

// Files a hostile workspace can hold, linted by the CLI as users run it: each must end quickly with a clear
// diagnostic, never hang on a FIFO, never grow on /dev/zero, never print what a symlink out of the folder holds.
const CLI = path.join(ROOT, 'dist/cli.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-hostile-'));
const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-outside-'));
const SECRET = 'TOPSECRET_d41d8cd98f';
fs.writeFileSync(path.join(outside, 'secret.yml'), `services:\n  x: [${SECRET}\n`); // broken YAML: an error would quote it
fs.writeFileSync(path.join(outside, 'secret.env'), `A=${SECRET}\n`);

function dir(name: string): string {
  const d = path.join(tmp, name);
  fs.mkdirSync(d, { recursive: true });
  return d;
}
function lint(d: string, file = 'docker-compose.yml'): { status: number | null; stdout: string; stderr: string; ms: number } {
  assert.ok(fs.existsSync(CLI), `${CLI} is missing: run npm run build`);
  const t0 = Date.now();
  // The timeout only keeps a regression from hanging the suite; the assertion is the message, not the time.
  const r = spawnSync(process.execPath, [CLI, 'lint', '--verbose', path.join(d, file)], {
    cwd: d,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH ?? '' },
  });
  // Each finding on one line, its detail (the indented line --verbose adds) before its code: `... message detail code`.
  const stdout = (r.stdout ?? '').replace(/^(.*) (\S+)\n {4}(.*)$/gm, '$1 $3 $2');
  return { status: r.status, stdout, stderr: r.stderr, ms: Date.now() - t0 };
}
const manifest = (extra: string): string => `services:\n  app:\n    image: nginx\n${extra}`;

test('an env_file that is a FIFO is reported, not opened (the linter used to hang)', () => {
  const d = dir('fifo-env');
  spawnSync('mkfifo', [path.join(d, 'app.env')]);
  fs.writeFileSync(path.join(d, 'docker-compose.yml'), manifest('    env_file: app.env\n'));
  const r = lint(d);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /docker-compose\.yml:4:15 error .*app\.env.*named pipe \(FIFO\), not a regular file.* missing-file/);
});

test('extends.file and .env that are FIFOs are reported, not opened', () => {
  const d = dir('fifo-extends');
  spawnSync('mkfifo', [path.join(d, 'base.yml')]);
  spawnSync('mkfifo', [path.join(d, '.env')]);
  fs.writeFileSync(path.join(d, 'docker-compose.yml'), manifest('    extends:\n      file: base.yml\n      service: b\n'));
  const r = lint(d);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /docker-compose\.yml:5:13 error Cannot read .*base\.yml: is a named pipe \(FIFO\).* unreadable-file/);
  assert.match(r.stdout, /\.env:1:1 error Cannot read .*\.env: is a named pipe \(FIFO\).* unreadable-file/);
});

test('/dev/zero as env_file or extends.file is a device, reported without reading it (memory used to grow until the crash)', () => {
  const d = dir('devzero');
  fs.writeFileSync(
    path.join(d, 'docker-compose.yml'),
    manifest('    env_file: /dev/zero\n  other:\n    image: nginx\n    extends:\n      file: /dev/zero\n      service: b\n'),
  );
  const r = lint(d);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /:4:15 error .*\/dev\/zero.*is a device, not a regular file.* missing-file/);
  assert.match(r.stdout, /:8:13 error Cannot read zero\. \/dev\/zero: is a device, not a regular file unreadable-file/);
});

test('a file over the size limit is refused by its size, before it is read', () => {
  const d = dir('huge');
  const big = path.join(d, 'base.yml');
  fs.writeFileSync(big, '');
  fs.truncateSync(big, 9 * 1024 * 1024); // sparse: nothing to read but its size
  fs.writeFileSync(path.join(d, 'docker-compose.yml'), manifest('    extends:\n      file: base.yml\n      service: b\n'));
  const r = lint(d);
  assert.match(r.stdout, /:5:13 error Cannot read .*base\.yml: 9\.0 MiB, over the 8\.0 MiB a file may have file-too-large/);
  // A reader asked directly reads at most the limit plus one byte, whatever the file claims.
  const res = readRegularFile(big, 1024);
  assert.ok('error' in res && res.kind === 'too-large');
});

test('a directory named as a file says so', () => {
  const d = dir('dir-as-file');
  fs.mkdirSync(path.join(d, 'app.env'), { recursive: true });
  fs.writeFileSync(path.join(d, 'docker-compose.yml'), manifest('    env_file: app.env\n'));
  assert.match(lint(d).stdout, /app\.env.*is a directory.* missing-file/);
});

test('a symlink out of the folder counts for existence, but its content is never read into a message', () => {
  const d = dir('symlinks');
  fs.symlinkSync(path.join(outside, 'secret.env'), path.join(d, 'app.env')); // env_file: exists, fine
  fs.symlinkSync(path.join(outside, 'secret.yml'), path.join(d, 'base.yml')); // extends: content refused
  fs.symlinkSync(path.join(outside, 'secret.env'), path.join(d, '.env')); // .env: content refused
  fs.writeFileSync(
    path.join(d, 'docker-compose.yml'),
    manifest('    env_file: app.env\n    environment:\n      X: $A\n    extends:\n      file: base.yml\n      service: x\n'),
  );
  const r = lint(d);
  assert.doesNotMatch(r.stdout + r.stderr, new RegExp(SECRET));
  assert.doesNotMatch(r.stdout, /missing-file/);
  assert.match(r.stdout, /:8:13 error Cannot read .*base\.yml: a symbolic link to .*secret\.yml, outside the workspace; it is not read unreadable-file/);
  assert.match(r.stdout, /\.env:1:1 error .*a symbolic link to .*secret\.env, outside the workspace.* unreadable-file/);
  // A symlink inside the folder is read as usual.
  const e = dir('symlinks-inside');
  fs.writeFileSync(path.join(e, 'real.yml'), 'services:\n  b:\n    image: nginx\n    mem_limit: 1g\n');
  fs.symlinkSync(path.join(e, 'real.yml'), path.join(e, 'base.yml'));
  fs.writeFileSync(path.join(e, 'docker-compose.yml'), manifest('    extends:\n      file: base.yml\n      service: b\n'));
  const r2 = lint(e);
  assert.doesNotMatch(r2.stdout, /unreadable-file/);
  assert.match(r2.stdout, /refused-option/);
});

test('a stack reads at most its budget of files and bytes; the rest is a clear diagnostic', () => {
  const d = dir('budget');
  const reader = stackReader(diskReader, [d], { maxFileBytes: 1 << 20, maxStackBytes: 100, maxStackFiles: 2 });
  for (const n of ['a', 'b', 'c']) fs.writeFileSync(path.join(d, n), 'x'.repeat(40));
  assert.ok('text' in reader.read(path.join(d, 'a')));
  assert.ok('text' in reader.read(path.join(d, 'a')), 'a file read twice is charged once');
  assert.ok('text' in reader.read(path.join(d, 'b')));
  const c = reader.read(path.join(d, 'c'));
  assert.ok('error' in c && c.kind === 'budget' && /already read 2 files/.test(c.error), JSON.stringify(c));
  const r2 = stackReader(diskReader, [d], { maxFileBytes: 1 << 20, maxStackBytes: 60, maxStackFiles: 10 });
  r2.read(path.join(d, 'a'));
  const b = r2.read(path.join(d, 'b'));
  assert.ok('error' in b && b.kind === 'budget' && /more than/.test(b.error), JSON.stringify(b));
  // Through lint: a chain of 300 extends files ends in one diagnostic at the file the budget refused.
  const chain = dir('budget-chain');
  for (let i = 0; i < 300; i++) {
    fs.writeFileSync(path.join(chain, `f${i}.yml`), `services:\n  s:\n    image: nginx\n    extends:\n      file: f${i + 1}.yml\n      service: s\n`);
  }
  const res = lintStack({ files: [path.join(chain, 'f0.yml')] });
  const refused = res.diagnostics.filter((x) => x.code === 'unreadable-file');
  assert.equal(refused.length, 1, JSON.stringify(refused));
  assert.match(said(refused[0]), /the stack already read 256 files/);
});
