// An engine killed mid-deploy, restarted, then a second deploy converges with no duplicate service or network
// (issue 5). SIGKILLs the harness manager's dockerd after the first few service creates, so it needs the
// harness swarm itself (not any swarm) and root:
//   eval "$(node --import tsx test/harness/swarm-cli.ts up --multi)"
//   node --import tsx --test test/docker/deploy-interrupt.test.ts
// The manager is always restarted (nodes Ready, worker Active) before the test ends, also when it fails.
// Images: the seed file as written with every image mapped to a stand-in, as test/docker/deploy.test.ts does.
// Published ports are dropped from the desired specs so this can run while deploy.test.ts holds 8080/9000.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { errorText } from '../../src/cli/commands/common';
import { convertProject, type DesiredStack } from '../../src/core/deploy/convert';
import { LABEL_NAMESPACE } from '../../src/core/deploy/engine';
import { parseImageMapping, type ImageMapping } from '../../src/core/deploy/units';
import { loadProject } from '../../src/core/manifest/project';
import { deployStack } from '../../src/docker/deploy';
import { EngineError } from '../../src/docker/errors';
import { removeStack, StackClient } from '../../src/docker/stacks';
import { BASE_IMAGE, findRunningSwarm, type SwarmHandle } from '../harness/swarm';
import { HOW, makeStandin, STANDIN, testSwarm } from '../harness/testSwarm';

const { host: HOST, workerHost: WORKER_HOST, skip: SKIP } = testSwarm();

const SEED = path.join(__dirname, '..', 'fixtures', 'seed-2016', 'docker-compose.yml');
const STACK = `msi${process.pid % 100000}`;

/** Reject with `what` if `p` has not settled within `ms` (a deploy against a dead engine must not hang). */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

function seedStack(stack: string): DesiredStack {
  const desired = convertProject(loadProject({ files: [SEED], stackName: stack }), { imageMap: [parseImageMapping(`*=${STANDIN}`) as ImageMapping] });
  for (const s of desired.services) if (s.spec.EndpointSpec?.Ports) s.spec.EndpointSpec.Ports = [];
  return desired;
}

describe('a deploy interrupted by an engine crash', { skip: SKIP }, () => {
  let client: StackClient;
  let swarm: SwarmHandle | undefined;

  before(async () => {
    swarm = await findRunningSwarm();
    assert.ok(swarm, `no harness swarm found under the harness base dir; this test kills the harness's own engine. ${HOW}`);
    assert.equal(swarm.dockerHost, HOST, `MENDER_SWARM_TEST_DOCKER_HOST (${HOST}) is not the harness manager (${swarm.dockerHost})`);
    client = StackClient.fromEnvironment({ host: HOST }, { timeoutMs: 20_000 });
    await Promise.all([HOST!, ...(WORKER_HOST ? [WORKER_HOST] : [])].map(makeStandin));
    await removeStack(client, STACK);
  });
  after(async () => {
    // Whatever happened, leave the engine running and the swarm healthy for the other tests.
    await swarm?.restartManager();
    if (!client) return;
    await removeStack(client, STACK).catch(() => undefined);
    client.dispose();
  });

  it('fails clearly when the engine dies, then a second deploy converges with one service and one network per name', { timeout: 360_000 }, async (t) => {
    const desired = seedStack(STACK);
    const label = { label: [`${LABEL_NAMESPACE}=${STACK}`] };
    let creates = 0;
    let killing: Promise<void> | undefined;
    let engineDown = false;
    try {
      // 1. Deploy, two services at a time; SIGKILL the manager's dockerd as the fourth create is sent.
      const t0 = Date.now();
      const first = deployStack(client, desired, {
        concurrency: 2,
        timeoutMs: 60_000,
        progress: (e) => {
          if (e.phase === 'services' && ++creates === 4 && !killing) {
            engineDown = true;
            killing = swarm!.killManager();
          }
        },
      });
      const err = await within(
        first.then(
          () => undefined,
          (e: unknown) => e,
        ),
        60_000,
        'the deploy against a killed engine',
      );
      t.diagnostic(`first deploy failed ${Date.now() - t0} ms after it started: ${errorText(err)}`);
      assert.ok(killing, `the engine was never killed: only ${creates} service creates were sent`);
      await killing;
      assert.ok(err instanceof Error, `the first deploy should fail once the engine is killed, it ${err === undefined ? 'succeeded' : `threw ${String(err)}`}`);
      // What the CLI prints (`mender-swarm: <errorText>`) must say the engine is gone, not just "socket hang up".
      const text = errorText(err);
      assert.match(text, /creating service|updating service|creating network/, text);
      const cause = err.cause;
      assert.ok(cause instanceof EngineError && (cause.kind === 'unreachable' || cause.kind === 'timeout'), `cause: ${String(cause)}`);
      assert.ok(text.includes(`the Docker engine at ${client.description.label}`), text);
      assert.match(text, /the daemon stopped or restarted/, text);

      // 2. Restart the engine; the swarm comes back from its raft state with what landed before the kill.
      const t1 = Date.now();
      await swarm!.restartManager();
      engineDown = false;
      t.diagnostic(`manager restarted and healthy in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
      const partial = await client.listServices({ filters: label });
      t.diagnostic(`after the crash: ${partial.length} of ${desired.services.length} services exist`);
      assert.ok(partial.length < desired.services.length, `the kill came too late: all ${partial.length} services exist`);

      // 3. Deploy again: creates only what is missing and converges.
      const again = await within(deployStack(client, desired, { timeoutMs: 150_000 }), 200_000, 'the second deploy');
      const notConverged = again.convergence?.services.filter((s) => s.state !== 'converged') ?? [];
      assert.equal(again.convergence?.converged, true, `not converged: ${JSON.stringify(notConverged)}`);
      t.diagnostic(
        `second deploy: ${again.applied?.created.length} created, ${again.applied?.updated.length} updated, ${again.applied?.unchanged.length} unchanged`,
      );

      // 4. Exactly one service per name and one network per name.
      const services = await client.listServices({ filters: label });
      const names = services.map((s) => s.Spec?.Name ?? '').sort();
      assert.deepEqual(names, desired.services.map((s) => s.fullName).sort(), 'one service per desired name, nothing else');
      const byName = await Promise.all(
        desired.services.map(async (s) => (await client.listServices({ filters: { name: [s.fullName] } })).filter((x) => x.Spec?.Name === s.fullName).length),
      );
      assert.deepEqual(
        byName,
        desired.services.map(() => 1),
        'no second service of a name without the stack label',
      );
      const nets = await client.listNetworks(label);
      const netNames = nets.map((n) => n.Name);
      assert.equal(new Set(netNames).size, netNames.length, `duplicate networks: ${netNames.join(', ')}`);
      const wanted = desired.networks.filter((n) => n.create).map((n) => n.fullName);
      assert.ok(wanted.length > 0);
      for (const n of wanted) {
        const same = (await client.listNetworks({ name: [n] })).filter((x) => x.Name === n);
        assert.equal(same.length, 1, `network ${n}: ${same.length} copies`);
      }

      // 5. Converged means running: every service at its count.
      const tasks = await client.listTasks({ ...label, 'desired-state': ['running'] });
      assert.equal(tasks.filter((x) => x.Status?.State === 'running').length, desired.services.length);
    } finally {
      if (engineDown || killing) {
        await killing?.catch(() => undefined);
        await swarm!.restartManager();
      }
      const r = await removeStack(client, STACK);
      assert.deepEqual(r.errors, [], 'stack removal');
    }
  });
});
