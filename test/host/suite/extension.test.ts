import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './helpers';

suite('Extension', () => {
  test('activates and contributes its settings under menderSwarm.', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is loaded`);
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
    const cfg = vscode.workspace.getConfiguration('menderSwarm');
    assert.strictEqual(cfg.get('lint.debounceMs'), 250);
    assert.deepStrictEqual(cfg.get('rules'), {});
    assert.ok((cfg.get<string[]>('manifest.patterns') ?? []).includes('**/{docker-,}compose*.{yml,yaml}'));
    const props = Object.keys((ext.packageJSON as { contributes: { configuration: { properties: object } } }).contributes.configuration.properties);
    for (const key of props) assert.match(key, /^menderSwarm\./, 'one settings prefix');
  });

  test('runs in the workspace given by runTest and sees its extensionTestsEnv', () => {
    // Later suites reach the test swarm through MENDER_SWARM_TEST_DOCKER_HOST; this proves the path works.
    assert.strictEqual(process.env.MENDER_SWARM_TEST_ENV_MARK, 'from-runTest');
    assert.ok('MENDER_SWARM_TEST_DOCKER_HOST' in process.env, 'MENDER_SWARM_TEST_DOCKER_HOST is forwarded');
    assert.strictEqual(vscode.workspace.workspaceFolders?.length, 1);
  });
});
