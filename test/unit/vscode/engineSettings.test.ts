// Engine-choosing settings in untrusted workspaces (issue #9, part 6): a workspace's own
// `menderSwarm.docker.host` / `.context` must not point the explorer (and the user's ssh agent) anywhere
// until the workspace is trusted.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { trustedSettingValue } from '../../../src/vscode/engineSettings';
import { ROOT } from '../helpers';

test('untrusted: only the user value (or the default) counts; trusted: folder, workspace, user, default', () => {
  const layers = {
    defaultValue: '',
    globalValue: 'unix:///var/run/docker.sock',
    workspaceValue: 'ssh://attacker@evil.example',
    workspaceFolderValue: 'tcp://evil:2375',
  };
  assert.equal(trustedSettingValue(layers, false), 'unix:///var/run/docker.sock');
  assert.equal(trustedSettingValue(layers, true), 'tcp://evil:2375');
  assert.equal(trustedSettingValue({ defaultValue: '', workspaceValue: 'ssh://attacker@evil.example' }, false), '');
  assert.equal(trustedSettingValue({ defaultValue: '', workspaceValue: 'ssh://a@b' }, true), 'ssh://a@b');
  assert.equal(trustedSettingValue(undefined, true), undefined);
});

test('package.json restricts the engine-choosing settings in untrusted workspaces', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
  };
  const restricted = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations;
  for (const key of ['menderSwarm.docker.host', 'menderSwarm.docker.context']) assert.ok(restricted.includes(key), key);
});

test('the explorer and the deploy commands read the engine settings only through the trust-aware selection', () => {
  for (const file of ['src/vscode/explorer/engine.ts', 'src/vscode/deploy/shared.ts']) {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    assert.match(text, /engineSettings\(.*isTrusted\)/, file);
    assert.doesNotMatch(text, /get<string>\((SETTINGS|ENGINE_SETTINGS)\.(host|context)\)/, file);
  }
});
