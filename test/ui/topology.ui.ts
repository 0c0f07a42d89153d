// UI test: the stack topology in the real workbench. Opens the broken demo stack, shows its topology from the
// command palette, reaches into the webview's frame, and checks that the red edges are exactly the link problems
// the Problems panel lists (same messages), that a box click reveals its service's line, and that a broken YAML
// keeps the picture under a banner. Screenshot: test-results/topology.png (media/screenshot-topology.png).
// Run: node --import tsx test/ui/topology.ui.ts (after scripts/build.mjs).
import * as assert from 'assert';
import * as path from 'path';
import type { FrameLocator, Page } from 'playwright-core';
import { lintStack } from '../../src/core/lint';
import { buildTopology } from '../../src/core/topology/model';
import { ROOT, SHOTS, type VscodeServer, runUiTest } from './shots';

const t0 = Date.now();
const ts = (m: string): void => console.log(`[${((Date.now() - t0) / 1000).toFixed(2)}s] ${m}`);

/** The webview's content: VS Code nests the page in an iframe inside the webview's iframe. */
function webview(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

async function palette(page: Page, command: string): Promise<void> {
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${command}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: command }).first().waitFor();
  await page.keyboard.press('Enter');
}

async function run(page: Page, ws: string, server: VscodeServer): Promise<void> {
  const file = path.join(ws, 'docker-compose.broken.yml');
  const { project, diagnostics } = lintStack({ files: [file], env: {} });
  const want = buildTopology(project, diagnostics).edges.filter((e) => e.broken);
  // A default MongoDB host nothing answers and a depends_on on a service the file lacks (at least).
  assert.ok(want.length >= 2, `the demo stack has broken links: ${want.map((e) => e.id).join(', ')}`);
  await page.goto(server.workbenchUrl({ folder: ws }));
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill('docker-compose.broken.yml');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'docker-compose.broken.yml' }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 30000 });
  ts('stack open, squiggles');
  await palette(page, 'Show Stack Topology');
  const frame = webview(page);
  await frame.locator('svg.topology').waitFor({ timeout: 60000 });
  ts('topology drawn');

  // The red edges: one per link problem, with the message the Problems panel shows.
  const red = frame.locator('g.edge.broken');
  assert.strictEqual(await red.count(), want.length, 'one red edge per broken link');
  const labels = await red.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  await page.keyboard.press('Control+Shift+M');
  const rows = page.locator('.markers-panel .monaco-list-row');
  for (const e of want) {
    assert.ok(
      labels.some((l) => l.includes(e.broken!.message)),
      `a red edge carries "${e.broken!.message.slice(0, 60)}..."`,
    );
    await rows
      .filter({ hasText: e.broken!.code })
      .filter({ hasText: e.broken!.message.slice(0, 40) })
      .first()
      .waitFor({ timeout: 15000 })
      .catch(() => {
        throw new Error(`the Problems panel has no row for ${e.broken!.code}: ${e.broken!.message.slice(0, 60)}`);
      });
  }
  ts(`${want.length} red edges, each listed in Problems: ${want.map((e) => e.broken!.code).join(', ')}`);
  await page.keyboard.press('Control+Shift+M'); // the panel away again, for the screenshot
  await frame.locator('#zoom-fit').click();
  const errorBoxes = await frame.locator('g.node.error').evaluateAll((els) => els.map((e) => e.getAttribute('data-node')));
  assert.ok(errorBoxes.includes('mender-deployments'), `services with errors are marked (${errorBoxes.join(', ')})`);
  // Its repeated image key is a warning (docker stack deploy takes the last value): marked as one.
  assert.equal(await frame.locator('g.node.warning[data-node="mender-gui"]').count(), 1, 'mender-gui is marked with its warning');
  await page.screenshot({ path: path.join(SHOTS, 'topology.png') });

  // Click a box: the editor goes to the service's line.
  const gui = project.services.get('mender-gui')!;
  const line = gui.keySpan.file.rangeOf(gui.keySpan).start.line + 1;
  await frame.locator('g.node[data-node="mender-gui"]').click();
  await page
    .locator('.statusbar-item', { hasText: new RegExp(`Ln ${line}, Col \\d+`) })
    .first()
    .waitFor({ timeout: 15000 })
    .catch(async () => {
      throw new Error(`no "Ln ${line}" in the status bar: ${(await page.locator('.statusbar').innerText()).replace(/\s+/g, ' ')}`);
    });
  ts(`box click revealed line ${line}`);
  // Keyboard: Enter on a focused edge reveals its line too.
  const edge = want.find((e) => e.kind === 'depends_on')!;
  await frame.locator(`g.edge[data-edge="${edge.id}"]`).focus();
  await frame.locator(`g.edge[data-edge="${edge.id}"]`).press('Enter');
  await page
    .locator('.statusbar-item', { hasText: new RegExp(`Ln ${edge.location.line + 1}, Col ${edge.location.character + 1}`) })
    .first()
    .waitFor({ timeout: 15000 });
  ts(`Enter on an edge revealed line ${edge.location.line + 1}`);

  // Type a YAML error: the picture stays, with a banner saying where.
  await page.keyboard.press('Control+End');
  // `@` cannot start a plain YAML value (and the editor auto-closes nothing after it).
  await page.keyboard.type('\n  broken: @x\n');
  await frame.locator('#banner', { hasText: 'last picture' }).waitFor({ timeout: 20000 });
  const banner = await frame.locator('#banner').innerText();
  assert.match(banner, /docker-compose\.broken\.yml:\d+: .*last picture/);
  assert.strictEqual(await frame.locator('g.edge.broken').count(), want.length, 'the last good picture is still drawn');
  ts(`banner: ${banner.slice(0, 80)}`);
  await page.screenshot({ path: path.join(SHOTS, 'topology-banner.png') });
}

runUiTest({
  name: 'topology',
  workspace: path.join(ROOT, 'examples/mender-2016'),
  viewport: { width: 1400, height: 800 },
  readmeShots: { 'topology.png': 'screenshot-topology.png' },
  run,
});
