// What Mender Swarm's deploy creates against what `docker stack deploy` creates for the same file, on the real
// harness swarm: a config listed by name, capabilities written without CAP_, `restart: "no"`.
//   eval "$(node --import tsx test/harness/swarm-cli.ts up --multi)"
//   node --import tsx --test test/docker/convert-parity.test.ts
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { run as deployCmd } from '../../src/cli/commands/deploy';
import { removeStack, StackClient } from '../../src/docker/stacks';
import { makeStandin, STANDIN, testSwarm } from '../harness/testSwarm';

const { host: HOST, skip: SKIP } = testSwarm();
const exec = promisify(execFile);
const OURS = `mswp${process.pid % 100000}`;
const THEIRS = `${OURS}d`;

describe(
  'deploy sends what docker stack deploy sends',
  { skip: SKIP || (!fs.existsSync('/usr/local/bin/docker') && !fs.existsSync('/usr/bin/docker')) },
  () => {
    let client: StackClient;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-parity-'));
    const file = path.join(tmp, 'stack.yml');

    before(async () => {
      client = StackClient.fromEnvironment({ host: HOST }, { timeoutMs: 20_000 });
      await makeStandin(HOST!);
      fs.writeFileSync(path.join(tmp, 'c1.txt'), 'hello\n');
      fs.writeFileSync(
        file,
        [
          'version: "3.8"',
          'services:',
          '  app:',
          `    image: ${STANDIN}`,
          '    command: ["sleep", "3600"]',
          '    restart: "no"',
          '    cap_add: [net_admin, SYS_TIME]',
          '    cap_drop: [chown]',
          '    configs: [c1]',
          'configs:',
          '  c1:',
          '    file: ./c1.txt',
        ].join('\n') + '\n',
      );
    });
    after(async () => {
      if (!client) return;
      await removeStack(client, OURS).catch(() => undefined);
      await removeStack(client, THEIRS).catch(() => undefined);
      client.dispose();
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    it('same config target, capabilities and restart policy', async () => {
      let err = '';
      const code = await deployCmd(['--stack', OURS, '--yes', '--timeout', '60', file], {
        stdout: () => undefined,
        stderr: (s) => {
          err += s;
        },
        env: { ...process.env, DOCKER_HOST: HOST },
      });
      assert.equal(code, 0, err);
      await exec('docker', ['stack', 'deploy', '--resolve-image', 'never', '-c', file, THEIRS], { env: { ...process.env, DOCKER_HOST: HOST } });
      const spec = async (stack: string) => {
        const [svc] = await client.listServices({ filters: { name: [`${stack}_app`] } });
        const t = svc.Spec!.TaskTemplate!;
        return {
          configs: t.ContainerSpec?.Configs?.map((c) => ({ ...c.File })),
          capAdd: t.ContainerSpec?.CapabilityAdd,
          capDrop: t.ContainerSpec?.CapabilityDrop,
          restart: t.RestartPolicy,
        };
      };
      assert.deepEqual(await spec(OURS), await spec(THEIRS));
      assert.deepEqual((await spec(OURS)).configs, [{ Name: 'c1', UID: '0', GID: '0', Mode: 0o444 }]);
    });
  },
);
