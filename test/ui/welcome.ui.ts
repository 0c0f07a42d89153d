// UI test: the explorer's welcome for an engine it cannot reach, in the real workbench (headless Chromium, the
// extension installed as a user has it). The engine setting names a socket nobody listens on: the view shows the
// daemon's words and the actions that fix it, Retry asks again (and gets the same answer), and the screenshot goes to
// test-results/ (MENDER_SWARM_UPDATE_SCREENSHOT=1, or a missing file, refreshes media/screenshot-explorer-welcome.png).
// Needs no swarm. Run: node --import tsx test/ui/welcome.ui.ts (after scripts/build.mjs).
import * as assert from 'assert';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { SHOTS, ROOT, type VscodeServer, runUiTest } from './shots';

const t0 = Date.now();
const ts = (m: string): void => console.log(`[${((Date.now() - t0) / 1000).toFixed(2)}s] ${m}`);

/** The socket the engine setting names: nobody listens on it. */
const socketIn = (tmp: string): string => path.join(tmp, 'no-engine.sock');

async function run(page: Page, ws: string, server: VscodeServer, tmp: string): Promise<void> {
  const socket = socketIn(tmp);
  await page.goto(server.workbenchUrl({ folder: ws }));
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  ts('workbench');
  await page.locator('.activitybar a.action-label[aria-label^="Mender Swarm"]').click();
  const sidebar = page.locator('[id="workbench.parts.sidebar"]');
  const rows = sidebar.locator('.monaco-list-row');
  const row = (text: string | RegExp) => rows.filter({ hasText: text }).first();
  await row('Cannot connect to the Docker engine')
    .waitFor({ timeout: 30000 })
    .catch(async () => {
      throw new Error(`no "Cannot connect" row; rows: ${(await rows.allInnerTexts()).join(' | ')}`);
    });
  const texts = (await rows.allInnerTexts()).map((t) => t.replace(/\n/g, ' '));
  // The daemon's (here: the socket's) words beside the title, then one row per action that can fix it.
  assert.ok(texts[0].includes(socket) || /ENOENT|connect/.test(texts[0]), `the problem row says why: ${texts[0]}`);
  assert.deepEqual(texts.slice(1), ['Retry', 'Configure the Docker engine…', 'Switch Docker context…']);
  ts(`welcome rows: ${texts.join(' | ')}`);
  // The status bar says the same.
  await page
    .locator('.statusbar-item', { hasText: /unreachable/ })
    .first()
    .waitFor({ timeout: 10000 });
  // Retry asks the engine again: the rows come back the same, nothing throws.
  await row('Retry').click();
  await page.waitForTimeout(1500);
  await row('Cannot connect to the Docker engine').waitFor({ timeout: 15000 });
  // Widen the sidebar so the daemon's words beside the title are readable in the screenshot.
  const box = await sidebar.boundingBox();
  if (box) {
    await page.mouse.move(box.x + box.width + 1, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + 820, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
  }
  await page.mouse.move(0, 0);
  await page.screenshot({ path: path.join(SHOTS, 'explorer-welcome.png') });
}

runUiTest({
  name: 'welcome',
  workspace: path.join(ROOT, 'test/host/fixtures/ws'),
  viewport: { width: 1100, height: 520 },
  settings: (tmp) => ({ 'menderSwarm.docker.host': `unix://${socketIn(tmp)}` }),
  readmeShots: { 'explorer-welcome.png': 'screenshot-explorer-welcome.png' },
  run,
});
