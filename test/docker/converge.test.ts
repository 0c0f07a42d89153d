// Convergence must not be fooled by a crash loop: between restarts a failing task shows "running" for a moment.
//   eval "$(node --import tsx test/harness/swarm-cli.ts up --multi)"; node --import tsx --test test/docker/converge.test.ts
import * as assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { waitForConvergence } from '../../src/docker/deploy';
import { StackClient, updateWithRetry } from '../../src/docker/stacks';
import type { ServiceSpec } from '../../src/docker/types';
import { BASE_IMAGE } from '../harness/swarm';
import { testSwarm } from '../harness/testSwarm';

const { host: HOST, skip: SKIP } = testSwarm();

describe('convergence on the real swarm', { skip: SKIP }, () => {
  const client = HOST ? StackClient.fromEnvironment({ host: HOST }) : undefined;
  const created: string[] = [];
  const service = async (name: string, script: string): Promise<{ name: string; fullName: string; id: string }> => {
    const { ID } = await client!.createService({
      Name: name,
      Labels: { 'mender-swarm.test': 'converge' },
      TaskTemplate: {
        ContainerSpec: { Image: BASE_IMAGE, Command: ['sh', '-c', script], Init: true, StopGracePeriod: 1e9 },
        RestartPolicy: { Condition: 'any', Delay: 0.2e9 },
      },
      Mode: { Replicated: { Replicas: 1 } },
    });
    created.push(ID);
    return { name, fullName: name, id: ID };
  };
  after(async () => {
    for (const id of created) await client!.removeService(id).catch(() => undefined);
    client?.dispose();
  });

  it('reports a crash-looping service as failed with its error, not as converged', async () => {
    const s = await service(`msw-crashloop-${process.pid}`, 'echo starting; sleep 0.5; echo giving up >&2; exit 3');
    const r = await waitForConvergence(client!, [s], { timeoutMs: 60_000, since: new Date(Date.now() - 2000), settleMs: 3000 });
    const o = r.services[0];
    assert.equal(r.converged, false);
    assert.equal(o.state, 'failed', JSON.stringify(o));
    assert.match(o.error ?? '', /non-zero exit \(3\)/);
    assert.equal(o.exitCode, 3);
  });

  it('reports a steady service as converged after it has stayed up', async () => {
    const s = await service(`msw-steady-${process.pid}`, 'trap "exit 0" TERM; while :; do sleep 1; done');
    const t0 = Date.now();
    const r = await waitForConvergence(client!, [s], { timeoutMs: 60_000, settleMs: 2000 });
    assert.equal(r.converged, true, JSON.stringify(r.services));
    assert.ok(Date.now() - t0 >= 2000, 'waited for the service to stay up');
  });

  it('an update that loses the race ("update out of sequence") is retried with the current version', async () => {
    const s = await service(`msw-race-${process.pid}`, 'trap "exit 0" TERM; while :; do sleep 1; done');
    // A client whose first read is already stale when it returns: someone else updates the service right after.
    let reads = 0;
    const racing = Object.create(client!) as StackClient;
    racing.inspectService = async (id: string, signal?: AbortSignal) => {
      const svc = await client!.inspectService(id, signal);
      if (++reads === 1)
        await client!.updateService(id, svc.Version!.Index!, { ...(svc.Spec as ServiceSpec), Labels: { ...svc.Spec!.Labels, other: 'writer' } });
      return svc;
    };
    const ok = await updateWithRetry(racing, s.id, (spec) => ({ ...spec, Labels: { ...spec.Labels, ours: 'yes' } }), { attempts: 5 });
    assert.equal(ok, true);
    assert.ok(reads >= 2, 'the stale first write was refused and the update read the service again');
    const final = await client!.inspectService(s.id);
    assert.equal(final.Spec?.Labels?.ours, 'yes', 'our change landed');
    assert.equal(final.Spec?.Labels?.other, 'writer', "the other writer's change was kept, not overwritten");
  });
});
