// `targets` in the project configuration file and `lint --target`: where the stack runs. With kubernetes, lint adds
// the k8s-name checks; a value that is not a target is a project-config problem at its place, and a usage error in the CLI.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from '../../../../src/cli/commands/lint';
import { UsageError } from '../../../../src/cli/io';
import { configProblemText, parseProjectConfig, projectConfigFor } from '../../../../src/core/config/projectConfig';
import { lintStack } from '../../../../src/core/lint';

const STACK = 'services:\n  Mender_API:\n    image: example/api\n';

function project(config: string | undefined): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-targets-'));
  const file = path.join(dir, 'docker-compose.yml');
  fs.writeFileSync(file, STACK);
  if (config !== undefined) fs.writeFileSync(path.join(dir, 'mender-swarm.config.json'), config);
  return file;
}

async function lintCli(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await run(args, {
    stdout: (s) => {
      out += s;
    },
    stderr: () => undefined,
    env: {},
  });
  return { code, out };
}

test('targets: read from JSON and YAML; absent, the file says nothing (swarm only)', () => {
  assert.deepEqual(parseProjectConfig('/p/mender-swarm.config.json', '{ "targets": ["swarm", "kubernetes"] }').targets, ['swarm', 'kubernetes']);
  assert.deepEqual(parseProjectConfig('/p/mender-swarm.config.yaml', 'targets:\n  - kubernetes\n').targets, ['kubernetes']);
  const none = parseProjectConfig('/p/mender-swarm.config.json', '{ "stackName": "a" }');
  assert.equal(none.targets, undefined);
  assert.deepEqual(none.problems, []);
});

test('a bad target is a project-config problem at the value; the valid ones still apply', () => {
  const json = '{\n  "targets": ["swarm", "k8s"]\n}\n';
  const c = parseProjectConfig('/p/mender-swarm.config.json', json);
  assert.deepEqual(
    c.problems.map((p) => configProblemText(p)),
    ['/p/mender-swarm.config.json:2:24: targets.1: "k8s" is not a target (known: swarm, kubernetes)'],
  );
  assert.deepEqual(c.targets, ['swarm']);
  const yaml = 'targets: kubernetes\n';
  const y = parseProjectConfig('/p/mender-swarm.config.yaml', yaml);
  assert.deepEqual(
    y.problems.map((p) => configProblemText(p)),
    ['/p/mender-swarm.config.yaml:1:10: targets: must be a non-empty list of targets (swarm, kubernetes)'],
  );
  assert.equal(y.targets, undefined);
});

test('the configuration file turns k8s-name on for the core lint and the CLI; --target wins over it', async () => {
  const withK8s = project('{ "targets": ["swarm", "kubernetes"] }');
  const config = projectConfigFor([withK8s]);
  assert.ok(lintStack({ files: [withK8s], env: {}, envFile: false, targets: config?.targets }).diagnostics.some((d) => d.code === 'k8s-name'));
  const cli = await lintCli([withK8s]);
  assert.match(cli.out, /warning.*k8s-name|k8s-name.*warning/);
  assert.match(cli.out, /Kubernetes refuses the service name "Mender_API"/);
  assert.doesNotMatch((await lintCli(['--target', 'swarm', withK8s])).out, /k8s-name/, "--target replaces the file's targets");

  const plain = project(undefined);
  assert.doesNotMatch((await lintCli([plain])).out, /k8s-name/);
  assert.match((await lintCli(['--target', 'kubernetes', plain])).out, /k8s-name/);
  await assert.rejects(
    lintCli(['--target', 'k8s', plain]),
    (e: unknown) => e instanceof UsageError && /--target: "k8s" is not a target \(known: swarm, kubernetes\)/.test(e.message),
  );
  const bad = project('{ "targets": ["nomad"] }');
  await assert.rejects(
    lintCli([bad]),
    (e: unknown) => e instanceof UsageError && /mender-swarm\.config\.json:1:15: targets\.0: "nomad" is not a target/.test(e.message),
  );
});
