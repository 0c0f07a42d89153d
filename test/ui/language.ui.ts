// UI test of issue 11's language features in the real workbench (headless Chromium, the extension installed as a
// user has it): type in a stack file, accept a completion of the schema's keys, and see the stack in the Outline.
// Run: node --import tsx test/ui/language.ui.ts (after scripts/build.mjs); screenshots go to test-results/.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { ROOT, SHOTS, type VscodeServer, runUiTest } from './shots';

const t0 = Date.now();
const ts = (m: string): void => console.log(`[${((Date.now() - t0) / 1000).toFixed(2)}s] ${m}`);

async function command(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 15000 });
  await page.keyboard.press('Enter');
}

async function run(page: Page, ws: string, server: VscodeServer): Promise<void> {
  const file = path.join(ws, 'language', 'docker-compose.yml');
  assert.match(fs.readFileSync(file, 'utf8'), /\n {4}env_file: inventory\.env\n/, 'the line the test types under');
  await page.goto(server.workbenchUrl({ folder: ws }));
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  ts('workbench');
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill('language/docker-compose.yml');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'docker-compose.yml' }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .view-lines').first().waitFor();
  ts('editor open');
  // Go to the env_file line of inventory, open a line below it (indented by the editor) and type half a key.
  await page.locator('.monaco-editor .view-line', { hasText: 'env_file: inventory.env' }).first().click();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('healthch');
  await page.keyboard.press('Control+Space');
  const row = page.locator('.suggest-widget .monaco-list-row', { hasText: 'healthcheck' }).first();
  await row.waitFor({ timeout: 30000 });
  ts('completion offered');
  await page.screenshot({ path: path.join(SHOTS, 'language-completion.png') });
  await page.keyboard.press('Enter');
  // The snippet opened the mapping: the next line is indented under healthcheck:, where the schema's keys complete.
  await page.keyboard.type('inter');
  await page.keyboard.press('Control+Space');
  await page.locator('.suggest-widget .monaco-list-row', { hasText: 'interval' }).first().waitFor({ timeout: 30000 });
  await page.keyboard.press('Enter');
  // The editor's line elements in the order they are shown (Monaco appends new lines' elements at the end).
  type Line = { style: { top: string }; textContent: string | null };
  const text = await page
    .locator('.monaco-editor .view-lines')
    .first()
    .evaluate((el) =>
      [...el.querySelectorAll('.view-line')]
        .map((l) => l as unknown as Line)
        .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
        .map((l) => l.textContent ?? '')
        .join('\n'),
    );
  assert.match(text.replace(/\u00a0/g, ' '), /env_file: inventory\.env\n {4}healthcheck:\n {6}interval: /, text);
  ts('completions accepted');
  await command(page, 'Explorer: Focus on Outline View');
  const outline = page.locator('[id="workbench.parts.sidebar"] .monaco-list-row');
  // The rows that fit the panel (the tree is virtualised: secrets below it are not rendered).
  for (const name of ['services', 'inventory', 'deviceauth', 'networks', 'backend']) {
    await outline
      .filter({ hasText: name })
      .first()
      .waitFor({ timeout: 30000 })
      .catch(() => {
        throw new Error(`no Outline row for ${name}`);
      });
  }
  ts('outline shows the stack');
  await page.screenshot({ path: path.join(SHOTS, 'language-outline.png') });
}

runUiTest({
  name: 'language',
  workspace: path.join(ROOT, 'test/host/fixtures/ws'),
  viewport: { width: 1280, height: 760 },
  run,
});
