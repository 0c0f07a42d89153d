import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURES, ROOT } from '../helpers';

// The CLI as users run it: the bundle esbuild produced (npm test builds first).
const CLI = path.join(ROOT, 'dist/cli.js');
const run = (...args: string[]) => {
  assert.ok(fs.existsSync(CLI), `${CLI} is missing: run npm run build`);
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
};
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-cli-'));
const write = (name: string, text: string): string => {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, text);
  return p;
};

test('lint --format json prints one array with 1-based positions; exit 1 on errors', () => {
  const f = write('bad.yml', 'services:\n  s3.docker.mender.io:\n    image: minio/minio\n');
  const r = run('lint', '--format', 'json', f);
  assert.equal(r.status, 1, r.stderr);
  const out = JSON.parse(r.stdout) as {
    file: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    severity: string;
    code: string;
    message: string;
  }[];
  const d = out.find((x) => x.code === 'service-name')!;
  assert.deepEqual([d.file, d.line, d.column, d.endLine, d.endColumn, d.severity], [f, 2, 3, 2, 22, 'error']);
  assert.deepEqual(Object.keys(d).sort(), ['code', 'column', 'detail', 'endColumn', 'endLine', 'file', 'line', 'message', 'severity']);
  assert.match((d as { detail?: string }).detail ?? '', /Names may hold letters, digits/);
});

test('lint of the seed stack exits 0 and prints linter-style text lines', () => {
  const r = run('lint', path.join(FIXTURES, 'seed-2016/docker-compose.yml'));
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /docker-compose\.yml:2:10 warning .* compose-version\n/);
  assert.match(r.stdout, /0 error\(s\)/);
});

test('several files lint as one stack (overlay adds the missing host)', () => {
  const a = write('a.yml', 'services:\n  api:\n    image: x\n    environment:\n      DB_HOST: mongo-api\n');
  const b = write('b.yml', 'services:\n  mongo-api:\n    image: mongo\n');
  assert.match(run('lint', a).stdout, /unresolved-host/);
  assert.doesNotMatch(run('lint', a, b).stdout, /unresolved-host/);
});

test('sarif output names the rules and results', () => {
  const f = write('s.yml', 'services:\n  a:\n    image: x\n    privileged: true\n');
  const r = run('lint', '--format=sarif', f);
  const s = JSON.parse(r.stdout) as {
    version: string;
    runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; level: string }[] }[];
  };
  assert.equal(s.version, '2.1.0');
  assert.ok(s.runs[0].tool.driver.rules.some((x) => x.id === 'service-name'));
  assert.deepEqual(
    s.runs[0].results.map((x) => [x.ruleId, x.level]),
    [['ignored-option', 'warning']],
  );
});

test('lint --explain prints a rule page from the built CLI (exit 0); an unknown code exits 2 naming close codes', () => {
  let r = run('lint', '--explain', 'restart-policy');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^# `restart-policy`\n[\s\S]*## Wrong[\s\S]*## Right/);
  r = run('lint', '--explain', 'restart-polcy');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown diagnostic code "restart-polcy"; close codes: restart-policy/);
});

test("lint --verbose prints each finding's detail on an indented line below it", () => {
  const f = write('verbose.yml', 'services:\n  s3.docker.mender.io:\n    image: minio/minio\n');
  const r = run('lint', '--verbose', f);
  assert.match(
    r.stdout,
    /:2:3 error Swarm refuses the service name "s3\.docker\.mender\.io": it contains "\."\. service-name\n {4}Names may hold letters, digits/,
  );
});

test('usage errors and unreadable input exit 2 with a message on stderr', () => {
  let r = run('lint', '--format', 'xml', 'x.yml');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--format must be/);
  r = run('lint', path.join(tmp, 'missing.yml'));
  assert.equal(r.status, 2);
  assert.match(r.stderr, /missing\.yml: no such file/);
  r = run('frobnicate');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown command "frobnicate"/);
  r = run('lint', '--rule', 'x=loud', 'a.yml');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--rule takes/);
});

test('broken YAML is a diagnostic (exit 1), not a crash', () => {
  const f = write('broken.yml', 'services:\n  a: [\n');
  const r = run('lint', '--format', 'json', f);
  assert.equal(r.status, 1);
  assert.equal(r.stderr, '');
  assert.ok((JSON.parse(r.stdout) as { code: string }[]).some((d) => d.code === 'yaml-syntax'));
});

test('every command prints its usage with --help and exits 0', () => {
  for (const cmd of ['lint', 'plan', 'deploy', 'export', 'scale', 'rm', 'doctor', 'rollback', 'force-update']) {
    const r = run(cmd, '--help');
    assert.equal(r.status, 0, `${cmd}: ${r.stderr}`);
    assert.match(r.stdout, new RegExp(`^mender-swarm ${cmd} `), cmd);
  }
  const top = run('--help');
  assert.equal(top.status, 0);
  assert.match(top.stdout, /deploy +deploy the files as a stack/);
});

test('removals off a terminal need --yes: rm and deploy --prune exit 2 before contacting the engine', () => {
  const f = write('prune.yml', 'services:\n  web:\n    image: busybox\n');
  // An engine that does not exist: had the command connected, it would fail with exit 1 and "unreachable".
  const env = { PATH: process.env.PATH ?? '', DOCKER_HOST: `unix://${path.join(tmp, 'no-engine.sock')}` };
  const go = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env, stdio: ['pipe', 'pipe', 'pipe'] });
  for (const args of [
    ['rm', '--stack', 'secrm'],
    ['deploy', '--stack', 'secrm', '--prune', f],
  ]) {
    const r = go(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /pass --yes to confirm when not run from a terminal/);
    assert.doesNotMatch(r.stderr, /no-engine\.sock|unreachable|ENOENT/);
  }
  // With --yes the command goes on to the engine (and fails there, since there is none).
  const yes = go('rm', '--stack', 'secrm', '--yes');
  assert.equal(yes.status, 1, yes.stderr);
});

test('export -o elsewhere/out.yml writes paths that are right from where the file is written', () => {
  fs.mkdirSync(path.join(tmp, 'src-stack', 'keys'), { recursive: true });
  fs.mkdirSync(path.join(tmp, 'elsewhere'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'src-stack', 'keys', 'k.pem'), 'x');
  const f = write('src-stack/stack.yml', 'services:\n  a:\n    image: x\n    secrets: [k]\nsecrets:\n  k:\n    file: ./keys/k.pem\n');
  const out = path.join(tmp, 'elsewhere', 'out.yml');
  const r = run('export', '-o', out, f);
  assert.equal(r.status, 0, r.stderr);
  const file = /file: (.*)/.exec(fs.readFileSync(out, 'utf8'))![1];
  assert.equal(file, '../src-stack/keys/k.pem');
  assert.ok(fs.existsSync(path.resolve(path.dirname(out), file)));
});

function ancestors(dir: string): string[] {
  const out = [dir];
  while (path.dirname(out[out.length - 1]) !== out[out.length - 1]) out.push(path.dirname(out[out.length - 1]));
  return out;
}

test('lint with no FILE, or a folder, lints the stack docker compose finds there (its file and override, here or above)', (t) => {
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-cli-default-'));
  fs.writeFileSync(path.join(project, 'compose.yaml'), 'services:\n  web:\n    image: nginx\n');
  fs.writeFileSync(path.join(project, 'compose.override.yml'), 'services:\n  web:\n    imgae: typo\n');
  fs.mkdirSync(path.join(project, 'sub'));
  const inFolder = (cwd: string, ...args: string[]) =>
    spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  for (const r of [inFolder(project), inFolder(path.join(project, 'sub')), inFolder(os.tmpdir(), project)]) {
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, '');
    const found = JSON.parse(r.stdout) as { file: string; code: string }[];
    assert.deepEqual(
      found.map((d) => `${path.basename(d.file)} ${d.code}`),
      ['compose.override.yml unknown-key'],
    );
  }
  // A second of compose's names beside the first: left out as compose leaves it, and said on stderr.
  fs.writeFileSync(path.join(project, 'docker-compose.yml'), 'services:\n  db:\n    imgae: x\n');
  const two = inFolder(project);
  assert.deepEqual(
    (JSON.parse(two.stdout) as { file: string }[]).map((d) => path.basename(d.file)),
    ['compose.override.yml'],
  );
  assert.match(two.stderr, /using .*compose\.yaml and .*compose\.override\.yml; left out, as docker compose leaves them: .*docker-compose\.yml/);
  // Nowhere a compose file: said, exit 2 (unless this machine keeps one in a folder above the temporary one).
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-cli-none-'));
  const above = ancestors(empty).flatMap((d) => ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'].map((n) => path.join(d, n)));
  const stray = above.find((f) => fs.existsSync(f));
  if (stray) return t.skip(`${stray} is a compose file above ${empty}`);
  const none = inFolder(empty);
  assert.equal(none.status, 2);
  assert.match(
    none.stderr,
    /no compose file in .*msw-cli-none-.* or above it \(compose\.yaml, compose\.yml, docker-compose\.yml, docker-compose\.yaml\), and no COMPOSE_FILE/,
  );
});
