import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allCodes } from '../../../src/core/rules';
import { ROOT } from '../helpers';

const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, unknown> }; commands: { command: string; enablement?: string }[] };
  engines: { vscode: string };
};

test('the README documents every diagnostic code the linter can emit', () => {
  const missing = allCodes()
    .map((c) => c.code)
    .filter((c) => !readme.includes(`\`${c}\``));
  assert.deepEqual(missing, []);
});

test('the README names every setting', () => {
  const missing = Object.keys(pkg.contributes.configuration.properties)
    .map((k) => k.replace(/^menderSwarm\./, ''))
    .filter((k) => !readme.includes(k));
  assert.deepEqual(missing, []);
});

test('the README holds the two set-up commands', () => {
  assert.match(readme, /npm ci && npm run demo/);
  assert.match(readme, /npm ci && npm test/);
});

test('engines.vscode stays within the VS Code host we test in (1.100)', () => {
  const m = /(\d+)\.(\d+)/.exec(pkg.engines.vscode)!;
  assert.ok(Number(m[1]) === 1 && Number(m[2]) <= 100, pkg.engines.vscode);
});

test('commands that change a swarm are disabled in untrusted workspaces', () => {
  const changing = pkg.contributes.commands.filter((c) => /deploy\.|explorer\.(drain|pause|activate|promote|demote|initSwarm)/.test(c.command));
  assert.ok(changing.length >= 15);
  for (const c of changing) assert.match(c.enablement ?? '', /isWorkspaceTrusted/, c.command);
});
