// Issue #12: a scratch engine (not in the swarm) joins the harness swarm as a worker through its own API, is Ready,
// gets a label and loses it, and is removed again (drained, left, removed). Before it has a network link, its
// join fails as "cannot reach the manager" and leaves it as it was; joined, a second join says "already in a swarm".
//   eval "$(node --import tsx test/harness/swarm-cli.ts up --multi)"
//   flock /tmp/msw-tests.lock node --import tsx --test test/docker/nodes.test.ts
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { joinNode, NodeActionError, removeNode, setNodeLabel, StackClient } from '../../src/docker';
import { SCRATCH_ADDR, startScratchEngine, type ScratchEngine } from '../harness/swarm';
import { testSwarm } from '../harness/testSwarm';

const { host: HOST, skip: SKIP } = testSwarm();

describe('add and remove a node', { skip: SKIP }, () => {
  let manager: StackClient;
  let scratch: ScratchEngine | undefined;
  let joiner: StackClient;
  let nodeId = '';

  before(async () => {
    manager = StackClient.fromEnvironment({ host: HOST }, { timeoutMs: 20_000 });
    scratch = await startScratchEngine({ hostname: 'msoscratch' });
    joiner = StackClient.fromEnvironment({ host: scratch.dockerHost }, { timeoutMs: 20_000 });
  });
  after(async () => {
    if (nodeId) await manager.removeNode(nodeId, true).catch(() => undefined);
    joiner?.dispose();
    await scratch?.stop();
    manager?.dispose();
  });

  it('a join to an unreachable manager fails clearly and leaves the engine out of any swarm', async () => {
    await assert.rejects(
      joinNode(manager, joiner, { role: 'worker' }),
      (e: Error) => e instanceof NodeActionError && /cannot reach the manager at .*:2377/.test(e.message),
    );
    assert.equal((await joiner.info()).Swarm?.LocalNodeState, 'inactive');
  });

  it('joins as a worker, Ready; labels added and removed; a second join refused; removed again', async () => {
    await scratch!.connect();
    const steps: string[] = [];
    const node = await joinNode(manager, joiner, { role: 'worker', advertiseAddr: SCRATCH_ADDR, progress: (m) => steps.push(m) });
    nodeId = node.ID;
    assert.equal(node.Status?.State, 'ready');
    assert.equal(node.Spec?.Role, 'worker');
    assert.equal(node.Description?.Hostname, 'msoscratch');
    assert.ok(
      steps.some((s) => /joins as worker through/.test(s)),
      steps.join('\n'),
    );

    await setNodeLabel(manager, nodeId, 'msotest.zone', 'a');
    assert.equal((await manager.inspectNode(nodeId)).Spec?.Labels?.['msotest.zone'], 'a');
    await setNodeLabel(manager, nodeId, 'msotest.zone', undefined);
    assert.equal((await manager.inspectNode(nodeId)).Spec?.Labels?.['msotest.zone'], undefined);
    await assert.rejects(setNodeLabel(manager, nodeId, 'bad key', 'x'), /not a label key/);

    await assert.rejects(joinNode(manager, joiner, { role: 'worker' }), /already in a swarm \(active/);

    await removeNode(manager, nodeId, { nodeEngine: joiner, progress: (m) => steps.push(m) });
    assert.ok(steps.includes('draining msoscratch'), steps.join('\n'));
    assert.equal(
      (await manager.listNodes()).some((n) => n.ID === nodeId),
      false,
    );
    assert.equal((await joiner.info()).Swarm?.LocalNodeState, 'inactive');
    nodeId = '';
  });

  it('a manager is not removed: demote first', async () => {
    const self = (await manager.info()).Swarm!.NodeID!;
    await assert.rejects(removeNode(manager, self), /is a manager: demote it/);
  });
});
