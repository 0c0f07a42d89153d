// `mender-swarm rollback` and `mender-swarm force-update` on the real harness swarm, in-process, against one
// small service of a stack (so --stack and short names are exercised too). Cleans up after itself.
//   eval "$(node --import tsx test/harness/swarm-cli.ts up --multi)"
//   node --import tsx --test test/docker/service-update.test.ts
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { run as forceUpdateCmd } from '../../src/cli/commands/forceUpdate';
import { run as rollbackCmd } from '../../src/cli/commands/rollback';
import { LABEL_NAMESPACE, type ServiceSpec } from '../../src/core/deploy/engine';
import { StackClient, updateWithRetry } from '../../src/docker/stacks';
import { BASE_IMAGE } from '../harness/swarm';
import { testSwarm, cliRunner } from '../harness/testSwarm';

const { host: HOST, skip: SKIP } = testSwarm();

const STACK = `msu${process.pid % 100000}`;
const NAME = `${STACK}_web`;
const ENV = { ...process.env, DOCKER_HOST: HOST ?? '' };

const cli = cliRunner(ENV);

const envOf = (spec: ServiceSpec | undefined): string[] => spec?.TaskTemplate?.ContainerSpec?.Env ?? [];

describe('rollback and force-update on a real swarm', { skip: SKIP }, () => {
  let client: StackClient;
  let id = '';

  before(async () => {
    client = StackClient.fromEnvironment({ host: HOST }, { timeoutMs: 20_000 });
    for (const s of await client.listServices({ filters: { name: [NAME] } })) if (s.Spec?.Name === NAME) await client.removeService(s.ID);
    ({ ID: id } = await client.createServiceAuth(
      {
        Name: NAME,
        Labels: { [LABEL_NAMESPACE]: STACK },
        Mode: { Replicated: { Replicas: 2 } },
        TaskTemplate: {
          ContainerSpec: {
            Image: BASE_IMAGE,
            Command: ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1; done'],
            Env: ['VERSION=1'],
            StopGracePeriod: 1e9,
          },
          RestartPolicy: { Condition: 'any', Delay: 1e9 },
        },
        UpdateConfig: { Parallelism: 2, Delay: 0, Order: 'stop-first' },
        RollbackConfig: { Parallelism: 2, Delay: 0, Order: 'stop-first' },
      },
      undefined,
    ));
  });
  after(async () => {
    if (!client) return;
    if (id) await client.removeService(id).catch(() => undefined);
    client.dispose();
  });

  it('refuses to roll back a service that was never updated (exit 1, nothing changed)', async () => {
    const r = await cli(rollbackCmd, ['--stack', STACK, 'web']);
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.err, new RegExp(`${NAME}: no previous spec to roll back to`));
    const r2 = await cli(rollbackCmd, ['--stack', STACK, 'nosuch']);
    assert.equal(r2.code, 1);
    assert.match(r2.err, new RegExp(`no service "nosuch" in stack "${STACK}"`));
  });

  it('rolls an updated service back to its previous spec and waits until its tasks run', { timeout: 120_000 }, async () => {
    await updateWithRetry(client, id, (spec) => {
      spec.TaskTemplate = { ...spec.TaskTemplate, ContainerSpec: { ...spec.TaskTemplate?.ContainerSpec, Env: ['VERSION=2'] } };
      return spec;
    });
    assert.deepEqual(envOf((await client.inspectService(id)).Spec as ServiceSpec), ['VERSION=2']);
    const r = await cli(rollbackCmd, ['--stack', STACK, '--timeout', '90', 'web']);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, new RegExp(`${NAME}: rollback started`));
    assert.match(r.out, new RegExp(`${NAME}: rolled back, 2/2 running`));
    const svc = await client.inspectService(id);
    assert.deepEqual(envOf(svc.Spec as ServiceSpec), ['VERSION=1']);
    assert.equal(svc.UpdateStatus?.State, 'rollback_completed');
    const running = await client.listTasks({ service: [id], 'desired-state': ['running'] });
    assert.equal(running.filter((t) => t.Status?.State === 'running').length, 2);
  });

  it('force-updates by full name: same spec, every task replaced, ForceUpdate counter up', { timeout: 120_000 }, async () => {
    const before = await client.inspectService(id);
    const oldTasks = new Set((await client.listTasks({ service: [id], 'desired-state': ['running'] })).map((t) => t.ID));
    const r = await cli(forceUpdateCmd, ['--timeout', '90', NAME]);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, new RegExp(`${NAME}: force-updated, 2/2 running`));
    const after = await client.inspectService(id);
    assert.equal(after.Spec?.TaskTemplate?.ForceUpdate, (before.Spec?.TaskTemplate?.ForceUpdate ?? 0) + 1);
    assert.deepEqual(envOf(after.Spec as ServiceSpec), ['VERSION=1'], 'the spec itself is unchanged');
    assert.equal(after.UpdateStatus?.State, 'completed');
    const now = (await client.listTasks({ service: [id], 'desired-state': ['running'] })).filter((t) => t.Status?.State === 'running');
    assert.equal(now.length, 2);
    for (const t of now) assert.ok(!oldTasks.has(t.ID), `task ${t.ID} was not replaced`);
  });

  it('--detach returns once the update is started', async () => {
    const r = await cli(forceUpdateCmd, ['--stack', STACK, '--detach', 'web']);
    assert.equal(r.code, 0, r.out + r.err);
    assert.equal(r.out, `${NAME}: force update started\n`);
  });
});
