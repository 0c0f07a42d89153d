// The production bundles leave out what they never run (dockerode's gRPC/protobuf image-build path), stay
// under budget, and still load dockerode: a command that connects reaches the engine, not a missing module.
// The extension is a small entry (dist/extension.js) and the features it loads after activation (dist/features.js).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../helpers';

const out = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-bundle-'));
const built = spawnSync(process.execPath, ['scripts/build.mjs', '--production', '--metafile', `--outdir=${out}`], { cwd: ROOT, encoding: 'utf8' });
const inputs = (name: string): string[] => {
  const meta = JSON.parse(fs.readFileSync(path.join(out, `${name}.meta.json`), 'utf8')) as { inputs: Record<string, unknown> };
  return Object.keys(meta.inputs);
};

test('production dist/extension.js is under 1.2 MB, without @grpc/grpc-js and protobufjs', () => {
  assert.equal(built.status, 0, built.stderr);
  // What runs in the editor: the entry and the features bundle it loads after activation, together.
  const size = fs.statSync(path.join(out, 'extension.js')).size + fs.statSync(path.join(out, 'features.js')).size;
  assert.ok(size < 1.2e6, `extension.js + features.js are ${size} bytes`);
  for (const name of ['features', 'cli']) {
    assert.ok(
      inputs(name).some((f) => f.includes('node_modules/dockerode/')),
      `${name}: dockerode is bundled`,
    );
  }
  for (const name of ['extension', 'features', 'cli']) {
    assert.deepEqual(
      inputs(name).filter((f) => /node_modules\/(@grpc|protobufjs|@grpc\/proto-loader|tar-fs|tar-stream)\//.test(f)),
      [],
      `${name}: no gRPC/protobuf/tar`,
    );
    // ssh2 is dist/ssh2.js, required on the first ssh:// connection (scripts/stubs/ssh2-lazy.js).
    assert.deepEqual(
      inputs(name).filter((f) => f.includes('node_modules/ssh2/')),
      [],
      `${name}: ssh2 left to dist/ssh2.js`,
    );
  }
  assert.equal(typeof (require(path.join(out, 'ssh2.js')) as { Client?: unknown }).Client, 'function', 'dist/ssh2.js exports the Client docker-modem uses');
});

test('the entry bundle VS Code activates is small: the features, the core and dockerode are in dist/features.js', () => {
  assert.equal(built.status, 0, built.stderr);
  const text = fs.readFileSync(path.join(out, 'extension.js'), 'utf8');
  assert.ok(text.length < 16_000, `extension.js is ${text.length} bytes`);
  assert.match(text, /require\("\.\/features\.js"\)/, 'extension.js loads ./features.js');
  // Only the wiring, the timing and the log's masking (with the character tests it asks): a feature imported into
  // extension.ts lands here (move it to src/vscode/features.ts).
  const src = inputs('extension').filter((f) => !/^src\/(extension\.ts|vscode\/(lazy|activation|maskedLog|deps)\.ts|core\/(mask|model\/chars)\.ts)$/.test(f));
  assert.deepEqual(src, [], 'extension.js bundles only the entry modules');
  assert.ok(inputs('features').includes('src/vscode/features.ts'));
});

test('the Docker layer requires dockerode at its first request, not when a client is made', () => {
  // A client for the status bar and the explorer's description costs no dockerode (nor ssh2) until it talks.
  const code = `const d = require('./src/docker');
    const loaded = () => Object.keys(require.cache).some((k) => /node_modules[\\\\/]dockerode[\\\\/]/.test(k));
    const c = d.SwarmClient.fromEnvironment({ host: 'tcp://127.0.0.1:9' }, { timeoutMs: 2000 });
    const before = loaded();
    c.ping().then(() => 'answered', (e) => e.kind).then((kind) => { console.log(JSON.stringify({ before, after: loaded(), label: c.description.label, kind })); c.dispose(); });`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir() },
  });
  assert.equal(r.status, 0, r.stderr);
  const res = JSON.parse(r.stdout) as { before: boolean; after: boolean; label: string; kind: string };
  assert.deepEqual(res, { before: false, after: true, label: res.label, kind: 'unreachable' });
});

test('the production CLI still loads dockerode and talks to an engine', () => {
  assert.equal(built.status, 0, built.stderr);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-bundle-stack-'));
  const f = path.join(dir, 'stack.yml');
  fs.writeFileSync(f, 'services:\n  a:\n    image: x\n');
  const r = spawnSync(process.execPath, [path.join(out, 'cli.js'), 'plan', '--stack', 'bundletest', f], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', DOCKER_HOST: 'tcp://127.0.0.1:9', XDG_CACHE_HOME: dir },
  });
  assert.equal(r.status, 1);
  assert.doesNotMatch(r.stderr, /Cannot find module|not part of the Mender Swarm bundle/);
  assert.match(r.stderr, /127\.0\.0\.1:9|ECONNREFUSED|connect/i);
});

test('every bundle of src/lazyBundles.json is built, and only src/vscode/bundles.ts requires one by path', () => {
  assert.equal(built.status, 0, built.stderr);
  const table = JSON.parse(fs.readFileSync(path.join(ROOT, 'src/lazyBundles.json'), 'utf8')) as Record<string, { entry: string }>;
  for (const name of Object.keys(table)) assert.ok(fs.existsSync(path.join(out, `${name}.js`)), `dist/${name}.js is built`);
  // A bundle required by a path written elsewhere would be a second table of them.
  const byPath = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return byPath(p);
      return /\.ts$/.test(e.name) && /require\(path\.join\(__dirname/.test(fs.readFileSync(p, 'utf8')) ? [path.relative(ROOT, p)] : [];
    });
  assert.deepEqual(byPath(path.join(ROOT, 'src')), ['src/vscode/bundles.ts']);
});

test('the CLI lint bundle binds each Node built-in once, not a copy of its every property per importing file', () => {
  assert.equal(built.status, 0, built.stderr);
  const text = fs.readFileSync(path.join(out, 'cli-lint.js'), 'utf8');
  for (const name of ['fs', 'path']) {
    const n = text.split(`require("${name}")`).length - 1;
    assert.equal(n, 1, `require("${name}") ${n} times in cli-lint.js (scripts/build.mjs builtinsDirect binds it once)`);
  }
  assert.ok(inputs('cli-lint').includes('node-builtin:fs'), 'fs comes through the builtinsDirect module');
});
