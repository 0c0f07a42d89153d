// The explorer model against the real harness swarm: what the tree shows for real engine answers, node
// actions, a node going Down, and the problem rows for engines that cannot answer.
//   eval "$(node --import tsx test/harness/swarm-cli.ts up --multi)"
//   node --import tsx --test test/docker/explorer-model.test.ts
// Under CI a missing engine fails; locally the suite is skipped.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  buildExplorerTree,
  fetchSnapshot,
  formatLogLine,
  logNamesFromSnapshot,
  SwarmStateProblem,
  walkRows,
  type ExplorerRow,
  type SwarmReader,
  type SwarmSnapshot,
} from '../../src/core/explorer';
import { EngineError, SwarmClient, type LogRecord, type ServiceSpec } from '../../src/docker/index';
import { changeNode, swarmReader } from '../../src/docker/explorer';
import { BASE_IMAGE, findRunningSwarm, WORKER_HOSTNAME, type SwarmHandle } from '../harness/swarm';
import { waitFor } from '../harness/testSwarm';

const HOST = process.env.MENDER_SWARM_TEST_DOCKER_HOST;
const WORKER_HOST = process.env.MENDER_SWARM_TEST_WORKER_DOCKER_HOST;
const HOW = 'Docker tests need a swarm: eval "$(node --import tsx test/harness/swarm-cli.ts up --multi)"';
const SKIP = HOST ? false : `MENDER_SWARM_TEST_DOCKER_HOST not set. ${HOW}`;
const SKIP_MULTI = SKIP || (WORKER_HOST ? false : 'needs the two-node harness (up --multi)');

if (!HOST && process.env.CI) {
  it('has a test swarm', () => assert.fail(`MENDER_SWARM_TEST_DOCKER_HOST is not set on CI. ${HOW}`));
}

const RUN_LABEL = 'mender-swarm.test-run';
const RUN = `${process.pid}-${Date.now().toString(36)}`;
const NAME = (s: string): string => `msw-x-${s}-${RUN}`.slice(0, 60);

function spec(name: string, script: string, extra: Partial<ServiceSpec> = {}, restart?: { maxAttempts: number }): ServiceSpec {
  return {
    Name: NAME(name),
    Labels: { [RUN_LABEL]: RUN },
    TaskTemplate: {
      ContainerSpec: { Image: BASE_IMAGE, Command: ['sh', '-c', script], Init: true, StopGracePeriod: 500_000_000 },
      RestartPolicy: restart ? { Condition: 'on-failure', Delay: 100_000_000, MaxAttempts: restart.maxAttempts } : { Condition: 'any', Delay: 100_000_000 },
    },
    Mode: { Replicated: { Replicas: 1 } },
    EndpointSpec: { Mode: 'dnsrr' },
    ...extra,
  };
}

/** A reader that counts requests: the refresh must cost a constant number of them. */
function counting(reader: SwarmReader, calls: string[]): SwarmReader {
  const wrap =
    <T>(name: string, fn: (s?: AbortSignal) => Promise<T>) =>
    (s?: AbortSignal): Promise<T> => {
      calls.push(name);
      return fn(s);
    };
  return {
    info: wrap('info', reader.info),
    nodes: wrap('nodes', reader.nodes),
    services: wrap('services', reader.services),
    tasks: wrap('tasks', reader.tasks),
    networks: wrap('networks', reader.networks),
    secrets: reader.secrets && wrap('secrets', reader.secrets),
    configs: reader.configs && wrap('configs', reader.configs),
    volumes: reader.volumes && wrap('volumes', reader.volumes),
  };
}

const group = (tree: ExplorerRow[], label: string): ExplorerRow => {
  const g = tree.find((r) => r.label === label);
  assert.ok(g, `no ${label} group`);
  return g;
};
const serviceRow = (tree: ExplorerRow[], name: string): ExplorerRow | undefined =>
  [...walkRows(group(tree, 'Services').children ?? [])].find((r) => r.kind === 'service' && r.ref?.name === name);
const nodeRow = (tree: ExplorerRow[], hostname: string): ExplorerRow | undefined => group(tree, 'Nodes').children?.find((r) => r.label === hostname);

describe('explorer model on the harness swarm', { skip: SKIP }, () => {
  let client: SwarmClient;
  let reader: SwarmReader;
  const tree = async (): Promise<{ snap: SwarmSnapshot; rows: ExplorerRow[] }> => {
    const snap = await fetchSnapshot(reader, { networks: true });
    return { snap, rows: buildExplorerTree(snap) };
  };

  before(() => {
    client = SwarmClient.fromEnvironment({ host: HOST }, { timeoutMs: 5000 });
    reader = swarmReader(client);
  });

  after(async () => {
    if (!client) return;
    const mine = await client.listServices({ filters: { label: [`${RUN_LABEL}=${RUN}`] } });
    await Promise.all(mine.map((s) => client.removeService(s.ID)));
    client.dispose();
  });

  it('a refresh costs 4 calls (8 with networks, secrets, configs and volumes) and shows every group', async () => {
    const calls: string[] = [];
    const snap = await fetchSnapshot(counting(reader, calls));
    assert.deepEqual([...calls].sort(), ['info', 'nodes', 'services', 'tasks']);
    const rows = buildExplorerTree(snap);
    assert.deepEqual(
      rows.map((r) => r.label),
      ['Swarm', 'Nodes', 'Services', 'Networks', 'Secrets', 'Configs', 'Volumes'],
    );
    assert.equal(rows[0].children?.find((r) => r.label === 'Cluster ID')?.description, snap.info.Swarm?.Cluster?.ID);
    assert.match(rows[0].children?.find((r) => r.label === 'Root CA expires')?.description ?? '', /^\d{4}-\d\d-\d\d \(in /);
    calls.length = 0;
    const withNets = await fetchSnapshot(counting(reader, calls), { networks: true });
    assert.deepEqual([...calls].sort(), ['configs', 'info', 'networks', 'nodes', 'secrets', 'services', 'tasks', 'volumes']);
    const nets = buildExplorerTree(withNets)[3].children ?? [];
    assert.ok(nets.some((n) => n.label === 'ingress'));
    assert.ok(
      nets.every((n) => !['bridge', 'host', 'none'].includes(n.label)),
      'only swarm-scoped networks',
    );
  });

  it('nodes: the manager (leader) and worker1, with engine version and address', { skip: SKIP_MULTI }, async () => {
    const { rows } = await tree();
    const nodes = group(rows, 'Nodes').children ?? [];
    assert.equal(nodes.length, 2);
    assert.match(nodes[0].description ?? '', /^manager, leader · ready · active · 20\.10\.\S+ · 10\.200\.0\.1 · /);
    const worker = nodeRow(rows, WORKER_HOSTNAME);
    assert.ok(worker);
    assert.match(worker.description ?? '', /^worker · ready · active · \S+ · 10\.200\.0\.2 · /);
    assert.match(worker.contextValue, /^node worker ready active$/);
  });

  it('a service that always exits 1 with a restart limit shows its failed tasks like the seed api-gateway', async () => {
    const { ID } = await client.createService(spec('gateway', 'echo "ERROR no upstream"; exit 1', {}, { maxAttempts: 2 }));
    const name = NAME('gateway');
    // Initial attempt + 2 restarts, then the orchestrator gives up.
    const row = await waitFor('three failed tasks', async () => {
      const { rows } = await tree();
      const r = serviceRow(rows, name);
      const slot = r?.children?.[0];
      const all = slot ? [slot, ...(slot.children ?? [])] : [];
      return all.length === 3 && all.every((t) => /^task failed/.test(t.contextValue)) ? r : undefined;
    });
    assert.match(row.description ?? '', /^0\/1 · local\/busybox:1 · 3 failed$/);
    assert.match(row.contextValue, /\bdegraded\b/);
    const slot = row.children?.[0];
    assert.ok(slot);
    assert.equal(slot.label, `${name}.1`);
    for (const t of [slot, ...(slot.children ?? [])]) {
      assert.match(t.description ?? '', /^Failed .* ago · \S+ · task: non-zero exit \(1\) · exit code 1/);
    }
    // The node the task ran on lists it too (docker node ps).
    const snap = await fetchSnapshot(reader);
    const task = snap.tasks.find((t) => t.ServiceID === ID);
    const host = snap.nodes.find((n) => n.ID === task?.NodeID)?.Description?.Hostname ?? '';
    const onNode = [...walkRows(nodeRow(buildExplorerTree(snap), host)?.children ?? [])].filter((r) => r.ref?.name === `${name}.1`);
    assert.equal(onNode.filter((r) => r.id.endsWith(task?.ID ?? '?')).length, 1);

    // Its logs through the manager, demultiplexed and formatted like `docker service logs`.
    const records: LogRecord[] = [];
    for await (const r of client.serviceLogs(ID, { tail: 'all', timestamps: true, details: true })) records.push(r);
    const lines = records.map((r) => formatLogLine(r, logNamesFromSnapshot(snap), { timestamps: true }));
    assert.ok(lines.length >= 1, 'some log lines');
    assert.match(lines[0], new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\S+ ${name}\\.1\\.[a-z0-9]{12}@\\S+ \\| ERROR no upstream$`));
  });

  it('drain moves the tasks off worker1; activate lets them back', { skip: SKIP_MULTI }, async () => {
    const name = NAME('spread');
    await client.createService(spec('spread', 'sleep 100000', { Mode: { Replicated: { Replicas: 2 } } }));
    const worker = await waitFor('a task running on worker1', async () => {
      const { rows } = await tree();
      const w = nodeRow(rows, WORKER_HOSTNAME);
      return w?.children?.some((t) => t.ref?.name.startsWith(`${name}.`) && /^task running current/.test(t.contextValue)) ? w : undefined;
    });
    const workerId = worker.ref?.id ?? '';
    try {
      await changeNode(client, workerId, 'drain');
      const { rows } = await waitFor('tasks moved off worker1', async () => {
        const t = await tree();
        const w = nodeRow(t.rows, WORKER_HOSTNAME);
        const runningHere = w?.children?.filter((r) => r.ref?.name.startsWith(`${name}.`) && /^task running/.test(r.contextValue)) ?? [];
        const svc = serviceRow(t.rows, name);
        return /\bdrain\b/.test(w?.contextValue ?? '') && runningHere.length === 0 && /^2\/2 /.test(svc?.description ?? '') ? t : undefined;
      });
      assert.match(nodeRow(rows, WORKER_HOSTNAME)?.description ?? '', /^worker · ready · drain · /);
      // The slot that was on worker1 keeps its shut-down task as history under the new current task.
      const svc = serviceRow(rows, name);
      const moved = svc?.children?.find((slot) => (slot.children ?? []).some((h) => h.description?.includes(WORKER_HOSTNAME)));
      assert.ok(moved, 'a slot with history on worker1');
      assert.match(moved.description ?? '', /^Running /);
    } finally {
      await changeNode(client, workerId, 'activate');
    }
    const { rows } = await tree();
    assert.match(nodeRow(rows, WORKER_HOSTNAME)?.description ?? '', /^worker · ready · active · /);
  });

  it('a worker whose dockerd is killed shows Down, and Ready again after a restart', { skip: SKIP_MULTI, timeout: 120_000 }, async () => {
    const handle: SwarmHandle | undefined = await findRunningSwarm();
    assert.ok(handle?.multi, 'the harness handle (state in MENDER_SWARM_HARNESS_DIR or /tmp/msw)');
    const t0 = Date.now();
    await handle.killWorker();
    try {
      const row = await waitFor(
        'worker1 down',
        async () => {
          const r = nodeRow((await tree()).rows, WORKER_HOSTNAME);
          return /\bdown\b/.test(r?.contextValue ?? '') ? r : undefined;
        },
        40_000,
      );
      const seconds = (Date.now() - t0) / 1000;
      assert.match(row.description ?? '', /^worker · down · active · /);
      assert.equal(row.icon?.id, 'debug-disconnect');
      assert.match(group((await tree()).rows, 'Nodes').description ?? '', /1 not ready/);
      process.stderr.write(`# worker1 shown down after ${seconds.toFixed(1)} s\n`);
    } finally {
      await handle.restartWorker();
    }
    const back = nodeRow((await tree()).rows, WORKER_HOSTNAME);
    assert.match(back?.description ?? '', /^worker · ready · /);
  });
});

describe('explorer problems from real engines', { skip: SKIP }, () => {
  it('the worker engine: a "worker" problem with the daemon words', { skip: SKIP_MULTI }, async () => {
    const worker = SwarmClient.fromEnvironment({ host: WORKER_HOST }, { timeoutMs: 5000 });
    try {
      await assert.rejects(fetchSnapshot(swarmReader(worker)), (err: unknown) => {
        assert.ok(err instanceof SwarmStateProblem, String(err));
        assert.equal(err.kind, 'worker');
        assert.match(err.message, /not a swarm manager/);
        return true;
      });
    } finally {
      worker.dispose();
    }
  });

  it('an unreachable engine fails fast with kind "unreachable"', async () => {
    const gone = SwarmClient.fromEnvironment({ host: 'unix:///tmp/msw-no-such-engine.sock' }, { timeoutMs: 3000 });
    const t0 = Date.now();
    try {
      await assert.rejects(fetchSnapshot(swarmReader(gone)), (err: unknown) => err instanceof EngineError && err.kind === 'unreachable');
      assert.ok(Date.now() - t0 < 3000, 'within seconds');
    } finally {
      gone.dispose();
    }
  });
});
