// The CLI's launcher (src/cli/launcher.js, dist/cli.js): its V8 code cache is written once and then used, and its
// direct writes to a pipe carry every byte of a large report.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURES, ROOT } from '../helpers';
import { generateStack } from '../../../bench/generate';

const CLI = path.join(ROOT, 'dist/cli.js');
const SEED = path.join(FIXTURES, 'seed-2016/docker-compose.yml');

function lint(cache: string, ...args: string[]): ReturnType<typeof spawnSync> {
  assert.ok(fs.existsSync(CLI), `${CLI} is missing: run npm run build`);
  return spawnSync(process.execPath, [CLI, 'lint', ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', XDG_CACHE_HOME: cache } });
}

test("the code cache is written by the first lint, used as is by the next, and replaces older bundles' caches", () => {
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-v8cache-'));
  const dir = path.join(cache, 'mender-swarm');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'cli-lint-v0.0.0-1-1.v8cache'), 'stale');
  fs.writeFileSync(path.join(dir, 'cli-main-v0.0.0-1-1.v8cache'), 'the other bundle');
  const first = lint(cache, '--format', 'json', SEED);
  assert.equal(first.status, 0, String(first.stderr));
  const files = fs.readdirSync(dir).filter((f) => f.startsWith('cli-lint-'));
  assert.equal(files.length, 1, `one cache for the lint bundle, the stale one removed: ${files.join(', ')}`);
  assert.match(files[0], new RegExp(`^cli-lint-${process.version.replace(/\./g, '\\.')}-\\d+-\\d+\\.v8cache$`));
  assert.ok(fs.existsSync(path.join(dir, 'cli-main-v0.0.0-1-1.v8cache')), "another bundle's cache is left alone");
  const file = path.join(dir, files[0]);
  const written = fs.readFileSync(file);
  assert.ok(written.length > 100_000, `the cache holds the compiled lint (${written.length} bytes)`);
  // A cache V8 rejected would be written again at exit: the second run leaves the same bytes at the same time.
  const mtime = fs.statSync(file).mtimeMs;
  const second = lint(cache, '--format', 'json', SEED);
  assert.equal(second.status, 0, String(second.stderr));
  assert.equal(second.stdout, first.stdout);
  assert.equal(fs.statSync(file).mtimeMs, mtime);
  assert.ok(fs.readFileSync(file).equals(written));
  assert.deepEqual(
    fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')),
    [],
  );
});

test('a damaged code cache (garbage, larger than the bundle, or empty) is set aside: the lint is the same and the cache is written again', () => {
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-v8cache-'));
  const dir = path.join(cache, 'mender-swarm');
  const good = lint(cache, '--format', 'json', SEED);
  assert.equal(good.status, 0, String(good.stderr));
  const [name] = fs.readdirSync(dir);
  const file = path.join(dir, name);
  const bundleSize = fs.statSync(path.join(ROOT, 'dist/cli-lint.js')).size;
  for (const damaged of [Buffer.alloc(bundleSize * 2, 0x5a), Buffer.alloc(0), fs.readFileSync(file).subarray(0, 1000)]) {
    fs.writeFileSync(file, damaged);
    const r = lint(cache, '--format', 'json', SEED);
    assert.equal(r.status, 0, String(r.stderr));
    assert.equal(r.stdout, good.stdout);
    assert.ok(fs.statSync(file).size > 100_000, `a ${damaged.length}-byte cache is replaced by a whole one`);
  }
});

test('a lint of a clean stack loads no Node module beyond vm: every other one is a cost each CI run would pay', () => {
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-v8cache-'));
  for (const file of [SEED, path.join(FIXTURES, 'current-4x/docker-compose.yml')]) {
    // Run as `node dist/cli.js lint ...` would, noting the modules Node loaded from the launcher's start to the exit.
    const probe = `process.argv = [process.argv[0], ${JSON.stringify(CLI)}, 'lint', '--format', 'json', ${JSON.stringify(file)}];
      const before = new Set(process.moduleLoadList);
      process.on('exit', () => process._rawDebug('LOADED ' + JSON.stringify(process.moduleLoadList.filter((m) => !before.has(m)))));
      require(${JSON.stringify(CLI)});`;
    const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', XDG_CACHE_HOME: cache } });
    assert.equal(r.status, 0, r.stderr);
    const loaded = /LOADED (.*)/.exec(r.stderr);
    assert.ok(loaded, r.stderr);
    assert.deepEqual(JSON.parse(loaded[1]), ['NativeModule vm'], `${path.basename(path.dirname(file))}: ${loaded[1]}`);
  }
});

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-launcher-'));
const big = path.join(tmp, 'docker-compose.yml');
// Unresolved hosts in every group of services: a report of most of a MB.
fs.writeFileSync(big, generateStack(1500).replace(/mongo-(\d+):27017/g, 'mongo-missing-$1:27017'));

test("a report far larger than a pipe's buffer arrives whole through a slow reader", async () => {
  const f = big;
  const child = spawn(process.execPath, [CLI, 'lint', '--format', 'sarif', f], { env: { PATH: process.env.PATH ?? '', XDG_CACHE_HOME: tmp } });
  const chunks: Buffer[] = [];
  await new Promise((r) => setTimeout(r, 1500)); // the child fills the pipe and blocks (or hits EAGAIN) meanwhile
  child.stdout.on('data', (c: Buffer) => chunks.push(c));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  const text = Buffer.concat(chunks).toString('utf8');
  assert.ok(text.length > 500_000, `${text.length} bytes`);
  const sarif = JSON.parse(text) as { runs: { results: { ruleId: string }[] }[] };
  assert.ok(sarif.runs[0].results.filter((r) => r.ruleId === 'unresolved-host').length >= 1000);
  assert.equal(code, 0); // warnings only
});

test('a reader that stops early ends the output quietly (no EPIPE crash)', () => {
  const r = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" lint --format json "${big}" | head -c 10`], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', XDG_CACHE_HOME: tmp },
  });
  assert.equal(r.stdout.slice(0, 10), '[\n  {\n    ');
  assert.equal(r.stderr, '');
});

test('the CLI bundles are ASCII (the launcher reads them as latin1) and still load with a plain require', () => {
  const exported: Record<string, string> = { 'cli-lint.js': 'main', 'cli-main.js': 'main', 'cli-yaml.js': 'parseDocument', 'cli-js-yaml.js': 'load' };
  for (const [name, fn] of Object.entries(exported)) {
    const file = path.join(ROOT, 'dist', name);
    const bytes = fs.readFileSync(file);
    const at = bytes.findIndex((b) => b > 0x7f);
    assert.equal(at, -1, `${name}: a non-ASCII byte at ${at}: ${bytes.subarray(Math.max(0, at - 40), at + 10).toString('utf8')}`);
    const r = spawnSync(process.execPath, ['-e', `const m = require(${JSON.stringify(file)}); process.stdout.write(typeof m.${fn})`], { encoding: 'utf8' });
    assert.equal(r.stdout, 'function', `${name}: ${r.stderr}`);
  }
});

test('the lint bundle leaves the YAML libraries out: each is a bundle of its own, loaded with its own code cache by the file that needs it', () => {
  const lintText = fs.readFileSync(path.join(ROOT, 'dist/cli-lint.js'), 'latin1');
  // One of each library's own messages tells where the library is.
  for (const [bundle, text] of [
    ['cli-yaml.js', 'must be sufficiently indented'],
    ['cli-js-yaml.js', 'end of the stream or a document separator is expected'],
  ]) {
    assert.ok(!lintText.includes(text), `cli-lint.js does not bundle ${bundle}'s library`);
    assert.ok(fs.readFileSync(path.join(ROOT, 'dist', bundle), 'latin1').includes(text), `${bundle} does`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-yaml-apart-'));
  const caches = () =>
    fs
      .readdirSync(path.join(dir, 'mender-swarm'))
      .map((f) => f.replace(/-v\d.*$/, ''))
      .sort();
  const write = (name: string, text: string) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, text);
    return f;
  };
  // A clean file: the block reader alone. A quoted scalar over two lines: js-yaml. A broken list: the yaml library.
  const multiLine = write('multi.yml', 'services:\n  web:\n    image: nginx\n    environment:\n      A: "one\n        two"\n');
  const broken = write('broken.yml', 'services:\n  a:\n    image: x\n    ports: [ "80:80"\n');
  // A file that is not YAML (js-yaml refuses it, the yaml library says where) runs no check: its run leaves the lint
  // bundle's cache to a whole lint, and keeps the libraries'.
  const bad = lint(dir, '--format', 'json', broken);
  assert.equal(bad.status, 1, String(bad.stderr));
  assert.match(String(bad.stdout), /yaml-syntax/);
  assert.deepEqual(caches(), ['cli-js-yaml', 'cli-yaml']);
  const clean = lint(dir, '--format', 'json', SEED);
  assert.equal(clean.status, 0, String(clean.stderr));
  assert.deepEqual(caches(), ['cli-js-yaml', 'cli-lint', 'cli-yaml']);
  // js-yaml reads a quoted scalar over two lines (the block reader leaves it), through the cache the broken file made.
  const multi = lint(dir, '--format', 'json', multiLine);
  assert.equal(multi.status, 0, String(multi.stderr));
  assert.equal(multi.stdout, '[]\n');
  // The side bundles' caches are used as they are by the next runs: the same output, nothing written again.
  const stamp = () => fs.readdirSync(path.join(dir, 'mender-swarm')).map((f) => `${f} ${fs.statSync(path.join(dir, 'mender-swarm', f)).mtimeMs}`);
  const before = stamp();
  assert.equal(lint(dir, '--format', 'json', multiLine).stdout, multi.stdout);
  assert.equal(lint(dir, '--format', 'json', broken).stdout, bad.stdout);
  assert.deepEqual(stamp(), before);
});

test("the bundles' folder has a package.json of its own: Node reads it, not the project's manifest, for each file's module type", () => {
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(ROOT, 'dist/package.json'), 'utf8')), { type: 'commonjs' });
});
