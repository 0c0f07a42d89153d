// Issue #12: a shell in a task on the worker, through a Docker context for the worker's engine (found by node ID),
// a command run and its output read back, the TTY size set and changed, `sh` where there is no bash, the exit
// code; a task on a node no context reaches gets a message naming the node; an engine dropping mid-exec (a TCP
// proxy to the worker's engine cut) ends the session with a clear message.
//   eval "$(node --import tsx test/harness/swarm-cli.ts up --multi)"
//   flock /tmp/msw-tests.lock node --import tsx --test test/docker/shell.test.ts
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findNodeEngine, ShellSession, StackClient, type EngineCandidate } from '../../src/docker';
import { listDockerContexts } from '../../src/vscode/explorer/contexts';
import { BASE_IMAGE, WORKER_HOSTNAME } from '../harness/swarm';
import { testSwarm, waitFor } from '../harness/testSwarm';

const { host: HOST, workerHost: WORKER_HOST } = testSwarm();
const RUN = `msosh${process.pid % 100000}`;

/** A Docker context in a private DOCKER_CONFIG, as `docker context create NAME --docker host=HOST` writes it. */
function writeContext(dir: string, name: string, host: string): void {
  const meta = path.join(dir, 'contexts', 'meta', createHash('sha256').update(name).digest('hex'));
  fs.mkdirSync(meta, { recursive: true });
  fs.writeFileSync(path.join(meta, 'meta.json'), JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }));
}

function collect(): {
  text: () => string;
  exit: Promise<{ code?: number; error?: string }>;
  events: { data(t: string): void; exit(code: number | undefined, error?: string): void };
} {
  let out = '';
  let done!: (v: { code?: number; error?: string }) => void;
  const exit = new Promise<{ code?: number; error?: string }>((r) => (done = r));
  return { text: () => out, exit, events: { data: (t) => (out += t), exit: (code, error) => done({ code, error }) } };
}

describe('a shell in a task on the worker', { skip: !HOST || !WORKER_HOST ? 'needs the two-node harness swarm' : false }, () => {
  let client: StackClient;
  let svcId = '';
  let task: { id: string; node: string; container: string };
  const cfg = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-shell-'));
  const savedConfig = process.env.DOCKER_CONFIG;

  before(async () => {
    client = StackClient.fromEnvironment({ host: HOST }, { timeoutMs: 20_000 });
    ({ ID: svcId } = await client.createService({
      Name: `${RUN}svc`,
      TaskTemplate: {
        ContainerSpec: { Image: BASE_IMAGE, Command: ['sh', '-c', "trap 'exit 0' TERM; while :; do sleep 1; done"] },
        Placement: { Constraints: [`node.hostname==${WORKER_HOSTNAME}`] },
      },
      EndpointSpec: { Mode: 'dnsrr' },
    }));
    task = await waitFor(
      'the task running on the worker',
      async () => {
        const t = (await client.listTasks({ service: [svcId], 'desired-state': ['running'] })).find((x) => x.Status?.State === 'running');
        const container = t?.Status?.ContainerStatus?.ContainerID;
        return t && container ? { id: t.ID, node: t.NodeID!, container } : undefined;
      },
      60_000,
    );
    writeContext(cfg, `${RUN}-worker`, WORKER_HOST!);
    writeContext(cfg, `${RUN}-manager`, HOST!);
    process.env.DOCKER_CONFIG = cfg;
  });
  after(async () => {
    if (savedConfig === undefined) delete process.env.DOCKER_CONFIG;
    else process.env.DOCKER_CONFIG = savedConfig;
    fs.rmSync(cfg, { recursive: true, force: true });
    if (svcId) await client.removeService(svcId).catch(() => undefined);
    client?.dispose();
  });

  const contexts = (): EngineCandidate[] =>
    listDockerContexts(process.env)
      .filter((c) => c.name !== 'default')
      .map((c) => ({ label: `context ${c.name}`, input: { context: c.name } }));

  it("finds the worker's engine through its context, runs a command and reads the output back", async () => {
    const found = await findNodeEngine(client, task.node, WORKER_HOSTNAME, contexts());
    assert.ok(found.ok, found.ok ? '' : found.message);
    assert.equal(found.via, `context ${RUN}-worker`);
    const out = collect();
    const session = await ShellSession.open(found.client, task.container, out.events, { cols: 100, rows: 30 });
    session.write('echo "hello-$((6*7))"; stty size; command -v bash || echo no-bash\r');
    await waitFor(
      'the command output',
      async () => (/hello-42/.test(out.text()) && /30 100/.test(out.text()) && /no-bash/.test(out.text()) ? true : undefined),
      15_000,
      100,
    );
    session.resize({ cols: 120, rows: 40 });
    await new Promise((r) => setTimeout(r, 300));
    session.write('stty size\r');
    await waitFor('the new size', async () => (/40 120/.test(out.text()) ? true : undefined), 15_000, 100);
    session.write('exit 3\r');
    assert.deepEqual(await out.exit, { code: 3, error: undefined });
    if (found.owned) found.client.dispose();
  });

  it('no context for the node: a message naming the node and how to add one', async () => {
    const found = await findNodeEngine(
      client,
      task.node,
      WORKER_HOSTNAME,
      contexts().filter((c) => !c.label.includes('worker')),
    );
    assert.equal(found.ok, false);
    assert.match(
      found.ok ? '' : found.message,
      new RegExp(`runs on node ${WORKER_HOSTNAME} \\(${task.node.slice(0, 12)}\\).*docker context create ${WORKER_HOSTNAME} --docker host=ssh://`),
    );
  });

  it('an engine dropping mid-exec ends the session with a clear message', async () => {
    // A TCP proxy in front of the worker's engine socket, cut while the shell is open.
    const sockets = new Set<net.Socket>();
    const proxy = net.createServer((c) => {
      const e = net.connect(WORKER_HOST!.replace(/^unix:\/\//, ''));
      sockets.add(c).add(e);
      c.pipe(e).pipe(c);
      c.on('error', () => undefined);
      e.on('error', () => undefined);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const port = (proxy.address() as net.AddressInfo).port;
    try {
      const found = await findNodeEngine(client, task.node, WORKER_HOSTNAME, [{ label: 'proxy', input: { host: `tcp://127.0.0.1:${port}` } }]);
      assert.ok(found.ok, found.ok ? '' : found.message);
      const out = collect();
      const session = await ShellSession.open(found.client, task.container, out.events, { cols: 80, rows: 24 });
      session.write('echo still-here\r');
      await waitFor('the first output', async () => (/still-here/.test(out.text()) ? true : undefined), 15_000, 100);
      for (const s of sockets) s.destroy();
      proxy.close();
      const end = await out.exit;
      assert.match(end.error ?? '', /lost the connection to the engine at/);
      if (found.owned) found.client.dispose();
    } finally {
      proxy.close();
      for (const s of sockets) s.destroy();
    }
  });
});
