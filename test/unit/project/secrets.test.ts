// Secrets stay secret (issue #9, part 5): a stack whose .env and environment hold unique secrets is linted,
// planned, exported and hovered, and every output is grepped for them.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { serviceHover } from '../../../src/core/catalog/hover';
import { convertProject } from '../../../src/core/deploy/convert';
import type { CurrentStackState } from '../../../src/core/deploy/engine';
import { formatPlan, maskedChange, planStack } from '../../../src/core/deploy/plan';
import { lintProject } from '../../../src/core/lint';
import { loadProject } from '../../../src/core/manifest/project';
import { markdownCode, markdownText, MASK, maskArgs, maskSecrets, maskText } from '../../../src/core/mask';
import { ROOT } from '../helpers';
import { said } from '../said';

const CLI = path.join(ROOT, 'dist/cli.js');
const SECRETS = {
  dotenv: 'Zq9SecretFromDotenv7',
  badLine: 'Zq9SecretOnABadLine7',
  env: 'Zq9SecretFromEnv7',
  host: 'zq9-secret-host-7',
};
const ENV = { MONGO_URL: `mongodb://root:${SECRETS.env}@mongo-nowhere:27017`, API_TOKEN: SECRETS.env };
const leaks = (text: string): string[] => Object.values(SECRETS).filter((s) => text.includes(s));

function stackDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-secrets-'));
  fs.writeFileSync(
    path.join(dir, 'docker-compose.yml'),
    [
      'services:',
      '  mender-deployments:',
      '    image: mendersoftware/deployments:3.0.0',
      '    command: ["--password", "${AWS_SECRET_ACCESS_KEY}"]',
      '    environment:',
      '      DEPLOYMENTS_AWS_AUTH_KEY: minio',
      '      DEPLOYMENTS_AWS_AUTH_SECRET: ${AWS_SECRET_ACCESS_KEY}',
      '      DEPLOYMENTS_AWS_URI: http://admin:${AWS_SECRET_ACCESS_KEY}@s3-nowhere:9000',
      '      DEPLOYMENTS_MONGO_URL: ${MONGO_URL}',
      '      SOME_HOST: ${PLAIN_HOST}',
      '      TOKEN_COPY: ${API_TOKEN}',
      '  minio:',
      '    image: minio/minio',
      '    environment:',
      '      MINIO_ACCESS_KEY: minio',
      '      MINIO_SECRET_KEY: other-${AWS_SECRET_ACCESS_KEY}',
      '',
    ].join('\n'),
  );
  // Line 2 is not NAME=value: it is what a .env symlinked to a credentials file looks like.
  fs.writeFileSync(path.join(dir, '.env'), `AWS_SECRET_ACCESS_KEY=${SECRETS.dotenv}\naws_secret ${SECRETS.badLine}\nPLAIN_HOST=${SECRETS.host}:80\n`);
  return dir;
}

const cli = (args: string[], cwd: string) => {
  assert.ok(fs.existsSync(CLI), `${CLI} is missing: run npm run build`);
  return spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...ENV } });
};

test('lint (text, json, sarif) quotes what the file says, never values from .env or the environment', () => {
  const dir = stackDir();
  for (const format of ['text', 'json', 'sarif']) {
    const r = cli(['lint', '--format', format, 'docker-compose.yml'], dir);
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    assert.deepEqual(leaks(r.stdout + r.stderr), [], `${format} output leaks:\n${r.stdout}${r.stderr}`);
  }
  const text = cli(['lint', 'docker-compose.yml'], dir).stdout;
  // The findings are still there, with the file's words in place of the values.
  assert.match(text, /"\$\{PLAIN_HOST\}".*unresolved-host/);
  assert.match(text, /unresolved-endpoint/);
});

test('deploy and plan (refused before or at the engine) print no secret either', () => {
  const dir = stackDir();
  for (const args of [
    ['deploy', '--stack', 'secd', 'docker-compose.yml'],
    ['plan', '--stack', 'secd', 'docker-compose.yml'],
    ['doctor', '--stack', 'secd', 'docker-compose.yml'],
  ]) {
    const r = spawnSync(process.execPath, [CLI, ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', ...ENV, DOCKER_HOST: `unix://${path.join(dir, 'no-engine.sock')}` },
    });
    assert.notEqual(r.status, 0);
    assert.ok((r.stdout + r.stderr).length > 0);
    assert.deepEqual(leaks(r.stdout + r.stderr), [], `${args[0]}:\n${r.stdout}${r.stderr}`);
  }
});

test('a malformed .env line is reported by its line number, not echoed', () => {
  const dir = stackDir();
  const r = cli(['lint', '--format', 'json', 'docker-compose.yml'], dir);
  const d = (JSON.parse(r.stdout) as { code: string; line: number; message: string }[]).find((x) => x.code === 'dotenv-syntax');
  assert.ok(d, r.stdout);
  assert.equal(d.line, 2);
  assert.match(said(d), /line 2 is not NAME=value/);
  assert.doesNotMatch(said(d), /aws_secret/);
});

test('in-process diagnostics (what the editor shows) carry no secret in messages, related info or fix titles', () => {
  const dir = stackDir();
  const project = loadProject({ files: [path.join(dir, 'docker-compose.yml')], env: ENV });
  const diags = lintProject(project);
  assert.ok(diags.length > 3);
  const all = diags.map((d) => [d.message, ...(d.related ?? []).map((r) => r.message), ...(d.fixes ?? []).map((f) => f.title)].join('\n')).join('\n');
  assert.deepEqual(leaks(all), [], all);
});

test('plan masks old and new environment values of secret-looking names, URL user-info and password arguments', () => {
  const dir = stackDir();
  const project = loadProject({ files: [path.join(dir, 'docker-compose.yml')], env: ENV, stackName: 'secplan' });
  const desired = convertProject(project, { env: ENV });
  const svc = desired.services.find((s) => s.name === 'mender-deployments')!;
  const old = structuredClone(svc.spec);
  old.TaskTemplate!.ContainerSpec!.Env = [`DEPLOYMENTS_AWS_AUTH_SECRET=old-${SECRETS.dotenv}`, `DEPLOYMENTS_MONGO_URL=mongodb://root:old${SECRETS.env}@m:1`];
  old.TaskTemplate!.ContainerSpec!.Args = ['--password', `old-${SECRETS.dotenv}`];
  const current: CurrentStackState = { services: [{ ID: 'x1', Version: { Index: 1 }, Spec: old }], networks: [], secrets: [], configs: [] };
  const plan = planStack(desired, current);
  const text = formatPlan(plan);
  assert.match(text, /~ service secplan_mender-deployments/);
  assert.match(text, /TaskTemplate\.ContainerSpec\.Env:/);
  // SOME_HOST is not a secret-looking name: its value is the plan's business; the secrets are not.
  const secretLeaks = (t: string): string[] => leaks(t).filter((s) => s !== SECRETS.host);
  assert.deepEqual(secretLeaks(text), [], text);
  assert.ok(text.includes(`DEPLOYMENTS_AWS_AUTH_SECRET=${MASK}`), text);
  assert.ok(text.includes(`mongodb://root:${MASK}@`), text);
  // The editor's confirmation and report use the same masked changes.
  const changes = plan.services.flatMap((s) => s.changes.map(maskedChange));
  assert.deepEqual(secretLeaks(JSON.stringify(changes)), []);
});

test('export -o writes an owner-only file that says it holds values; nothing secret on stderr', () => {
  const dir = stackDir();
  const out = path.join(dir, 'out.yml');
  fs.writeFileSync(out, 'old\n', { mode: 0o644 }); // an existing world-readable file is narrowed too
  const r = cli(['export', '--stack', 'secx', '-o', out, 'docker-compose.yml'], dir);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(fs.statSync(out).mode & 0o777, 0o600);
  const text = fs.readFileSync(out, 'utf8');
  assert.match(text, /holds the values of \.env and the environment/);
  assert.ok(text.includes(SECRETS.dotenv), 'the export is deployable: it holds the values');
  assert.match(r.stderr, /mode 0600: it contains the values/);
  assert.deepEqual(leaks(r.stdout + r.stderr), []);
  const fresh = path.join(dir, 'fresh.yml');
  assert.equal(cli(['export', '-o', fresh, 'docker-compose.yml'], dir).status, 0);
  assert.equal(fs.statSync(fresh).mode & 0o777, 0o600);
});

test('hovers mask secret values and escape Markdown in values', () => {
  const dir = stackDir();
  const evil = 'a`b</a>[x](http://evil) | *y*';
  const project = loadProject({ files: [path.join(dir, 'docker-compose.yml')], env: { ...ENV, MONGO_URL: evil } });
  const md = serviceHover(project, 'mender-deployments')!;
  assert.ok(md, 'the catalog knows deployments');
  assert.deepEqual(leaks(md), [], md);
  assert.ok(md.includes(markdownCode(evil).replace(/\|/g, '\\|')), md);
  assert.ok(!md.includes('[x](http://evil)') || md.includes('``a`b</a>[x](http://evil) \\| *y*``'), 'the link is inside the code span');
});

test('markdownCode: no backtick run in the text can close the span', () => {
  assert.equal(markdownCode('plain'), '`plain`');
  assert.equal(markdownCode('a`b'), '``a`b``');
  assert.equal(markdownCode('`x'), '`` `x ``');
  assert.equal(markdownCode('a\nb'), '`a b`');
});

test('markdownText: every character Markdown or HTML acts on is escaped', () => {
  assert.equal(markdownText('a*b_c [x](y) <img> `z` | #'), 'a\\*b\\_c \\[x\\](y) \\<img\\> \\`z\\` \\| #');
  // Block markers act only at the start of a line; image tags and versions keep their dots and dashes.
  assert.equal(markdownText('# h\n- item\n+ more\n12. twelve\nmender-2.6.0'), '\\# h\n\\- item\n\\+ more\n12\\. twelve\nmender-2.6.0');
});

test('maskText: URL user-info, JWTs, swarm tokens, --password= and secret NAME=value', () => {
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
  assert.equal(maskText('mongodb://root:hunter2@db:27017/x'), `mongodb://root:${MASK}@db:27017/x`);
  assert.equal(maskText('https://ghp_abcdef@github.com/x'), `https://${MASK}@github.com/x`);
  assert.equal(maskText(`Authorization: Bearer ${jwt}`), `Authorization: Bearer ${MASK}`);
  assert.equal(maskText('join with SWMTKN-1-3pu6hszjas19xyp7ghgosyx9k8atbfcr8p2is99znpy26u2lkl-1awxwuwd3z9j1z3puu7rcgdbx'), `join with ${MASK}`);
  assert.equal(maskText('run --password=hunter2 --user=bob'), `run --password=${MASK} --user=bob`);
  assert.equal(maskText('MONGO_PASSWORD=hunter2 LOG_LEVEL=info'), `MONGO_PASSWORD=${MASK} LOG_LEVEL=info`);
  assert.equal(maskText('no secrets: http://host:80/path'), 'no secrets: http://host:80/path');
  assert.equal(maskText('engine ssh://deploy@manager:22'), 'engine ssh://deploy@manager:22', 'an ssh login name is not a secret');
  assert.equal(maskText('image x/y@sha256:abc'), 'image x/y@sha256:abc');
  assert.deepEqual(maskArgs(['--password', 'hunter2', '--db', 'mongodb://u:p@h', '-token=abc']), [
    '--password',
    MASK,
    '--db',
    `mongodb://u:${MASK}@h`,
    `-token=${MASK}`,
  ]);
});

test('inspect masking: env, labels, arguments, URL user-info, JWTs, tokens; the input is left alone', () => {
  const svc = {
    Spec: {
      Name: 'x_api',
      Labels: { 'com.example.api-token': 'tok123', 'com.docker.stack.namespace': 'x' },
      TaskTemplate: {
        ContainerSpec: {
          Env: ['DB_URL=mongodb://root:hunter2@db/x', 'SESSION_KEY=abc', 'LOG=info', 'PASSWORD_FILE=/run/secrets/p'],
          Args: ['--password', 'hunter2', '--jwt=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl'],
          Command: ['/bin/app', '--secret=hunter2'],
        },
      },
    },
    UpdateStatus: { Message: 'pulling https://bob:hunter2@registry/x' },
  };
  const before = structuredClone(svc);
  const m = maskSecrets(svc);
  assert.ok(!JSON.stringify(m).includes('hunter2'), JSON.stringify(m));
  assert.ok(!JSON.stringify(m).includes('tok123'));
  assert.ok(!JSON.stringify(m).includes('eyJzdWIiOiIxIn0'));
  assert.deepEqual(m.Spec.TaskTemplate.ContainerSpec.Env, [
    `DB_URL=mongodb://root:${MASK}@db/x`,
    `SESSION_KEY=${MASK}`,
    'LOG=info',
    'PASSWORD_FILE=/run/secrets/p',
  ]);
  assert.equal(m.Spec.Labels['com.docker.stack.namespace'], 'x');
  assert.deepEqual(svc, before);
});

test('the Output channel wrapper masks every line written through it (info, append, error with an Error)', async () => {
  // maskedLog only imports vscode's types: a plain sink stands in for the channel's writers here; what reaches
  // the real channel in the host is the same call with the same masked arguments.
  const { maskedLog } = await import('../../../src/vscode/maskedLog');
  const seen: unknown[] = [];
  const sink = {
    name: 'Mender Swarm',
    info: (...a: unknown[]) => seen.push(...a),
    append: (s: string) => seen.push(s),
    error: (e: unknown) => seen.push(e),
  };
  const log = maskedLog(sink as never);
  log.info(`deploy: DB_PASSWORD=${SECRETS.env} url mongodb://root:${SECRETS.dotenv}@db`);
  log.append(`--token=${SECRETS.env}`);
  log.error(new Error(`engine said https://u:${SECRETS.badLine}@registry`));
  assert.equal((log as unknown as { name: string }).name, 'Mender Swarm');
  const text = seen.map((x) => (x instanceof Error ? `${x.message}\n${x.stack}` : String(x))).join('\n');
  assert.equal(seen.length, 3);
  assert.deepEqual(leaks(text), [], text);
  assert.match(text, /DB_PASSWORD=\*{8}/);
});

test('a plain value that is also a name of the stack stays in messages (a service is not renamed ${VAR}); a secret-looking one is still hidden', async () => {
  const { lintTexts } = await import('../helpers');
  const compose = 'services:\n  backend:\n    image: ${BACKEND_IMAGE}\n    depends_on: [cache]\n';
  const plain = lintTexts({ 'docker-compose.yml': compose, '.env': 'BACKEND_IMAGE=backend\n' }).diagnostics.find((d) => d.code === 'unknown-service');
  assert.ok(plain);
  assert.match(plain.message, /"backend"/);
  assert.doesNotMatch(plain.message, /BACKEND_IMAGE/);
  const secret = lintTexts({ 'docker-compose.yml': compose.replace(/BACKEND_IMAGE/g, 'BACKEND_TOKEN'), '.env': 'BACKEND_TOKEN=backend\n' }).diagnostics.find(
    (d) => d.code === 'unknown-service',
  );
  assert.ok(secret);
  assert.doesNotMatch(secret.message, /"backend"/);
});
