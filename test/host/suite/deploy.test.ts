// The deploy feature in the real extension host, against the harness swarm: deploy from the palette (the
// command with an options object in place of the prompts), scale, doctor, remove. The engine comes from
// MENDER_SWARM_TEST_DOCKER_HOST (runTest.js forwards it), given to the extension as `menderSwarm.docker.host`.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { LABEL_IMAGE, LABEL_NAMESPACE, type ServiceSpec } from '../../../src/core/deploy/engine';
import type { Plan } from '../../../src/core/deploy/plan';
import type { ConvergeResult } from '../../../src/docker/deploy';
import type { DoctorReport } from '../../../src/docker/doctor';
import { removeStack, StackClient, type RemoveResult } from '../../../src/docker/stacks';
import type { DeployOutcome } from '../../../src/vscode/deploy/ids';
import { closeAll, open, wsFile } from './helpers';

const CMD = {
  deploy: 'menderSwarm.deploy.deployStack',
  plan: 'menderSwarm.deploy.planStack',
  scale: 'menderSwarm.deploy.scaleService',
  rollback: 'menderSwarm.deploy.rollbackService',
  forceUpdate: 'menderSwarm.deploy.forceUpdateService',
  removeStack: 'menderSwarm.deploy.removeStack',
  doctor: 'menderSwarm.deploy.doctor',
};
const IMAGE_MAP = { 'example/*': 'local/busybox:1' };

suite('Deploy (commands, no engine needed)', () => {
  test('contributes its commands, gated on workspace trust, and registers them', async () => {
    const ext = vscode.extensions.getExtension('mender-swarm.mender-swarm');
    assert.ok(ext);
    await ext.activate();
    const pkg = ext.packageJSON as {
      contributes: { commands: { command: string; enablement?: string }[]; menus: Record<string, { command: string; when?: string }[]> };
    };
    const ours = pkg.contributes.commands.filter((c) => c.command.startsWith('menderSwarm.deploy.'));
    assert.ok(ours.length >= 10, `deploy commands contributed: ${ours.map((c) => c.command).join(', ')}`);
    for (const c of ours) assert.match(c.enablement ?? '', /isWorkspaceTrusted/, `${c.command} is disabled in untrusted workspaces`);
    for (const [menu, items] of Object.entries(pkg.contributes.menus)) {
      for (const i of items.filter((x) => x.command.startsWith('menderSwarm.deploy.'))) {
        assert.ok(i.when === 'false' || /isWorkspaceTrusted/.test(i.when ?? ''), `${menu}: ${i.command} when "${i.when}" needs isWorkspaceTrusted`);
      }
    }
    const registered = await vscode.commands.getCommands(true);
    for (const c of ours) assert.ok(registered.includes(c.command), `${c.command} is registered`);
  });

  test('shows Deploy / Plan / Export CodeLenses over services:', async () => {
    const uri = wsFile('deploy', 'docker-compose.yml');
    await open('deploy', 'docker-compose.yml');
    let lenses: vscode.CodeLens[] | undefined;
    await waitForAsync(
      'the deploy code lenses',
      async () => {
        lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
        return (lenses ?? []).some((l) => l.command?.command === CMD.deploy);
      },
      10_000,
    );
    const titles = (lenses ?? []).map((l) => l.command?.title ?? '');
    assert.ok(
      titles.some((t) => t.includes('Deploy stack')),
      `lenses: ${titles.join(' | ')}`,
    );
    assert.ok(titles.some((t) => t.includes('Plan')) && titles.some((t) => t.includes('Export v3')), `lenses: ${titles.join(' | ')}`);
    const line = (await vscode.workspace.openTextDocument(uri))
      .getText()
      .split('\n')
      .findIndex((l) => l.startsWith('services:'));
    assert.ok(
      (lenses ?? []).every((l) => l.range.start.line === line),
      'over the services: key',
    );
    await closeAll();
  });

  test('refuses a stack with lint errors unless forced, before touching any engine', async () => {
    const outcome = await vscode.commands.executeCommand<DeployOutcome>(CMD.deploy, {
      files: ['deploy-broken/docker-compose.yml'],
      stackName: 'mswbroken',
      yes: true,
      imageMap: IMAGE_MAP,
    });
    assert.strictEqual(outcome?.status, 'refused', JSON.stringify(outcome));
    assert.match(outcome.message, /1 lint error/);
  });
});

suite('Deploy on the test swarm', function () {
  this.timeout(240_000);
  const host = process.env.MENDER_SWARM_TEST_DOCKER_HOST ?? '';
  const stack = `mswhost${Date.now().toString(36)}`;
  const failingStack = `${stack}f`;
  let client: StackClient | undefined;
  let previousHost: string | undefined;

  suiteSetup(async function () {
    if (!host) {
      if (process.env.CI)
        throw new Error('CI: MENDER_SWARM_TEST_DOCKER_HOST is not set; start the harness: node --import tsx test/harness/swarm-cli.ts up --multi');
      console.log('    (skipped: no test swarm; start it with `node --import tsx test/harness/swarm-cli.ts up --multi` and export its env)');
      this.skip();
    }
    client = StackClient.fromEnvironment({ host }, { timeoutMs: 20_000 });
    try {
      await client.ping();
    } catch (err) {
      if (process.env.CI) throw err;
      console.log(`    (skipped: test swarm at ${host} unreachable: ${err instanceof Error ? err.message : String(err)})`);
      this.skip();
    }
    const cfg = vscode.workspace.getConfiguration('menderSwarm');
    previousHost = cfg.inspect<string>('docker.host')?.workspaceValue;
    await cfg.update('docker.host', host, vscode.ConfigurationTarget.Workspace);
  });

  suiteTeardown(async () => {
    if (!client) return;
    // Leave nothing behind, whatever failed above.
    for (const s of [stack, failingStack]) {
      try {
        await removeStack(client, s);
      } catch {
        /* reported by the test that failed */
      }
    }
    client.dispose();
    await vscode.workspace.getConfiguration('menderSwarm').update('docker.host', previousHost, vscode.ConfigurationTarget.Workspace);
    await closeAll();
  });

  const services = async () => client!.listServices({ filters: { label: [`${LABEL_NAMESPACE}=${stack}`] }, status: true });
  const running = async (id: string) =>
    (await client!.listTasks({ service: [id], 'desired-state': ['running'] })).filter((t) => t.Status?.State === 'running').length;

  test('deploys the current manifest from the palette and converges, with the stack labels', async () => {
    await open('deploy', 'docker-compose.yml'); // the active editor's stack is what the palette command deploys
    const outcome = await vscode.commands.executeCommand<DeployOutcome>(CMD.deploy, { stackName: stack, yes: true, imageMap: IMAGE_MAP, timeoutSeconds: 120 });
    assert.strictEqual(outcome?.status, 'converged', JSON.stringify(outcome));
    assert.deepStrictEqual([...(outcome.created ?? [])].sort(), [`network ${stack}_default`, `${stack}_web`, `${stack}_worker`].sort());
    const svcs = await services();
    assert.deepStrictEqual(svcs.map((s) => s.Spec?.Name).sort(), [`${stack}_web`, `${stack}_worker`]);
    for (const s of svcs) {
      assert.strictEqual(s.Spec?.Labels?.[LABEL_NAMESPACE], stack);
      const cs = (s.Spec as ServiceSpec | undefined)?.TaskTemplate?.ContainerSpec;
      assert.strictEqual(cs?.Image, 'local/busybox:1', 'image mapped for the air-gapped swarm');
      assert.match(cs?.Labels?.[LABEL_IMAGE] ?? s.Spec?.Labels?.[LABEL_IMAGE] ?? '', /^local\/busybox:1|^example\//);
      assert.strictEqual(await running(s.ID), 1, `${s.Spec?.Name} runs its one task`);
    }
    const web = svcs.find((s) => s.Spec?.Name === `${stack}_web`)!;
    assert.ok((web.Spec as ServiceSpec | undefined)?.TaskTemplate?.ContainerSpec?.Env?.includes('GREETING=hello from .env'), 'interpolated from .env');
  });

  test('plans the unchanged stack as unchanged (redeploy changes nothing)', async () => {
    const plan = await vscode.commands.executeCommand<Plan>(CMD.plan, {
      files: ['deploy/docker-compose.yml'],
      stackName: stack,
      yes: true,
      imageMap: IMAGE_MAP,
    });
    assert.ok(plan, 'a plan');
    assert.deepStrictEqual(plan.services.map((s) => `${s.name}:${s.action}`).sort(), ['web:unchanged', 'worker:unchanged']);
    const again = await vscode.commands.executeCommand<DeployOutcome>(CMD.deploy, {
      files: ['deploy/docker-compose.yml'],
      stackName: stack,
      yes: true,
      imageMap: IMAGE_MAP,
      timeoutSeconds: 60,
    });
    assert.strictEqual(again?.status, 'converged', JSON.stringify(again));
    assert.deepStrictEqual(again.updated, []);
    assert.deepStrictEqual(again.created, []);
  });

  test('scales a service through the command and waits for convergence', async () => {
    const res = await vscode.commands.executeCommand<ConvergeResult>(CMD.scale, {
      service: 'web',
      stackName: stack,
      replicas: 2,
      yes: true,
      timeoutSeconds: 90,
    });
    assert.ok(res?.converged, JSON.stringify(res));
    const web = (await services()).find((s) => s.Spec?.Name === `${stack}_web`)!;
    assert.strictEqual(web.Spec?.Mode?.Replicated?.Replicas, 2);
    assert.strictEqual(await running(web.ID), 2);
  });

  test('rolls the scale back through the command (a rollback the user asked for is success)', async () => {
    const res = await vscode.commands.executeCommand<ConvergeResult>(CMD.rollback, { service: 'web', stackName: stack, yes: true, timeoutSeconds: 90 });
    assert.ok(res?.converged, JSON.stringify(res));
    const web = (await services()).find((s) => s.Spec?.Name === `${stack}_web`)!;
    assert.strictEqual(web.Spec?.Mode?.Replicated?.Replicas, 1, 'the spec before the scale is back');
    assert.strictEqual(web.UpdateStatus?.State, 'rollback_completed');
  });

  test('force-updates a service through the command: its tasks are replaced and it converges', async () => {
    const before = (await services()).find((s) => s.Spec?.Name === `${stack}_web`)!;
    const res = await vscode.commands.executeCommand<ConvergeResult>(CMD.forceUpdate, { service: 'web', stackName: stack, yes: true, timeoutSeconds: 90 });
    assert.ok(res?.converged, JSON.stringify(res));
    const after = (await services()).find((s) => s.Spec?.Name === `${stack}_web`)!;
    assert.strictEqual(after.Spec?.TaskTemplate?.ForceUpdate, (before.Spec?.TaskTemplate?.ForceUpdate ?? 0) + 1);
    assert.strictEqual(await running(after.ID), 1);
  });

  test('the doctor reports the converged stack healthy', async () => {
    const r = await vscode.commands.executeCommand<DoctorReport>(CMD.doctor, { stackName: stack, show: false });
    assert.ok(r, 'a report');
    assert.strictEqual(r.healthy, true, r.markdown);
    assert.match(r.markdown, new RegExp(stack));
  });

  test('reports a service that fails with its task error and node, and the doctor names the cause', async () => {
    const outcome = await vscode.commands.executeCommand<DeployOutcome>(CMD.deploy, {
      files: ['deploy-failing/docker-compose.yml'],
      stackName: failingStack,
      yes: true,
      imageMap: IMAGE_MAP,
      timeoutSeconds: 90,
    });
    assert.strictEqual(outcome?.status, 'not-converged', JSON.stringify(outcome));
    assert.deepStrictEqual(
      outcome.failing?.map((f) => f.service),
      [`${failingStack}_crash`],
    );
    const f = outcome.failing![0];
    assert.strictEqual(f.state, 'failed');
    assert.match(f.error ?? '', /\/no\/such\/program.*no such file/, JSON.stringify(f));
    assert.ok(f.node, 'the node it failed on');
    const doctor = await vscode.commands.executeCommand<DoctorReport>(CMD.doctor, { stackName: failingStack, show: false });
    assert.strictEqual(doctor?.healthy, false);
    assert.match(doctor.markdown, /## crash: 0\/1 running/);
    assert.match(doctor.markdown, /The container cannot start/);
    const r = await vscode.commands.executeCommand<RemoveResult>(CMD.removeStack, { stackName: failingStack, yes: true });
    assert.deepStrictEqual(r?.errors, []);
  });

  test('removes the stack through the command and leaves nothing behind', async () => {
    const r = await vscode.commands.executeCommand<RemoveResult>(CMD.removeStack, { stackName: stack, yes: true });
    assert.ok(r, 'a result');
    assert.deepStrictEqual(r.errors, []);
    assert.deepStrictEqual([...r.services].sort(), [`${stack}_web`, `${stack}_worker`]);
    assert.deepStrictEqual(r.networks, [`${stack}_default`]);
    const label = { label: [`${LABEL_NAMESPACE}=${stack}`] };
    assert.deepStrictEqual(await services(), []);
    assert.deepStrictEqual(
      (await client!.listNetworks(label)).map((n) => n.Name),
      [],
    );
    assert.deepStrictEqual([...(await client!.listSecrets(label)), ...(await client!.listConfigs(label))], []);
    // Tasks (and their containers) go a little after their service.
    await waitForAsync("the stack's tasks to go", async () => (await client!.listTasks(label)).length === 0, 60_000);
  });
});

async function waitForAsync(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
