// UI test: the real workbench in headless Chromium with the extension installed as a user would have it
// (symlinked into the extensions dir, no test driver). Opens a broken Mender manifest, waits for squiggles,
// and checks that the Problems panel lists exactly what the core finds; screenshots go to test-results/.
// Run: node --import tsx test/ui/problems.ui.ts (after scripts/build.mjs); MENDER_SWARM_UPDATE_SCREENSHOT=1
// also refreshes media/screenshot-problems.png for the README.
import * as assert from 'assert';
import * as path from 'path';
import type { Page } from 'playwright-core';
import type { Diagnostic } from '../../src/core/diagnostic';
import { lintStack } from '../../src/core/lint';
import { diskReader } from '../../src/core/manifest/files';
import { stackFilesFor } from '../../src/core/manifest/stackFiles';
import { ROOT, SHOTS, type VscodeServer, runUiTest } from './shots';

const FILE = path.join('ui', 'mender-broken.yml');
const t0 = Date.now();
const ts = (m: string): void => console.log(`[${((Date.now() - t0) / 1000).toFixed(2)}s] ${m}`);

/** What the editor must show: the core's findings for the file's stack, as the extension computes them. */
function expected(ws: string): Diagnostic[] {
  const file = path.join(ws, FILE);
  const { diagnostics } = lintStack({ files: stackFilesFor(file, diskReader, process.env).files, env: process.env });
  return diagnostics.filter((d) => d.file === file);
}

async function run(page: Page, ws: string, server: VscodeServer): Promise<void> {
  const want = expected(ws);
  assert.ok(
    want.some((d) => d.code === 'duplicate-key'),
    'the fixture has at least the duplicate key',
  );
  await page.goto(server.workbenchUrl({ folder: ws }));
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  ts('workbench');
  // Quick Open the manifest, as a user would.
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill('mender-broken.yml');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'mender-broken.yml' }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 30000 });
  ts('squiggles');
  await page.keyboard.press('Control+Shift+M');
  const rows = page.locator('.markers-panel .monaco-list-row');
  // One row per diagnostic, plus the file's header row.
  for (const d of want) {
    const where = `[Ln ${d.range.start.line + 1}, Col ${d.range.start.character + 1}]`;
    await rows
      .filter({ hasText: d.code })
      .filter({ hasText: where })
      .first()
      .waitFor({ timeout: 15000 })
      .catch(() => {
        throw new Error(`no Problems row for ${d.code} ${where}`);
      });
  }
  const texts = await rows.allInnerTexts();
  // A diagnostic's row names its source; its related-information rows ("file [Ln, Col]: message") do not.
  const markerRows = texts.filter((t) => /\[Ln \d+, Col \d+\]/.test(t) && t.includes('mender-swarm'));
  const relatedRows = texts.filter((t) => /\[Ln \d+, Col \d+\]/.test(t) && !t.includes('mender-swarm'));
  assert.strictEqual(markerRows.length, want.length, `Problems rows:\n${texts.join('\n---\n')}`);
  assert.strictEqual(
    relatedRows.length,
    want.reduce((n, d) => n + (d.related?.length ?? 0) + (d.detail ? 1 : 0), 0),
    'one row per related location and detail',
  );
  for (const d of want) {
    assert.ok(
      markerRows.some((t) => t.includes(d.message.slice(0, 40)) && t.includes('mender-swarm')),
      `row with "${d.message.slice(0, 40)}..." from mender-swarm`,
    );
  }
  ts(`Problems lists ${want.length} rows: ${want.map((d) => d.code).join(', ')}`);
  await page.screenshot({ path: path.join(SHOTS, 'problems.png') });
  const first = want.find((d) => d.fixes?.length);
  if (first) {
    // The core's quick fix shows in the editor's lightbulb menu (Ctrl+.) on the finding.
    await rows.filter({ hasText: first.code }).first().click();
    await page.keyboard.press('Enter'); // reveals the finding in the editor, cursor on it
    await page.keyboard.press('Control+1'); // focus the editor group, where Ctrl+. applies
    await page.keyboard.press('Control+.');
    const item = page.locator('.action-widget .monaco-list-row', { hasText: first.fixes![0].title.slice(0, 30) });
    await item.first().waitFor({ timeout: 15000 });
    ts(`quick fix offered: ${first.fixes![0].title}`);
    await page.screenshot({ path: path.join(SHOTS, 'quick-fix.png') });
    await page.keyboard.press('Escape');
  }
  // Closing the only editor of the stack clears its problems.
  await page.locator('.monaco-editor').first().click();
  await page.keyboard.press('Control+W'); // not intercepted by the browser in headless mode
  await page.locator('.markers-panel .monaco-list-row', { hasText: 'mender-swarm' }).first().waitFor({ state: 'detached', timeout: 15000 });
  ts('problems cleared after close');
}

runUiTest({
  name: 'problems',
  workspace: path.join(ROOT, 'test/host/fixtures/ws'),
  // Tall enough that the Problems list (each finding with its detail row) is rendered whole, not virtualised.
  viewport: { width: 1280, height: 1000 },
  readmeShots: { 'problems.png': 'screenshot-problems.png' },
  run,
});
