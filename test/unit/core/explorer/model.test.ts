// The explorer's tree model on responses recorded from the real harness swarm
// (test/fixtures/engine/multi: two nodes, a stack with a service that always exits 1 with a restart limit, a
// global service, a host-published port, an update paused on a missing image). Re-record with
//   node --import tsx scripts/record-engine-fixtures.ts multi
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  buildExplorerTree,
  buildProblemRows,
  engineRole,
  fetchSnapshot,
  formatLogLine,
  formatPorts,
  groupBySlot,
  humanDuration,
  imageWithoutDigest,
  logNamesFromSnapshot,
  maskSecrets,
  MASK,
  SwarmStateProblem,
  walkRows,
  type ExplorerRow,
  type SwarmReader,
  type SwarmSnapshot,
  type XInfo,
  type XNetwork,
  type XNode,
  type XService,
  type XTask,
} from '../../../../src/core/explorer';
import { FIXTURES } from '../../helpers';

const DIR = path.join(FIXTURES, 'engine');
const read = <T>(set: string, name: string): T => JSON.parse(fs.readFileSync(path.join(DIR, set, `${name}.json`), 'utf8')) as T;

function snapshot(withNetworks = true): SwarmSnapshot {
  const tasks = read<XTask[]>('multi', 'tasks');
  // Relative times are computed against the last thing that happened, plus two hours, like the seed's output.
  const last = Math.max(...tasks.map((t) => Date.parse(t.Status?.Timestamp ?? '')));
  return {
    info: read<XInfo>('multi', 'info'),
    nodes: read<XNode[]>('multi', 'nodes'),
    services: read<XService[]>('multi', 'services'),
    tasks,
    networks: withNetworks ? read<XNetwork[]>('multi', 'networks') : undefined,
    fetchedAt: last + 2 * 3600_000,
  };
}

const byLabel = (rows: readonly ExplorerRow[] | undefined, label: string): ExplorerRow => {
  const r = rows?.find((x) => x.label === label);
  assert.ok(r, `no row "${label}" in ${rows?.map((x) => x.label).join(', ')}`);
  return r;
};

describe('explorer model: tree from recorded responses', () => {
  const tree = buildExplorerTree(snapshot());

  it('has Swarm, Nodes, Services, Networks, Secrets, Configs and Volumes at the top', () => {
    assert.deepEqual(
      tree.map((r) => r.label),
      ['Swarm', 'Nodes', 'Services', 'Networks', 'Secrets', 'Configs', 'Volumes'],
    );
  });

  it('a swarm with no services offers the two ways to a first stack: New Mender stack and Deploy', () => {
    const empty = buildExplorerTree({ ...snapshot(), services: [], tasks: [] });
    const services = byLabel(empty, 'Services');
    assert.deepEqual(
      services.children?.map((r) => [r.kind, r.label, r.action]),
      [
        ['empty', 'No services', undefined],
        ['action', 'New Mender stack…', 'new-stack'],
        ['action', 'Deploy a stack file…', 'deploy-stack'],
      ],
    );
    // With services, no such rows.
    assert.ok(!byLabel(tree, 'Services').children?.some((r) => r.kind === 'action'));
  });

  it('swarm row: cluster id, counts, raft, dispatcher and CA expiry', () => {
    const swarm = tree[0];
    const info = read<XInfo>('multi', 'info');
    assert.match(swarm.description ?? '', /1 manager, 2 nodes/);
    const detail = (label: string): string => byLabel(swarm.children, label).description ?? '';
    assert.equal(detail('Cluster ID'), info.Swarm?.Cluster?.ID);
    assert.equal(detail('Managers'), '1 of 2 nodes');
    assert.match(detail('Raft'), /snapshot every 10000 entries.*election tick 10, heartbeat tick 1/);
    assert.equal(detail('Dispatcher heartbeat'), '5s');
    assert.equal(detail('Node certificates valid'), '90 days');
    assert.match(detail('Root CA expires'), /^\d{4}-\d\d-\d\d \(in \d+ years\)$/);
  });

  it('nodes: hostname, role, leader, status, availability, engine version, address', () => {
    const nodes = tree[1].children ?? [];
    assert.deepEqual(
      nodes.map((n) => n.label),
      ['vm', 'worker1'].map((h) => (h === 'vm' ? read<XNode[]>('multi', 'nodes').find((n) => n.Spec?.Role === 'manager')?.Description?.Hostname : h)),
    );
    const [manager, worker] = nodes;
    assert.match(manager.description ?? '', /^manager, leader · ready · active · 20\.10\.24\+dfsg1 · 10\.200\.0\.1 · /);
    assert.match(worker.description ?? '', /^worker · ready · active · 20\.10\.24\+dfsg1 · 10\.200\.0\.2 · /);
    assert.match(manager.contextValue, /^node manager leader ready active self$/);
    assert.match(worker.contextValue, /^node worker ready active$/);
    assert.equal(worker.ref?.type, 'node');
    assert.equal(typeof worker.ref?.version, 'number');
  });

  it('node children are the tasks on that node (docker node ps), failed history nested under its slot', () => {
    const worker = byLabel(tree[1].children, 'worker1');
    const gateway = byLabel(worker.children, 'exmender_api-gateway.1');
    assert.match(gateway.description ?? '', /^Failed 2 hours ago · task: non-zero exit \(1\) · exit code 1 · 3 earlier$/);
    assert.equal(gateway.children?.length, 3);
    for (const h of gateway.children ?? []) assert.match(h.contextValue, /^task failed history/);
    // Every task on the node appears once, current or as history.
    const onWorker = snapshot().tasks.filter((t) => t.NodeID === worker.ref?.id).length;
    const shown = [...walkRows(worker.children ?? [])].filter((r) => r.kind === 'task').length;
    assert.equal(shown, onWorker);
  });

  it('services grouped by stack, ungrouped ones after the stacks, short names inside a stack', () => {
    const services = tree[2].children ?? [];
    assert.deepEqual(
      services.map((r) => `${r.kind}:${r.label}`),
      ['stack:exmender', 'service:explorer-loose'],
    );
    assert.deepEqual(
      services[0].children?.map((r) => r.label),
      ['agent', 'api-gateway', 'deviceauth'],
    );
    assert.match(tree[2].description ?? '', /^4 in 1 stack · 2 degraded$/);
  });

  it('service rows: running/desired (global per node), image without digest, published ports, update state', () => {
    const stack = tree[2].children?.[0];
    assert.equal(byLabel(stack?.children, 'agent').description, '2/2 global · local/busybox:1');
    assert.equal(byLabel(stack?.children, 'deviceauth').description, '2/2 · local/busybox:1 · 18080->8080/tcp (host)');
    const loose = byLabel(tree[2].children, 'explorer-loose');
    assert.match(loose.description ?? '', /^0\/1 · local\/nosuch:2 · update paused · \d+ failed$/);
    assert.match(loose.contextValue, /\bupdate-paused\b/);
  });

  it('the always-failing service shows its failed tasks like the seed api-gateway: error, exit code, node', () => {
    const gw = byLabel(tree[2].children?.[0].children, 'api-gateway');
    assert.match(gw.description ?? '', /^0\/1 · local\/busybox:1 · 4 failed$/);
    assert.match(gw.contextValue, /\bdegraded\b/);
    const slot = gw.children?.[0];
    assert.ok(slot);
    assert.equal(slot.label, 'api-gateway.1');
    assert.equal(slot.expanded, true, 'a failing slot opens on its history');
    const all = [slot, ...(slot.children ?? [])];
    assert.equal(all.length, 4, 'initial attempt + 3 restarts');
    for (const t of all) {
      assert.match(t.description ?? '', /^Failed 2 hours ago · worker1 · task: non-zero exit \(1\) · exit code 1/);
      assert.equal(t.icon?.id, 'error');
      assert.match(t.tooltip?.() ?? '', /Exit code \| 1/);
    }
  });

  it('rejected tasks keep the daemon error and show the desired state of the current one', () => {
    const loose = byLabel(tree[2].children, 'explorer-loose');
    const current = loose.children?.[0];
    assert.match(current?.description ?? '', /^Rejected .* · desired ready · No such image: local\/nosuch:2 · \d+ earlier$/);
  });

  it('networks: swarm scope only, driver, attachable, subnets, services attached', () => {
    const nets = tree[3].children ?? [];
    assert.deepEqual(
      nets.map((n) => n.label),
      ['cluster-test', 'exmender_backend', 'ingress'],
    );
    const backend = byLabel(nets, 'exmender_backend');
    assert.equal(backend.description, 'overlay · attachable · 10.77.0.0/24 · 2 services');
    assert.deepEqual(
      backend.children?.map((c) => c.label),
      ['exmender_api-gateway', 'exmender_deviceauth'],
    );
    assert.match(byLabel(nets, 'ingress').description ?? '', /^overlay · ingress · /);
  });

  it('networks not fetched: the group is lazy', () => {
    const t = buildExplorerTree(snapshot(false));
    assert.equal(t[3].lazy, true);
    assert.deepEqual(t[3].children, []);
  });

  it('row ids are unique and stable across rebuilds (expansion and selection survive a refresh)', () => {
    const ids = [...walkRows(tree)].map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    const again = [...walkRows(buildExplorerTree(snapshot()))].map((r) => r.id);
    assert.deepEqual(again, ids);
  });
});

describe('explorer model: snapshot fetching', () => {
  function reader(overrides: Partial<SwarmReader> = {}, calls: string[] = []): SwarmReader {
    const s = snapshot();
    const rec =
      <T>(name: string, value: () => Promise<T>) =>
      (): Promise<T> => {
        calls.push(name);
        return value();
      };
    return {
      info: rec('info', overrides.info ?? (async () => s.info)),
      nodes: rec('nodes', overrides.nodes ?? (async () => s.nodes)),
      services: rec('services', overrides.services ?? (async () => s.services)),
      tasks: rec('tasks', overrides.tasks ?? (async () => s.tasks)),
      networks: rec('networks', overrides.networks ?? (async () => s.networks ?? [])),
    };
  }

  it('costs 4 calls, 5 with networks, whatever the size', async () => {
    const calls: string[] = [];
    await fetchSnapshot(reader({}, calls));
    assert.deepEqual(calls.sort(), ['info', 'nodes', 'services', 'tasks']);
    calls.length = 0;
    const snap = await fetchSnapshot(reader({}, calls), { networks: true });
    assert.equal(calls.length, 5);
    assert.ok(snap.networks);
  });

  it('a worker engine gives a "worker" problem with the daemon words, and no unhandled rejection', async () => {
    const workerInfo = read<XInfo>('worker', 'info');
    assert.equal(engineRole(workerInfo), 'worker');
    const words = "This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state.";
    const fail = async (): Promise<never> => {
      throw new Error(words);
    };
    await assert.rejects(
      fetchSnapshot(reader({ info: async () => workerInfo, nodes: fail, services: fail, tasks: fail })),
      (err: unknown) => err instanceof SwarmStateProblem && err.kind === 'worker' && err.message === words,
    );
  });

  it('not in a swarm, locked: problems from /info', async () => {
    const inactive: XInfo = { Swarm: { LocalNodeState: 'inactive' } };
    await assert.rejects(fetchSnapshot(reader({ info: async () => inactive })), (e: unknown) => e instanceof SwarmStateProblem && e.kind === 'not-swarm');
    assert.equal(engineRole({ Swarm: { LocalNodeState: 'locked' } }), 'locked');
  });

  it('an unreachable engine rethrows the reader error', async () => {
    const boom = new Error('connect ENOENT /nope.sock');
    await assert.rejects(
      fetchSnapshot(
        reader({
          info: async () => {
            throw boom;
          },
          nodes: async () => {
            throw boom;
          },
        }),
      ),
      boom,
    );
  });
});

describe('explorer model: problems, masking, logs, formatting', () => {
  it('problem rows carry the daemon words and the actions that fix them', () => {
    const rows = buildProblemRows({ kind: 'not-swarm', message: 'This node is not a swarm manager.' }, 'unix:///x.sock');
    assert.equal(rows[0].label, 'This engine is not in a swarm');
    assert.equal(rows[0].description, 'This node is not a swarm manager.');
    assert.deepEqual(
      rows.slice(1).map((r) => r.action),
      ['init-swarm', 'configure-engine', 'switch-context', 'retry'],
    );
    const unreachable = buildProblemRows({ kind: 'unreachable', message: 'connect ENOENT' }, 'x');
    assert.equal(unreachable[1].action, 'retry');
    assert.ok(!unreachable.some((r) => r.action === 'init-swarm'));
  });

  it('masks secret-looking env values and join tokens, leaves the rest and the input alone', () => {
    const svc = read<XService[]>('multi', 'services').find((s) => s.Spec?.Name === 'exmender_deviceauth');
    const masked = maskSecrets(svc);
    assert.deepEqual(masked?.Spec?.TaskTemplate?.ContainerSpec?.Env, [`MONGO_PASSWORD=${MASK}`, 'LOG_LEVEL=info']);
    assert.deepEqual(svc?.Spec?.TaskTemplate?.ContainerSpec?.Env, ['MONGO_PASSWORD=hunter2', 'LOG_LEVEL=info']);
    const swarm = maskSecrets(read<{ JoinTokens: { Worker: string; Manager: string } }>('multi', 'swarm'));
    assert.equal(swarm.JoinTokens.Worker, MASK);
    assert.equal(swarm.JoinTokens.Manager, MASK);
  });

  it('formats log lines like docker service logs, names from the snapshot', () => {
    const s = snapshot();
    const task = s.tasks.find(
      (t) => t.Slot === 1 && t.Status?.State === 'running' && t.ServiceID === s.services.find((x) => x.Spec?.Name === 'exmender_deviceauth')?.ID,
    );
    assert.ok(task);
    const line = formatLogLine(
      {
        stream: 'stdout',
        line: 'level=info msg="tick 1"',
        timestamp: '2026-11-25T13:52:35.525092104Z',
        details: { 'com.docker.swarm.node.id': task.NodeID ?? '', 'com.docker.swarm.service.id': task.ServiceID ?? '', 'com.docker.swarm.task.id': task.ID },
      },
      logNamesFromSnapshot(s),
      { timestamps: true },
    );
    assert.equal(line, `2026-11-25T13:52:35.525092104Z exmender_deviceauth.1.${task.ID.slice(0, 12)}@vm | level=info msg="tick 1"`);
  });

  it('formatting helpers', () => {
    assert.equal(humanDuration(7_200_000), '2 hours');
    assert.equal(humanDuration(5_000), '5 seconds');
    assert.equal(humanDuration(60_000), 'About a minute');
    assert.equal(imageWithoutDigest('mendersoftware/gui:latest@sha256:abc'), 'mendersoftware/gui:latest');
    assert.deepEqual(formatPorts([{ TargetPort: 80, PublishedPort: 8080, Protocol: 'tcp', PublishMode: 'ingress' }]), ['*:8080->80/tcp']);
  });

  it('slot grouping: newest task of a slot is current', () => {
    const groups = groupBySlot([
      { ID: 'a', ServiceID: 's', Slot: 1, CreatedAt: '2026-01-01T00:00:00Z' },
      { ID: 'b', ServiceID: 's', Slot: 1, CreatedAt: '2026-01-01T00:00:05Z' },
      { ID: 'c', ServiceID: 's', Slot: 2, CreatedAt: '2026-01-01T00:00:01Z' },
    ]);
    assert.deepEqual(
      groups.map((g) => [g.current.ID, g.history.map((h) => h.ID)]),
      [
        ['b', ['a']],
        ['c', []],
      ],
    );
  });
});

describe('explorer log grammar', () => {
  it('its prefix pattern matches what formatLogLine writes (timestamp, service, slot, task id, node)', () => {
    const grammar = JSON.parse(fs.readFileSync(path.join(FIXTURES, '..', '..', 'syntaxes', 'swarm-log.tmLanguage.json'), 'utf8')) as {
      scopeName: string;
      repository: { prefix: { match: string } };
    };
    assert.equal(grammar.scopeName, 'text.log.mender-swarm');
    const line = '2026-11-25T13:52:35.525092104Z exmender_deviceauth.1.coot4c3hh9xs@vm    | level=info msg="tick 1"';
    const m = new RegExp(grammar.repository.prefix.match).exec(line);
    assert.ok(m, 'prefix matches');
    assert.deepEqual(m.slice(1, 7), ['2026-11-25T13:52:35.525092104Z ', 'exmender_deviceauth', '1', 'coot4c3hh9xs', '@vm', '|']);
  });
});
