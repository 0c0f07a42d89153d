// SwarmClient against the real harness swarm (test/harness/swarm.ts).
// Needs MENDER_SWARM_TEST_DOCKER_HOST (and _WORKER_DOCKER_HOST for the two-node checks):
//   eval "$(node --import tsx test/harness/swarm-cli.ts up --multi)"
//   node --import tsx --test test/docker/client.test.ts
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { EngineError, SwarmClient, type LogRecord, type ServiceSpec } from '../../src/docker/index';
import { BASE_IMAGE, TEST_NETWORK, WORKER_HOSTNAME } from '../harness/swarm';
import { waitFor } from '../harness/testSwarm';

const HOST = process.env.MENDER_SWARM_TEST_DOCKER_HOST;
const WORKER_HOST = process.env.MENDER_SWARM_TEST_WORKER_DOCKER_HOST;
const HOW = 'Docker tests need a swarm: eval "$(node --import tsx test/harness/swarm-cli.ts up --multi)"';
const SKIP = HOST ? false : `MENDER_SWARM_TEST_DOCKER_HOST not set. ${HOW}`;

if (!HOST && process.env.CI) {
  it('has a test swarm', () => assert.fail(`MENDER_SWARM_TEST_DOCKER_HOST is not set on CI. ${HOW}`));
}

// Everything a run creates carries this label, so cleanup finds it even after a failed assertion.
const RUN_LABEL = 'mender-swarm.test-run';
const RUN = `${process.pid}-${Date.now().toString(36)}`;
const NAME = (s: string): string => `msw-t-${s}-${RUN}`.slice(0, 60);

function spec(name: string, script: string, extra: Partial<ServiceSpec> = {}, maxAttempts?: number): ServiceSpec {
  return {
    Name: NAME(name),
    Labels: { [RUN_LABEL]: RUN },
    TaskTemplate: {
      ContainerSpec: {
        Image: BASE_IMAGE,
        Command: ['sh', '-c', script],
        // init + short grace: sh as pid 1 ignores SIGTERM, and removal would otherwise wait 10 s.
        Init: true,
        StopGracePeriod: 500_000_000,
      },
      RestartPolicy:
        maxAttempts === undefined ? { Condition: 'any', Delay: 100_000_000 } : { Condition: 'on-failure', Delay: 100_000_000, MaxAttempts: maxAttempts },
    },
    Mode: { Replicated: { Replicas: 1 } },
    // No IPVS on the test machines: VIP endpoints would not work, dnsrr does.
    EndpointSpec: { Mode: 'dnsrr' },
    ...extra,
  };
}

async function collect(it: AsyncIterable<LogRecord>): Promise<LogRecord[]> {
  const out: LogRecord[] = [];
  for await (const r of it) out.push(r);
  return out;
}

async function expectEngineError(p: Promise<unknown>, kind: EngineError['kind']): Promise<EngineError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof EngineError, `expected EngineError, got ${String(err)}`);
    assert.equal(err.kind, kind, `kind of "${err.message}"`);
    return err;
  }
  assert.fail(`expected EngineError ${kind}, but it succeeded`);
}

describe('SwarmClient on the harness swarm', { skip: SKIP }, () => {
  let client: SwarmClient;

  before(() => {
    client = SwarmClient.fromEnvironment({ host: HOST });
  });

  after(async () => {
    if (!client) return;
    const mine = await client.listServices({ filters: { label: [`${RUN_LABEL}=${RUN}`] } });
    await Promise.all(mine.map((s) => client.removeService(s.ID)));
    client.dispose();
  });

  it('connects and lists nodes, services and networks', async () => {
    assert.equal(client.description.kind, 'unix');
    assert.equal(client.description.source, 'setting');
    await client.ping();
    const version = await client.version();
    assert.ok(Number(version.ApiVersion) >= 1.41, `API ${version.ApiVersion}`);
    const info = await client.info();
    assert.equal(info.Swarm?.LocalNodeState, 'active');
    assert.equal(info.Swarm?.ControlAvailable, true);
    const swarm = await client.swarmInspect();
    assert.equal(swarm.ID, info.Swarm?.Cluster?.ID);

    const nodes = await client.listNodes();
    if (WORKER_HOST) {
      assert.equal(nodes.length, 2);
      const worker = nodes.find((n) => n.Description?.Hostname === WORKER_HOSTNAME);
      assert.ok(worker, `no node ${WORKER_HOSTNAME} in ${nodes.map((n) => n.Description?.Hostname).join(', ')}`);
      assert.equal(worker.Spec?.Role, 'worker');
      assert.equal(worker.Status?.State, 'ready');
      assert.equal((await client.inspectNode(worker.ID)).Description?.Hostname, WORKER_HOSTNAME);
      assert.equal((await client.listNodes({ role: ['manager'] })).length, 1);
    } else {
      assert.ok(nodes.length >= 1);
    }

    const networks = await client.listNetworks({ driver: ['overlay'] });
    const names = networks.map((n) => n.Name);
    assert.ok(names.includes('ingress'), names.join(', '));
    const test = networks.find((n) => n.Name === TEST_NETWORK);
    assert.ok(test, `${TEST_NETWORK} in ${names.join(', ')}`);
    assert.equal((await client.inspectNetwork(test.Id)).Driver, 'overlay');

    const created = await client.createService(spec('list', 'sleep 3600'));
    const listed = await waitFor('service running 1/1', async () => {
      const s = (await client.listServices({ status: true, filters: { name: [NAME('list')] } }))[0];
      return s?.ServiceStatus?.RunningTasks === 1 ? s : undefined;
    });
    assert.equal(listed.ID, created.ID);
    assert.equal(listed.ServiceStatus?.DesiredTasks, 1);
    assert.equal((await client.inspectService(created.ID)).Spec?.Name, NAME('list'));
    const tasks = await client.listTasks({ service: [created.ID], 'desired-state': ['running'] });
    assert.equal(tasks.length, 1);
    const task = await client.inspectTask(tasks[0].ID);
    assert.equal(task.Status?.State, 'running');
    assert.ok(nodes.some((n) => n.ID === task.NodeID));
  });

  it('shows failed tasks of a service that always exits 1', async () => {
    const { ID } = await client.createService(spec('fail', 'echo failing; exit 1', {}, 2));
    // MaxAttempts 2 = the first attempt and two restarts.
    const failed = await waitFor('3 failed tasks', async () => {
      const t = (await client.listTasks({ service: [ID] })).filter((x) => x.Status?.State === 'failed');
      return t.length >= 3 ? t : undefined;
    });
    for (const t of failed) {
      assert.equal(t.Status?.Err, 'task: non-zero exit (1)');
      assert.equal(t.Status?.ContainerStatus?.ExitCode, 1);
      assert.equal(t.DesiredState, 'shutdown');
    }
    // And no more attempts after that.
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal((await client.listTasks({ service: [ID] })).length, 3);
    const status = (await client.listServices({ status: true, filters: { id: [ID] } }))[0].ServiceStatus;
    assert.equal(status?.RunningTasks, 0);
  });

  it('returns demultiplexed service and task logs', async () => {
    const script = 'echo one; echo two >&2; printf "three\\nfour\\n"; printf "grüße\\n" >&2; sleep 3600';
    const { ID } = await client.createService(spec('logs', script));
    const expected: LogRecord[] = [
      { stream: 'stdout', line: 'one' },
      { stream: 'stderr', line: 'two' },
      { stream: 'stdout', line: 'three' },
      { stream: 'stdout', line: 'four' },
      { stream: 'stderr', line: 'grüße' },
    ];
    const byStream = (rs: LogRecord[], s: string): string[] => rs.filter((r) => r.stream === s).map((r) => r.line);
    const logs = await waitFor('5 log lines', async () => {
      const r = await collect(client.serviceLogs(ID));
      return r.length >= 5 ? r : undefined;
    });
    // stdout and stderr are separate pipes: their relative order is not guaranteed, the order within each is.
    assert.deepEqual(byStream(logs, 'stdout'), byStream(expected, 'stdout'));
    assert.deepEqual(byStream(logs, 'stderr'), byStream(expected, 'stderr'));

    const tail = await collect(client.serviceLogs(ID, { tail: 1, timestamps: true, details: true }));
    assert.equal(tail.length, 1);
    assert.match(tail[0].timestamp ?? '', /^\d{4}-\d\d-\d\dT/);
    const taskId = tail[0].details?.['com.docker.swarm.task.id'];
    assert.ok(taskId, `details: ${JSON.stringify(tail[0].details)}`);
    assert.equal(tail[0].details?.['com.docker.swarm.service.id'], ID);

    const taskLogs = await collect(client.taskLogs(taskId));
    assert.deepEqual(byStream(taskLogs, 'stdout'), ['one', 'three', 'four']);

    // follow: streams until aborted, then ends quietly.
    const ctl = new AbortController();
    const followed: LogRecord[] = [];
    for await (const r of client.serviceLogs(ID, { follow: true }, ctl.signal)) {
      followed.push(r);
      if (followed.length === 5) ctl.abort();
    }
    assert.equal(followed.length, 5);
  });

  it('streams events until disposed', async () => {
    const seen: string[] = [];
    const sub = await client.events({ filters: { type: ['service'] } }, (e) => {
      if (e.Action) seen.push(`${e.Action}:${e.Actor?.Attributes?.name ?? ''}`);
    });
    const { ID } = await client.createService(spec('events', 'sleep 3600'));
    await waitFor('service create event', async () => (seen.includes(`create:${NAME('events')}`) ? true : undefined), 10_000);
    await client.removeService(ID);
    await waitFor('service remove event', async () => (seen.includes(`remove:${NAME('events')}`) ? true : undefined), 10_000);
    sub.dispose();
    assert.equal(await sub.closed, undefined);
  });

  it('maps daemon errors: not-found, out-of-sequence', async () => {
    const nf = await expectEngineError(client.inspectService('no-such-service-msw'), 'not-found');
    assert.equal(nf.statusCode, 404);
    assert.match(nf.message, /no-such-service-msw/);
    assert.doesNotMatch(nf.message, /HTTP code/);

    const { ID } = await client.createService(spec('seq', 'sleep 3600'));
    const s = await client.inspectService(ID);
    const version = s.Version?.Index ?? 0;
    assert.ok(s.Spec);
    await client.updateService(ID, version, { ...s.Spec, Labels: { ...s.Spec.Labels, step: '1' } });
    const oos = await expectEngineError(client.updateService(ID, version, s.Spec), 'out-of-sequence');
    assert.equal(oos.statusCode, 500);
  });

  it('reports an unreachable socket quickly', async () => {
    const dead = SwarmClient.fromEnvironment({ host: 'unix:///tmp/msw-no-such-dir/docker.sock' });
    const t0 = Date.now();
    const err = await expectEngineError(dead.ping(), 'unreachable');
    assert.ok(Date.now() - t0 < 1000, `took ${Date.now() - t0} ms`);
    assert.match(err.message, /ENOENT/);
    // A closed loopback port is unreachable too.
    await expectEngineError(SwarmClient.fromEnvironment({ host: 'tcp://127.0.0.1:1' }).ping(), 'unreachable');
  });

  it('tells a worker engine from a manager', { skip: WORKER_HOST ? false : 'needs the two-node harness (up --multi)' }, async () => {
    const worker = SwarmClient.fromEnvironment({ host: WORKER_HOST });
    const info = await worker.info();
    assert.equal(info.Swarm?.LocalNodeState, 'active');
    assert.equal(info.Swarm?.ControlAvailable, false);
    const err = await expectEngineError(worker.listNodes(), 'worker');
    assert.equal(err.statusCode, 503);
    assert.match(err.message, /not a swarm manager/);
    await expectEngineError(worker.listServices(), 'worker');
  });
});
