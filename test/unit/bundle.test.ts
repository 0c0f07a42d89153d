// The production bundles leave out what they never run (dockerode's gRPC/protobuf image-build path), stay
// under budget, and still load dockerode: a command that connects reaches the engine, not a missing module.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from './helpers';

const out = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-bundle-'));
const built = spawnSync(process.execPath, ['scripts/build.mjs', '--production', '--metafile', `--outdir=${out}`], { cwd: ROOT, encoding: 'utf8' });
const inputs = (name: string): string[] => {
  const meta = JSON.parse(fs.readFileSync(path.join(out, `${name}.meta.json`), 'utf8')) as { inputs: Record<string, unknown> };
  return Object.keys(meta.inputs);
};

test('production dist/extension.js is under 1.25 MB, without @grpc/grpc-js and protobufjs', () => {
  assert.equal(built.status, 0, built.stderr);
  const size = fs.statSync(path.join(out, 'extension.js')).size;
  // 1.2 MB until the secrets/configs/networks/volumes actions (issue #12) added ~17 kB of minified code.
  assert.ok(size < 1.25e6, `extension.js is ${size} bytes`);
  for (const name of ['extension', 'cli']) {
    const all = inputs(name);
    assert.ok(all.some((f) => f.includes('node_modules/dockerode/')), `${name}: dockerode is bundled`);
    assert.deepEqual(all.filter((f) => /node_modules\/(@grpc|protobufjs|@grpc\/proto-loader|tar-fs|tar-stream)\//.test(f)), [], `${name}: no gRPC/protobuf/tar`);
  }
});

test('the production CLI still loads dockerode and talks to an engine', () => {
  assert.equal(built.status, 0, built.stderr);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-bundle-stack-'));
  const f = path.join(dir, 'stack.yml');
  fs.writeFileSync(f, 'services:\n  a:\n    image: x\n');
  const r = spawnSync(process.execPath, [path.join(out, 'cli.js'), 'plan', '--stack', 'bundletest', f],
    { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', DOCKER_HOST: 'tcp://127.0.0.1:9', XDG_CACHE_HOME: dir } });
  assert.equal(r.status, 1);
  assert.doesNotMatch(r.stderr, /Cannot find module|not part of the Mender Swarm bundle/);
  assert.match(r.stderr, /127\.0\.0\.1:9|ECONNREFUSED|connect/i);
});
