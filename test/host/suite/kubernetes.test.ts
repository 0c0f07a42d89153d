// Export Stack to Kubernetes in the real extension host: the palette command (an options object in place of the
// folder dialog) loads dist/kubernetes.js on demand and writes valid manifests for the seed's 2016 stack.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { KubernetesExportOutcome } from '../../../src/vscode/deploy/kubernetesCommand';
import { closeAll, open } from './helpers';

const CMD = 'menderSwarm.deploy.exportKubernetes';

suite('Kubernetes export (palette command)', () => {
  teardown(closeAll);

  test('is contributed to the palette and the editor title, gated on trust', async () => {
    const ext = vscode.extensions.getExtension('mender-swarm.mender-swarm');
    assert.ok(ext);
    await ext.activate();
    const pkg = ext.packageJSON as { contributes: { commands: { command: string; title: string; enablement?: string }[]; menus: Record<string, { command: string; when?: string }[]> } };
    const c = pkg.contributes.commands.find((x) => x.command === CMD);
    assert.ok(c, 'contributed');
    assert.match(c.title, /Kubernetes/);
    assert.match(c.enablement ?? '', /isWorkspaceTrusted/);
    assert.ok(pkg.contributes.menus['editor/title'].some((m) => m.command === CMD && /manifestActive/.test(m.when ?? '')), 'in the editor title menu');
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
    assert.ok(r.issues.some((i) => i.code === 'k8s-untranslated' && /depends_on/.test(i.message)), 'swarm-only keys are findings');
  });
});
