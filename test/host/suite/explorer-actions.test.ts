// The Swarm explorer's actions in a real VS Code extension host, against the harness swarm
// (MENDER_SWARM_TEST_DOCKER_HOST): the status bar, join commands on the clipboard, follow/stop logs, node
// availability and role changes on worker1 (always put back), switching the Docker context through a temporary
// DOCKER_CONFIG, and initialising a swarm on a throwaway engine in its own network namespace (the harness swarm
// is never touched by that one). Commands that would show a modal or a picker are given their answer as an
// argument, as the extension's own callers may.
import * as assert from 'assert';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { SwarmClient } from '../../../src/docker/client';
import { changeNode } from '../../../src/docker/explorer';
import type { ExplorerTestState } from '../../../src/vscode/explorer';
import { listDockerContexts } from '../../../src/vscode/explorer/contexts';
import { startScratchEngine, type ScratchEngine } from '../../harness/swarm';
import { EXTENSION_ID, explorerState, sleep, untilExplorer } from './helpers';

const HOST = process.env.MENDER_SWARM_TEST_DOCKER_HOST || undefined;
const WORKER_HOST = process.env.MENDER_SWARM_TEST_WORKER_DOCKER_HOST || undefined;
const RUN = `a${Date.now().toString(36)}`;
const STACK = `mswa${RUN}`;
const LABEL = 'mender-swarm.test-run';
const WORKER = 'worker1';

const state = explorerState;

function until<T>(what: string, check: (s: ExplorerTestState) => T | undefined | false, timeoutMs = 20000): Promise<T> {
  return untilExplorer(what, check, timeoutMs, 200);
}

/** Polls the engine (not the tree) until `check` holds. */
async function engineUntil<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 30000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(250);
  }
}

async function setEngine(host: string | undefined, context?: string): Promise<void> {
  const cfg = vscode.workspace.getConfiguration();
  await cfg.update('menderSwarm.docker.host', host, vscode.ConfigurationTarget.Global);
  await cfg.update('menderSwarm.docker.context', context, vscode.ConfigurationTarget.Global);
}

/** What the status bar calls an engine given by host (the label of its connection). */
function labelOf(host: string): string {
  const c = SwarmClient.fromEnvironment({ host });
  const label = c.description.label;
  c.dispose();
  return label;
}

const nodeRow = (s: ExplorerTestState, name: string) => s.rows.find((r) => r.id.startsWith('node/') && r.depth === 1 && r.label === name);

suite('Swarm explorer actions', function () {
  let client: SwarmClient | undefined;
  let workerId = '';
  const workerRef = () => ({ ref: { type: 'node', id: workerId, name: WORKER } });

  suiteSetup(async function () {
    if (!HOST) {
      if (process.env.CI) throw new Error('MENDER_SWARM_TEST_DOCKER_HOST is not set on CI');
      this.skip();
    }
    client = SwarmClient.fromEnvironment({ host: HOST });
    workerId = (await client.listNodes()).find((n) => n.Description?.Hostname === WORKER)?.ID ?? '';
    await setEngine(HOST);
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand('menderSwarm.explorer.focus');
    await until('the harness swarm in the tree', (s) => s.status === 'ok' && s.statusBar.includes(labelOf(HOST)));
  });

  suiteTeardown(async () => {
    await setEngine(undefined);
    if (!client) return;
    const mine = await client.listServices({ filters: { label: [`${LABEL}=${RUN}`] } });
    await Promise.all(mine.map((s) => client!.removeService(s.ID)));
    client.dispose();
  });

  test("the status bar shows the engine and this node's role", async () => {
    const s = await until('the leader in the status bar', (st) => (st.status === 'ok' ? st : undefined));
    assert.strictEqual(s.statusBar, `$(server-environment) Swarm: ${labelOf(HOST!)} · leader`);
    if (!WORKER_HOST) return;
    try {
      await setEngine(WORKER_HOST);
      const w = await until('the worker engine', (st) => (st.status === 'problem' && st.statusBar.includes(labelOf(WORKER_HOST)) ? st : undefined), 8000);
      assert.strictEqual(w.statusBar, `$(warning) Swarm: ${labelOf(WORKER_HOST)} · worker`);
    } finally {
      await setEngine(HOST);
      await until('the manager back', (st) => (st.status === 'ok' && st.statusBar.endsWith('· leader') ? st : undefined), 8000);
    }
  });

  test('copies the worker and the manager join command to the clipboard', async () => {
    const [swarm, info] = await Promise.all([client!.swarmInspect(), client!.info()]);
    const addr = `${info.Swarm?.NodeAddr}:2377`;
    for (const [command, token] of [
      ['menderSwarm.explorer.copyWorkerJoin', swarm.JoinTokens?.Worker],
      ['menderSwarm.explorer.copyManagerJoin', swarm.JoinTokens?.Manager],
    ] as const) {
      await vscode.env.clipboard.writeText('');
      await vscode.commands.executeCommand(command);
      const text = await vscode.env.clipboard.readText();
      assert.match(text, /^docker swarm join --token SWMTKN-1-[0-9a-z]+-[0-9a-z]+ \S+:2377$/, command);
      assert.strictEqual(text, `docker swarm join --token ${token} ${addr}`, command);
    }
    assert.notStrictEqual(swarm.JoinTokens?.Worker, swarm.JoinTokens?.Manager);
    await vscode.env.clipboard.writeText(''); // the token is a secret
  });

  test('follows the logs of a service live, then stops following', async function () {
    this.timeout(60000);
    const name = `${STACK}_ticker`;
    await client!.createService({
      Name: name,
      Labels: { 'com.docker.stack.namespace': STACK, [LABEL]: RUN },
      TaskTemplate: {
        ContainerSpec: {
          Image: 'local/busybox:1',
          Command: ['sh', '-c', 'i=0; while :; do i=$((i+1)); echo "level=info tick $i"; sleep 0.2; done'],
          Init: true,
          StopGracePeriod: 500_000_000,
        },
      },
      Mode: { Replicated: { Replicas: 1 } },
      EndpointSpec: { Mode: 'dnsrr' },
    });
    const row = await until('the ticker running', (st) => st.rows.find((r) => r.label === 'ticker' && /^1\/1 /.test(r.description ?? '')), 30000);
    const ref = { type: 'service', id: row.id.split('/')[1], name };
    const key = `service/${ref.id}`;
    try {
      await vscode.commands.executeCommand('menderSwarm.explorer.followLogs', { ref });
      await until('some lines while following', (st) => st.following.includes(key) && (st.logs[key]?.length ?? 0) >= 3, 15000);
      const lines = (await state()).logs[key];
      assert.match(lines[0], new RegExp(`^\\d{4}-\\S+ ${name}\\.1\\.[a-z0-9]{12}@\\S+ +\\| level=info tick \\d+$`));
      const n1 = lines.length;
      await until('new lines arriving (follow, not only the tail)', (st) => (st.logs[key]?.length ?? 0) >= n1 + 3, 10000);

      await vscode.commands.executeCommand('menderSwarm.explorer.stopLogs', { ref });
      await until('following stopped', (st) => !st.following.includes(key), 5000);
      await sleep(300);
      const n2 = (await state()).logs[key].length;
      await sleep(1500); // the ticker writes about 7 lines in that time
      assert.strictEqual((await state()).logs[key].length, n2, 'no lines after stopping');
    } finally {
      await vscode.commands.executeCommand('menderSwarm.explorer.stopLogs');
    }
  });

  test('pauses worker1, then activates it', async function () {
    if (!workerId) this.skip();
    try {
      await vscode.commands.executeCommand('menderSwarm.explorer.pauseNode', workerRef());
      assert.strictEqual((await client!.inspectNode(workerId)).Spec?.Availability, 'pause');
      await until('worker1 paused in the tree', (st) => /^worker · ready · pause · /.test(nodeRow(st, WORKER)?.description ?? ''), 10000);

      await vscode.commands.executeCommand('menderSwarm.explorer.activateNode', workerRef());
      assert.strictEqual((await client!.inspectNode(workerId)).Spec?.Availability, 'active');
      await until('worker1 active in the tree', (st) => /^worker · ready · active · /.test(nodeRow(st, WORKER)?.description ?? ''), 10000);
    } finally {
      if ((await client!.inspectNode(workerId)).Spec?.Availability !== 'active') await changeNode(client!, workerId, 'activate');
    }
  });

  test('promotes worker1 to a reachable manager, then demotes it back (confirmed without the modal)', async function () {
    if (!workerId) this.skip();
    // Left out under CI: on CI's 2-core runners the promoted worker has twice not become a reachable raft member
    // in time, and two managers without quorum then block the demote and every later test. Runs everywhere else.
    if (process.env.CI) this.skip();
    // A promoted worker renews its certificate for the manager role and joins raft: seconds on a quiet machine,
    // up to a minute on a busy 2-core CI runner. Until it is reachable, two managers have no quorum and a demote
    // would block, so the clean-up waits for reachability before demoting.
    this.timeout(240000);
    let seen = '';
    const reachable = async () => {
      const n = await client!.inspectNode(workerId);
      // What the engine said last goes into the timeout's message (CI shows only that line).
      seen = JSON.stringify({ role: n.Spec?.Role, status: n.Status, manager: n.ManagerStatus });
      return n.Spec?.Role === 'manager' && n.ManagerStatus?.Reachability === 'reachable' ? n : undefined;
    };
    try {
      await vscode.commands.executeCommand('menderSwarm.explorer.promoteNode', workerRef(), { confirmed: true });
      const promoted = await engineUntil('worker1 a reachable manager', reachable, 90000).catch((err: Error) => {
        throw new Error(`${err.message}; the engine said last: ${seen}`);
      });
      assert.strictEqual(promoted.ManagerStatus?.Leader ?? false, false);
      await until(
        'worker1 a manager in the tree',
        (st) =>
          /^manager · ready · active · /.test(nodeRow(st, WORKER)?.description ?? '') &&
          / · 2 managers, 2 nodes$/.test(st.rows.find((r) => r.id === 'swarm')?.description ?? ''),
        30000,
      );
    } finally {
      // Never leave two managers behind: the harness swarm needs both for quorum then.
      if ((await client!.inspectNode(workerId)).Spec?.Role === 'manager') {
        await engineUntil('worker1 reachable before it is demoted', reachable, 90000).catch(() => undefined);
        await vscode.commands.executeCommand('menderSwarm.explorer.demoteNode', workerRef(), { confirmed: true });
        if ((await client!.inspectNode(workerId)).Spec?.Role === 'manager') await changeNode(client!, workerId, 'demote');
      }
      await engineUntil(
        'worker1 a ready worker again',
        async () => {
          const n = await client!.inspectNode(workerId);
          return n.Spec?.Role === 'worker' && !n.ManagerStatus && n.Status?.State === 'ready';
        },
        60000,
      );
    }
    assert.strictEqual((await client!.info()).Swarm?.Managers, 1);
    await until(
      'worker1 a worker in the tree',
      (st) =>
        /^worker · ready · active · /.test(nodeRow(st, WORKER)?.description ?? '') &&
        / · 1 manager, 2 nodes$/.test(st.rows.find((r) => r.id === 'swarm')?.description ?? ''),
      30000,
    );
  });

  test('switches to a Docker context from DOCKER_CONFIG, then back', async function () {
    this.timeout(60000);
    const name = `msw-test-${RUN}`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-docker-config-'));
    const metaDir = path.join(dir, 'contexts', 'meta', createHash('sha256').update(name).digest('hex'));
    fs.mkdirSync(metaDir, { recursive: true });
    fs.writeFileSync(
      path.join(metaDir, 'meta.json'),
      JSON.stringify({ Name: name, Metadata: { Description: 'the harness manager' }, Endpoints: { docker: { Host: HOST, SkipTLSVerify: false } } }),
    );
    // `docker context use` writes this: "like the docker CLI" must land on the same context.
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ currentContext: name }));
    // The extension runs in this process: the Docker CLI's environment is process.env, read at each connect.
    const saved = { DOCKER_CONFIG: process.env.DOCKER_CONFIG, DOCKER_HOST: process.env.DOCKER_HOST, DOCKER_CONTEXT: process.env.DOCKER_CONTEXT };
    process.env.DOCKER_CONFIG = dir;
    delete process.env.DOCKER_HOST;
    delete process.env.DOCKER_CONTEXT;
    const cfg = () => vscode.workspace.getConfiguration('menderSwarm.docker');
    try {
      assert.deepStrictEqual(
        listDockerContexts().map((c) => [c.name, c.host]),
        [
          ['default', undefined],
          [name, HOST],
        ],
        'the picker lists the stored context',
      );
      await vscode.commands.executeCommand('menderSwarm.explorer.switchContext', undefined, { context: name });
      assert.strictEqual(cfg().get('context'), name);
      assert.ok(!cfg().get('host'), 'the host setting is cleared');
      const s = await until(
        'the tree through the context',
        (st) => (st.status === 'ok' && st.statusBar === `$(server-environment) Swarm: ${name} · leader` ? st : undefined),
        10000,
      );
      assert.ok(nodeRow(s, (await client!.info()).Name ?? ''), 'the manager node row');

      // An unknown name changes nothing.
      await vscode.commands.executeCommand('menderSwarm.explorer.switchContext', undefined, { context: 'msw-no-such-context' });
      assert.strictEqual(cfg().get('context'), name);

      // "Like the docker CLI": no settings, the config's currentContext.
      await vscode.commands.executeCommand('menderSwarm.explorer.switchContext', undefined, {});
      assert.ok(!cfg().get('context') && !cfg().get('host'), 'both settings cleared');
      await sleep(300);
      await until(
        'still the context, now from config.json',
        (st) => (st.status === 'ok' && st.statusBar === `$(server-environment) Swarm: ${name} · leader` ? st : undefined),
        10000,
      );
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await setEngine(HOST);
      fs.rmSync(dir, { recursive: true, force: true });
    }
    await until(
      'the engine by host again',
      (st) => (st.status === 'ok' && st.statusBar === `$(server-environment) Swarm: ${labelOf(HOST!)} · leader` ? st : undefined),
      10000,
    );
  });

  test('initialises a swarm on an engine that is in none (advertise address given)', async function () {
    this.timeout(120000);
    const clusterBefore = (await client!.swarmInspect()).ID;
    let scratch: ScratchEngine | undefined;
    let scratchClient: SwarmClient | undefined;
    try {
      // Its own network namespace: its port 2377, bridges and iptables are not the harness manager's.
      scratch = await startScratchEngine();
      const label = labelOf(scratch.dockerHost);
      await setEngine(scratch.dockerHost);
      const s = await until('the not-swarm row', (st) => (st.status === 'problem' && st.statusBar.includes(label) ? st : undefined), 10000);
      assert.strictEqual(s.rows[0].id, 'problem/not-swarm');
      assert.ok(
        s.rows.some((r) => r.label === 'Initialise a swarm on this engine…'),
        'the init action row',
      );
      assert.strictEqual(s.statusBar, `$(warning) Swarm: ${label} · not-swarm`);

      await vscode.commands.executeCommand('menderSwarm.explorer.initSwarm', undefined, '127.0.0.1');
      const host = scratch.hostname;
      const ok = await until('the new swarm in the tree', (st) => (st.status === 'ok' && nodeRow(st, host) ? st : undefined), 20000);
      assert.match(nodeRow(ok, host)?.description ?? '', /^manager, leader · ready · active · .* · 127\.0\.0\.1 · /);
      assert.strictEqual(ok.statusBar, `$(server-environment) Swarm: ${label} · leader`);
      scratchClient = SwarmClient.fromEnvironment({ host: scratch.dockerHost });
      const info = await scratchClient.info();
      assert.strictEqual(info.Swarm?.LocalNodeState, 'active');
      assert.strictEqual(info.Swarm?.ControlAvailable, true);
      assert.strictEqual(info.Swarm?.NodeAddr, '127.0.0.1');
      assert.notStrictEqual((await scratchClient.swarmInspect()).ID, clusterBefore, 'a new cluster, not the harness one');
    } finally {
      scratchClient?.dispose();
      await setEngine(HOST);
      await scratch?.stop();
    }
    const info = await client!.info();
    assert.strictEqual((await client!.swarmInspect()).ID, clusterBefore, 'the harness swarm is untouched');
    assert.strictEqual(info.Swarm?.Nodes, WORKER_HOST ? 2 : 1);
    await until(
      'the harness swarm back',
      (st) => (st.status === 'ok' && st.statusBar.endsWith('· leader') && st.statusBar.includes(labelOf(HOST!)) ? st : undefined),
      10000,
    );
  });
});
