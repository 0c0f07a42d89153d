// `--stack` bounds every service lookup of scale / rollback / force-update (issue #9, part 7): two stacks with a
// same-named service on the real harness swarm; naming the other stack's service (full name or id) under
// `--stack` is refused and changes nothing. Cleans up after itself.
//   eval "$(node --import tsx test/harness/swarm-cli.ts up --multi)"
//   node --import tsx --test test/docker/stack-bound.test.ts
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { run as forceUpdateCmd } from '../../src/cli/commands/forceUpdate';
import { run as rollbackCmd } from '../../src/cli/commands/rollback';
import { run as scaleCmd } from '../../src/cli/commands/scale';
import { LABEL_NAMESPACE } from '../../src/core/deploy/engine';
import { StackClient } from '../../src/docker/stacks';
import { BASE_IMAGE } from '../harness/swarm';
import { testSwarm, cliRunner } from '../harness/testSwarm';

const { host: HOST, skip: SKIP } = testSwarm();

const A = `seca${process.pid % 100000}`;
const B = `secb${process.pid % 100000}`;
const ENV = { ...process.env, DOCKER_HOST: HOST ?? '' };

const cli = cliRunner(ENV);

describe('--stack bounds service lookups on a real swarm', { skip: SKIP }, () => {
  let client: StackClient;
  const ids: Record<string, string> = {};

  before(async () => {
    client = StackClient.fromEnvironment({ host: HOST }, { timeoutMs: 20_000 });
    for (const stack of [A, B]) {
      const name = `${stack}_web`;
      for (const s of await client.listServices({ filters: { name: [name] } })) if (s.Spec?.Name === name) await client.removeService(s.ID);
      ({ ID: ids[stack] } = await client.createServiceAuth(
        {
          Name: name,
          Labels: { [LABEL_NAMESPACE]: stack },
          Mode: { Replicated: { Replicas: 0 } },
          TaskTemplate: { ContainerSpec: { Image: BASE_IMAGE, Command: ['sleep', '3600'] } },
        },
        undefined,
      ));
    }
  });
  after(async () => {
    if (!client) return;
    for (const id of Object.values(ids)) await client.removeService(id).catch(() => undefined);
    client.dispose();
  });

  const versionOf = async (stack: string): Promise<number> => (await client.inspectService(ids[stack])).Version?.Index ?? -1;

  it("scale, rollback and force-update refuse the other stack's service by full name or id, and leave it alone", async () => {
    const before = await versionOf(B);
    for (const target of [`${B}_web`, ids[B]]) {
      const s = await cli(scaleCmd, ['--stack', A, '--detach', `${target}=1`]);
      assert.equal(s.code, 1, s.out + s.err);
      assert.match(s.err, new RegExp(`no service "${target}" in stack "${A}"`));
      assert.match(s.err, new RegExp(`belongs to stack "${B}"`));
      const f = await cli(forceUpdateCmd, ['--stack', A, '--detach', target]);
      assert.equal(f.code, 1, f.out + f.err);
      assert.match(f.err, new RegExp(`no service "${target}" in stack "${A}"`));
      const r = await cli(rollbackCmd, ['--stack', A, '--detach', target]);
      assert.equal(r.code, 1, r.out + r.err);
      assert.match(r.err, new RegExp(`no service "${target}" in stack "${A}"`));
    }
    assert.equal(await versionOf(B), before, `${B}_web was not touched`);
    assert.equal((await client.inspectService(ids[B])).Spec?.Mode?.Replicated?.Replicas, 0);
  });

  it("the short name and the own full name still find the stack's own service", async () => {
    const s = await cli(scaleCmd, ['--stack', A, '--detach', 'web=0']);
    assert.equal(s.code, 0, s.out + s.err);
    assert.match(s.out, new RegExp(`${A}_web scaled to 0`));
    const f = await cli(forceUpdateCmd, ['--stack', A, '--detach', `${A}_web`]);
    assert.equal(f.code, 0, f.out + f.err);
    const b = await client.inspectService(ids[B]);
    assert.equal(b.Spec?.TaskTemplate?.ForceUpdate ?? 0, 0, 'the other stack was not force-updated');
  });
});
