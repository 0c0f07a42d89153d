// The Swarm explorer in a real VS Code extension host, against the harness swarm
// (MENDER_SWARM_TEST_DOCKER_HOST, forwarded by runTest.js). Reads the tree through the undeclared
// `menderSwarm.explorer.testState` command: the rows VS Code renders, the status bar text, the refresh mode.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { MASK } from '../../../src/core/mask';
import { SwarmClient } from '../../../src/docker/client';
import type { ExplorerTestState } from '../../../src/vscode/explorer';
import { EXTENSION_ID, explorerState, untilExplorer } from './helpers';

const HOST = process.env.MENDER_SWARM_TEST_DOCKER_HOST || undefined;
const WORKER_HOST = process.env.MENDER_SWARM_TEST_WORKER_DOCKER_HOST || undefined;
const RUN = `h${Date.now().toString(36)}`;
const STACK = `mswh${RUN}`;
const LABEL = 'mender-swarm.test-run';

const state = explorerState;

function until<T>(what: string, check: (s: ExplorerTestState) => T | undefined | false, timeoutMs = 20000): Promise<T> {
  return untilExplorer(what, check, timeoutMs, 200);
}

async function setHost(host: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration().update('menderSwarm.docker.host', host, vscode.ConfigurationTarget.Global);
}

suite('Swarm explorer', function () {
  let client: SwarmClient | undefined;

  suiteSetup(async function () {
    if (!HOST) {
      if (process.env.CI) throw new Error('MENDER_SWARM_TEST_DOCKER_HOST is not set on CI');
      this.skip();
    }
    client = SwarmClient.fromEnvironment({ host: HOST });
    const base = (name: string, script: string, extra: object = {}) => ({
      Name: `${STACK}_${name}`,
      Labels: { 'com.docker.stack.namespace': STACK, [LABEL]: RUN },
      TaskTemplate: {
        ContainerSpec: {
          Image: 'local/busybox:1',
          Command: ['sh', '-c', script],
          Init: true,
          StopGracePeriod: 500_000_000,
          Env: ['DB_PASSWORD=hunter2', 'MODE=test'],
        },
        RestartPolicy: { Condition: 'on-failure' as const, Delay: 100_000_000, MaxAttempts: 2 },
      },
      Mode: { Replicated: { Replicas: 1 } },
      EndpointSpec: { Mode: 'dnsrr' as const },
      ...extra,
    });
    await client.createService(base('web', 'echo "level=info msg=started"; sleep 100000'));
    await client.createService(base('gateway', 'echo "ERROR no upstream"; exit 1'));
    await setHost(HOST);
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    // Showing the view is what starts refreshes (hidden views cost the engine nothing).
    await vscode.commands.executeCommand('menderSwarm.explorer.focus');
  });

  suiteTeardown(async () => {
    await setHost(undefined);
    if (!client) return;
    const mine = await client.listServices({ filters: { label: [`${LABEL}=${RUN}`] } });
    await Promise.all(mine.map((s) => client!.removeService(s.ID)));
    client.dispose();
  });

  test('shows the nodes and services of the test swarm, and the engine in the status bar', async function () {
    // The gateway must fail three times (schedule, start, exit, restart delay each) before the tree can show it:
    // on a busy CI machine that alone can take most of mocha's default 20 s.
    this.timeout(70_000);
    const info = await client!.info();
    const s = await until(
      'nodes and both services',
      (st) =>
        st.rows.some((r) => r.label === `${STACK}` && r.contextValue.startsWith('stack')) &&
        st.rows.some((r) => r.label === 'gateway' && /3 failed/.test(r.description ?? '')) &&
        st.rows.some((r) => r.label === 'web' && /^1\/1 /.test(r.description ?? ''))
          ? st
          : undefined,
      60_000,
    );
    assert.strictEqual(s.status, 'ok');
    const labels = s.rows.filter((r) => r.depth === 0).map((r) => r.label);
    assert.deepStrictEqual(labels, ['Swarm', 'Nodes', 'Services', 'Networks', 'Secrets', 'Configs', 'Volumes']);
    const nodes = s.rows.filter((r) => r.id.startsWith('node/') && r.depth === 1);
    assert.ok(
      nodes.some((n) => n.label === info.Name && /^manager, leader · ready · active/.test(n.description ?? '')),
      'the manager',
    );
    if (WORKER_HOST)
      assert.ok(
        nodes.some((n) => n.label === 'worker1' && /^worker · ready/.test(n.description ?? '')),
        'worker1',
      );
    const failed = s.rows.filter((r) => r.label === 'gateway.1' && /task: non-zero exit \(1\) · exit code 1/.test(r.description ?? ''));
    assert.strictEqual(failed.length, 3, 'the failed attempts with their error and exit code');
    assert.match(s.statusBar, /Swarm: .* · leader/);
    assert.strictEqual(s.refreshMode, 'events');
  });

  test('refreshes from engine events (no manual refresh) and keeps row ids', async () => {
    const before = await state();
    const webId = before.rows.find((r) => r.label === 'web')?.id;
    await client!.createService({
      Name: `${STACK}_late`,
      Labels: { 'com.docker.stack.namespace': STACK, [LABEL]: RUN },
      TaskTemplate: { ContainerSpec: { Image: 'local/busybox:1', Command: ['sleep', '100000'], Init: true } },
      EndpointSpec: { Mode: 'dnsrr' },
    });
    const after = await until('the new service to appear', (st) => (st.rows.some((r) => r.label === 'late') ? st : undefined), 10000);
    assert.strictEqual(after.rows.find((r) => r.label === 'web')?.id, webId);
  });

  test('inspect opens read-only JSON with secret-looking env values masked', async () => {
    const s = await state();
    const row = s.rows.find((r) => r.label === 'web');
    assert.ok(row);
    const uri = await vscode.commands.executeCommand<string>('menderSwarm.explorer.inspect', {
      ref: { type: 'service', id: row.id.split('/')[1], name: `${STACK}_web` },
    });
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    assert.ok(doc, 'the inspect document is open');
    assert.strictEqual(doc.uri.scheme, 'mender-swarm-inspect');
    assert.strictEqual(doc.languageId, 'json');
    const obj = JSON.parse(doc.getText()) as { Spec: { TaskTemplate: { ContainerSpec: { Env: string[] } } } };
    assert.deepStrictEqual(obj.Spec.TaskTemplate.ContainerSpec.Env, [`DB_PASSWORD=${MASK}`, 'MODE=test']);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('logs of a service through the manager, formatted with task context', async () => {
    const s = await state();
    const row = s.rows.find((r) => r.label === 'gateway');
    assert.ok(row);
    const ref = { type: 'service', id: row.id.split('/')[1], name: `${STACK}_gateway` };
    await vscode.commands.executeCommand('menderSwarm.explorer.showLogs', { ref });
    const lines = (await state()).logs[`service/${ref.id}`] ?? [];
    assert.ok(lines.length >= 3, `one line per failed attempt: ${lines.join('\n')}`);
    assert.match(lines[0], new RegExp(`^\\d{4}-\\S+ ${STACK}_gateway\\.1\\.[a-z0-9]{12}@\\S+ +\\| ERROR no upstream$`));
  });

  test('an unreachable engine shows an error row with actions within seconds, then recovers', async () => {
    const t0 = Date.now();
    await setHost('unix:///tmp/msw-host-test-no-such.sock');
    const s = await until('the problem rows', (st) => (st.status === 'problem' ? st : undefined), 8000);
    assert.ok(Date.now() - t0 < 8000);
    assert.strictEqual(s.rows[0].label, 'Cannot connect to the Docker engine');
    assert.match(s.rows[0].description ?? '', /ENOENT|no such file/i);
    assert.deepStrictEqual(
      s.rows.slice(1).map((r) => r.label),
      ['Retry', 'Configure the Docker engine…', 'Switch Docker context…'],
    );
    assert.match(s.statusBar, /unreachable/);
    await setHost(HOST);
    await until('the tree back', (st) => (st.status === 'ok' ? st : undefined), 8000);
  });

  test('a worker engine shows the "worker" row with the daemon words', async function () {
    if (!WORKER_HOST) this.skip();
    await setHost(WORKER_HOST);
    const s = await until('the worker problem', (st) => (st.status === 'problem' ? st : undefined), 8000);
    assert.strictEqual(s.rows[0].label, 'This engine is a swarm worker, not a manager');
    assert.match(s.rows[0].description ?? '', /not a swarm manager/);
    await setHost(HOST);
    await until('the tree back', (st) => (st.status === 'ok' ? st : undefined), 8000);
  });
});
