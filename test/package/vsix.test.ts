import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const SERVER = path.join(ROOT, '.vscode-test-server/node_modules/code-server/lib/vscode/out/server-main.js');
const VSIX = path.join(ROOT, 'dist/mender-swarm.vsix');

test('npm run package builds a .vsix that holds only what runs', () => {
  const r = spawnSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const list = spawnSync('unzip', ['-Z1', VSIX], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  const lazy = Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, 'src/lazyBundles.json'), 'utf8')) as Record<string, unknown>).map(
    (n) => `extension/dist/${n}.js`,
  );
  for (const want of [
    'extension/package.json',
    'extension/dist/extension.js',
    'extension/dist/features.js',
    'extension/dist/cli.js',
    'extension/dist/cli-main.js',
    'extension/dist/cli-lint.js',
    'extension/dist/cli-yaml.js',
    'extension/dist/cli-js-yaml.js',
    'extension/dist/package.json',
    ...lazy,
    'extension/media/icon.png',
  ]) {
    assert.ok(list.includes(want), `${want} in the .vsix`);
  }
  assert.deepEqual(
    list.filter((f) => /node_modules|\/src\/|\/test\/|\.map$|\.ts$/.test(f)),
    [],
  );
  // The rule pages diagnostics link to (codeDescription) and `lint --explain` prints.
  const pages = fs.readdirSync(path.join(ROOT, 'docs/rules')).filter((f) => f.endsWith('.md'));
  assert.ok(pages.length > 50);
  assert.deepEqual(
    pages.filter((p) => !list.includes(`extension/docs/rules/${p}`)),
    [],
  );
});

test('the .vsix installs into the real VS Code server, and its CLI runs from the installed copy', (t) => {
  if (!fs.existsSync(SERVER)) {
    if (process.env.CI) assert.fail(`${SERVER} is missing: run bash scripts/install-vscode-server.sh`);
    t.skip('the VS Code server is not installed (bash scripts/install-vscode-server.sh)');
    return;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-vsix-'));
  const dirs = ['--extensions-dir', path.join(tmp, 'ext'), '--user-data-dir', path.join(tmp, 'ud'), '--server-data-dir', path.join(tmp, 'sd')];
  const inst = spawnSync(process.execPath, [SERVER, '--install-extension', VSIX, ...dirs], { encoding: 'utf8', timeout: 120000 });
  assert.match(inst.stdout + inst.stderr, /successfully installed/);
  const ls = spawnSync(process.execPath, [SERVER, '--list-extensions', '--show-versions', ...dirs], { encoding: 'utf8', timeout: 60000 });
  const version = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  assert.match(ls.stdout, new RegExp(`mender-swarm\\.mender-swarm@${version.replace(/\./g, '\\.')}`));
  const installed = path.join(tmp, 'ext', `mender-swarm.mender-swarm-${version}`);
  const seed = path.join(ROOT, 'test/fixtures/seed-2016/docker-compose.yml');
  const cli = spawnSync(process.execPath, [path.join(installed, 'dist/cli.js'), 'lint', '--format', 'json', seed], { encoding: 'utf8' });
  assert.equal(cli.status, 0, cli.stderr);
  assert.ok(Array.isArray(JSON.parse(cli.stdout)));
  const explain = spawnSync(process.execPath, [path.join(installed, 'dist/cli.js'), 'lint', '--explain', 'service-name'], { encoding: 'utf8' });
  assert.equal(explain.status, 0, explain.stderr);
  assert.match(explain.stdout, /^# `service-name`/);
  fs.rmSync(tmp, { recursive: true, force: true });
});
