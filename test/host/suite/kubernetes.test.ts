// Export Stack to Kubernetes in the real extension host: the palette command (an options object in place of the
// folder dialog) loads dist/kubernetes.js on demand and writes valid manifests for the seed's 2016 stack.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { KubernetesExportOutcome } from '../../../src/vscode/deploy/kubernetesCommand';
import { closeAll, open, ours, waitFor, waitForSome, wsFile } from './helpers';

const CMD = 'menderSwarm.deploy.exportKubernetes';

suite('Kubernetes export (palette command)', () => {
  teardown(closeAll);

  test('is contributed to the palette and the editor title, gated on trust', async () => {
    const ext = vscode.extensions.getExtension('mender-swarm.mender-swarm');
    assert.ok(ext);
    await ext.activate();
    const pkg = ext.packageJSON as {
      contributes: { commands: { command: string; title: string; enablement?: string }[]; menus: Record<string, { command: string; when?: string }[]> };
    };
    const c = pkg.contributes.commands.find((x) => x.command === CMD);
    assert.ok(c, 'contributed');
    assert.match(c.title, /Kubernetes/);
    assert.match(c.enablement ?? '', /isWorkspaceTrusted/);
    assert.ok(
      pkg.contributes.menus['editor/title'].some((m) => m.command === CMD && /manifestActive/.test(m.when ?? '')),
      'in the editor title menu',
    );
    assert.ok((await vscode.commands.getCommands(true)).includes(CMD), 'registered');
  });

  test('exports the active 2016 stack to valid manifests, one Service per alias, owner-only files', async () => {
    await open('seed-2016', 'docker-compose.yml');
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-host-k8s-'));
    const r = await vscode.commands.executeCommand<KubernetesExportOutcome | undefined>(CMD, { stackName: 'mender', output: out, publish: 'LoadBalancer' });
    assert.ok(r, 'the command resolves to its outcome');
    assert.deepEqual(r.invalid, []);
    assert.equal(r.namespace, 'mender');
    assert.ok(r.files.includes('kustomization.yaml') && r.files.includes('namespace.yaml'), r.files.join(', '));
    const kust = fs.readFileSync(path.join(out, 'kustomization.yaml'), 'utf8');
    for (const f of r.files.filter((x) => x !== 'kustomization.yaml')) assert.ok(kust.includes(`- ${f}`), `kustomization lists ${f}`);
    const all = r.files.map((f) => fs.readFileSync(path.join(out, f), 'utf8')).join('\n');
    assert.match(all, /kind: StatefulSet\nmetadata:\n {2}name: minio\n/);
    assert.match(all, /kind: Service\nmetadata:\n {2}name: s3-docker-mender-io\n/);
    assert.match(all, /type: LoadBalancer/);
    assert.equal(fs.statSync(path.join(out, 'minio.yaml')).mode & 0o777, 0o600);
    assert.ok(
      r.issues.some((i) => i.code === 'k8s-untranslated' && /depends_on/.test(i.message)),
      'swarm-only keys are findings',
    );
  });
});

suite('k8s-name while typing (the kubernetes target)', () => {
  const config = wsFile('seed-2016', 'mender-swarm.config.json');
  teardown(async () => {
    await closeAll();
    try {
      await vscode.workspace.fs.delete(config);
    } catch {
      /* not written */
    }
  });

  test('"targets": ["swarm", "kubernetes"] in the configuration file shows k8s-name at a dotted alias; removed, it goes', async () => {
    const { document } = await open('seed-2016', 'docker-compose.yml');
    const uri = document.uri;
    await waitFor('the stack linted', () => ours(uri).length > 0);
    assert.deepStrictEqual(ours(uri, 'k8s-name'), [], 'silent without the target');
    await vscode.workspace.fs.writeFile(config, Buffer.from(JSON.stringify({ targets: ['swarm', 'kubernetes'] })));
    const found = await waitForSome('k8s-name on the aliases', () => ours(uri, 'k8s-name'));
    const alias = found.find((d) => document.getText(d.range) === 's3.docker.mender.io');
    assert.ok(alias, found.map((d) => document.getText(d.range)).join(', '));
    assert.strictEqual(alias.range.start.line, 22);
    assert.strictEqual(alias.severity, vscode.DiagnosticSeverity.Information);
    await vscode.workspace.fs.delete(config);
    await waitFor('silent again', () => ours(uri, 'k8s-name').length === 0);
  });
});
