// Issue #12 in a real VS Code host against the harness swarm: the Secrets, Configs, Networks and Volumes groups and
// their commands, given their answers as arguments (no pickers, no modals): a secret from a file, a config from the
// editor selection, a secret typed in; an unreadable file and a bad name refused with nothing created; removal
// refused while a service uses the secret, naming it; an overlay network created and removed.
import * as assert from 'assert';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { StackClient } from '../../../src/docker/stacks';
import type { ExplorerTestState } from '../../../src/vscode/explorer';
import type { CommandResult } from '../../../src/vscode/explorer/commands';
import { EXTENSION_ID, untilExplorer } from './helpers';

const HOST = process.env.MENDER_SWARM_TEST_DOCKER_HOST || undefined;
const RUN = `msoh${Date.now().toString(36)}`;

const run = (command: string, ...args: unknown[]): Thenable<CommandResult | undefined> =>
  vscode.commands.executeCommand<CommandResult | undefined>(command, ...args);

suite('Swarm explorer: secrets, configs, networks, volumes', function () {
  let client: StackClient | undefined;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-objh-'));

  suiteSetup(async function () {
    if (!HOST) {
      if (process.env.CI) throw new Error('MENDER_SWARM_TEST_DOCKER_HOST is not set on CI');
      this.skip();
    }
    client = StackClient.fromEnvironment({ host: HOST });
    await vscode.workspace.getConfiguration().update('menderSwarm.docker.host', HOST, vscode.ConfigurationTarget.Global);
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand('menderSwarm.explorer.focus');
    await untilExplorer('the swarm in the tree', (s) => s.status === 'ok');
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration().update('menderSwarm.docker.host', undefined, vscode.ConfigurationTarget.Global);
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!client) return;
    for (const s of await client.listServices({ filters: { name: [RUN] } })) await client.removeService(s.ID).catch(() => undefined);
    for (const s of await client.listSecrets({ name: [RUN] })) await client.removeSecret(s.ID).catch(() => undefined);
    for (const c of await client.listConfigs({ name: [RUN] })) await client.removeConfig(c.ID).catch(() => undefined);
    for (const n of await client.listNetworks({ name: [RUN] })) await client.removeNetwork(n.Id!).catch(() => undefined);
    client.dispose();
  });

  test('create from a file, the selection and typed input; bad input refused with nothing created', async () => {
    const file = path.join(tmp, 'key.pem');
    fs.writeFileSync(file, 'from-a-file');
    const a = await run('menderSwarm.explorer.createSecret', undefined, { name: `${RUN}-file`, source: 'file', file });
    assert.ok(a?.ok, a?.message);
    const doc = await vscode.workspace.openTextDocument({ content: 'setting=1\nother=2\n' });
    const ed = await vscode.window.showTextDocument(doc);
    ed.selection = new vscode.Selection(0, 0, 0, 9);
    const b = await run('menderSwarm.explorer.createConfig', undefined, { name: `${RUN}-sel`, source: 'selection' });
    assert.ok(b?.ok, b?.message);
    const c = await run('menderSwarm.explorer.createSecret', undefined, { name: `${RUN}-typed`, source: 'input', value: 'typed value' });
    assert.ok(c?.ok, c?.message);

    const missing = await run('menderSwarm.explorer.createSecret', undefined, { name: `${RUN}-missing`, source: 'file', file: path.join(tmp, 'nope.pem') });
    assert.strictEqual(missing?.ok, false);
    assert.match(missing!.message, /cannot read .*nope\.pem \(ENOENT\): nothing was created/);
    const bad = await run('menderSwarm.explorer.createSecret', undefined, { name: `${RUN} bad`, source: 'input', value: 'x' });
    assert.strictEqual(bad?.ok, false);
    assert.match(bad!.message, /not a valid secret name/);
    const names = (await client!.listSecrets({ name: [RUN] })).map((s) => s.Spec?.Name).sort();
    assert.deepStrictEqual(names, [`${RUN}-file`, `${RUN}-typed`]);

    // The groups load on expansion (as the user opening them).
    const st = await vscode.commands.executeCommand<ExplorerTestState>('menderSwarm.explorer.testState', { loadLazy: true });
    const labels = st.rows.filter((r) => r.depth === 1 && /^(secret|config)\b/.test(r.contextValue)).map((r) => r.label);
    for (const n of [`${RUN}-file`, `${RUN}-typed`, `${RUN}-sel`]) assert.ok(labels.includes(n), `${n} in ${labels.join(', ')}`);
    assert.ok(st.rows.some((r) => r.id === 'group/volumes' && r.depth === 0));
  });

  test('the groups list the objects; removal of a used secret refused naming the service; remove unused', async () => {
    const [secret] = await client!.listSecrets({ name: [`${RUN}-file`] });
    const { ID: svcId } = await client!.createService({
      Name: `${RUN}-svc`,
      Mode: { Replicated: { Replicas: 0 } },
      TaskTemplate: {
        ContainerSpec: {
          Image: 'local/busybox:1',
          Secrets: [{ SecretID: secret.ID, SecretName: `${RUN}-file`, File: { Name: 'k', UID: '0', GID: '0', Mode: 0o400 } }],
        },
      },
    });
    await vscode.commands.executeCommand('menderSwarm.explorer.refresh');
    const row = { ref: { type: 'secret', id: secret.ID, name: `${RUN}-file` } };
    const refused = await run('menderSwarm.explorer.removeSecret', row, { confirmed: true });
    assert.strictEqual(refused?.ok, false);
    assert.match(refused!.message, new RegExp(`used by service "${RUN}-svc"`));
    const st = await untilExplorer('the secret row with its user', (x) => {
      const r = x.rows.find((y) => y.id === `secret/${secret.ID}`);
      return r && r.contextValue.startsWith('secret used') ? x : undefined;
    });
    assert.ok(st.rows.some((y) => y.id === `secret/${secret.ID}/service/${svcId}`));
    await client!.removeService(svcId);
    const ok = await run('menderSwarm.explorer.removeSecret', row, { confirmed: true });
    assert.ok(ok?.ok, ok?.message);
    for (const c of await client!.listConfigs({ name: [RUN] })) {
      const r = await run('menderSwarm.explorer.removeConfig', { ref: { type: 'config', id: c.ID, name: c.Spec?.Name } }, { confirmed: true });
      assert.ok(r?.ok, r?.message);
    }
  });

  test('an overlay network created with its options and removed', async () => {
    const bad = await run('menderSwarm.explorer.createNetwork', undefined, { name: `${RUN}-net`, subnet: 'ten/8' });
    assert.strictEqual(bad?.ok, false);
    assert.match(bad!.message, /is not a subnet/);
    const made = await run('menderSwarm.explorer.createNetwork', undefined, { name: `${RUN}-net`, attachable: true, internal: true });
    assert.ok(made?.ok && made.id, made?.message);
    const net = await client!.inspectNetwork(made.id);
    assert.strictEqual(net.Internal, true);
    assert.strictEqual(net.Attachable, true);
    await untilExplorer('the network row', (x) => x.rows.some((y) => y.id === `network/${made.id}` && /attachable/.test(y.description ?? '')));
    const gone = await run('menderSwarm.explorer.removeNetwork', { ref: { type: 'network', id: made.id, name: `${RUN}-net` } }, { confirmed: true });
    assert.ok(gone?.ok, gone?.message);
  });

  test("Open Shell on a task on the worker, through a Docker context for the worker's engine; node labels", async function () {
    const worker = process.env.MENDER_SWARM_TEST_WORKER_DOCKER_HOST;
    if (!worker) this.skip();
    const cfg = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-shellh-'));
    const meta = path.join(cfg, 'contexts', 'meta', createHash('sha256').update(`${RUN}-w`).digest('hex'));
    fs.mkdirSync(meta, { recursive: true });
    fs.writeFileSync(
      path.join(meta, 'meta.json'),
      JSON.stringify({ Name: `${RUN}-w`, Metadata: {}, Endpoints: { docker: { Host: worker, SkipTLSVerify: false } } }),
    );
    const saved = process.env.DOCKER_CONFIG;
    process.env.DOCKER_CONFIG = cfg;
    const { ID: svcId } = await client!.createService({
      Name: `${RUN}-sh`,
      TaskTemplate: {
        ContainerSpec: { Image: 'local/busybox:1', Command: ['sh', '-c', "trap 'exit 0' TERM; while :; do sleep 1; done"] },
        Placement: { Constraints: ['node.hostname==worker1'] },
      },
      EndpointSpec: { Mode: 'dnsrr' },
    });
    try {
      let taskId = '';
      for (let i = 0; i < 120 && !taskId; i++) {
        taskId = (await client!.listTasks({ service: [svcId], 'desired-state': ['running'] })).find((x) => x.Status?.State === 'running')?.ID ?? '';
        if (!taskId) await new Promise((r) => setTimeout(r, 500));
      }
      assert.ok(taskId, 'task running on worker1');
      const r = await run('menderSwarm.explorer.openShell', { ref: { type: 'task', id: taskId, name: `${RUN}-sh.1` } });
      assert.ok(r?.ok, r?.message);
      assert.match(r!.message, new RegExp(`on worker1 through context ${RUN}-w`));
      const term = vscode.window.terminals.find((x) => x.name === r!.id);
      assert.ok(term);
      await untilExplorer('the shell started', (x) => (x.shells[r!.id!] ?? '').includes('exec in') || undefined);
      await new Promise((res) => setTimeout(res, 500));
      term.sendText('echo "host-$((40+2))"');
      await untilExplorer('the command output', (x) => /host-42/.test(x.shells[r!.id!] ?? '') || undefined, 15000);
      term.dispose();

      const workerId = (await client!.listNodes()).find((n) => n.Description?.Hostname === 'worker1')!.ID;
      const nodeRow = { ref: { type: 'node', id: workerId, name: 'worker1' } };
      const add = await run('menderSwarm.explorer.addNodeLabel', nodeRow, { key: `${RUN}.zone`, value: 'a' });
      assert.ok(add?.ok, add?.message);
      assert.strictEqual((await client!.inspectNode(workerId)).Spec?.Labels?.[`${RUN}.zone`], 'a');
      const rm = await run('menderSwarm.explorer.removeNodeLabel', nodeRow, { key: `${RUN}.zone` });
      assert.ok(rm?.ok, rm?.message);
      assert.strictEqual((await client!.inspectNode(workerId)).Spec?.Labels?.[`${RUN}.zone`], undefined);
    } finally {
      if (saved === undefined) delete process.env.DOCKER_CONFIG;
      else process.env.DOCKER_CONFIG = saved;
      fs.rmSync(cfg, { recursive: true, force: true });
      await client!.removeService(svcId).catch(() => undefined);
    }
  });
});
