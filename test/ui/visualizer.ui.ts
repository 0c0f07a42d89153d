// UI test: the swarm visualizer in the real workbench against the two-node harness swarm. Creates a stack of its
// own (four replicas spread over both nodes), opens the visualizer from the palette, reaches into the webview's
// frame, drains worker1 and watches the tasks move to the manager on the board (the worker's column says
// "drain"), then ALWAYS activates worker1 again and removes its services. Screenshot: test-results/visualizer.png
// (media/screenshot-visualizer.png).
// Run: eval "$(node --import tsx test/harness/swarm-cli.ts up --multi)"; node scripts/build.mjs;
//      flock /tmp/msw-tests.lock node --import tsx test/ui/visualizer.ui.ts
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { FrameLocator, Page } from 'playwright-core';
import { SwarmClient } from '../../src/docker/client';
import { keepReadmeShot, launchBrowser, reportUiFailure, ROOT, SHOTS, startServer, type VscodeServer } from './shots';

const HOST = process.env.MENDER_SWARM_TEST_DOCKER_HOST || undefined;
const STACK = 'topoviz';
const LABEL = 'mender-swarm.test-run';
const RUN = `viz${Date.now().toString(36)}`;
const REPLICAS = 4;
const t0 = Date.now();
const ts = (m: string): void => console.log(`[${((Date.now() - t0) / 1000).toFixed(2)}s] ${m}`);

function webview(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

async function setAvailability(client: SwarmClient, id: string, availability: 'drain' | 'active'): Promise<void> {
  const n = await client.inspectNode(id);
  await client.updateNode(id, n.Version!.Index!, { ...n.Spec!, Availability: availability });
}

async function run(page: Page, ws: string, server: VscodeServer, client: SwarmClient, worker: { id: string; name: string }): Promise<void> {
  await page.goto(server.workbenchUrl({ folder: ws }));
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  // The Mender Swarm container (the explorer the board follows), then its title button opens the visualizer.
  await page.locator('.activitybar a.action-label[aria-label^="Mender Swarm"]').click();
  await page.locator('[id="workbench.parts.sidebar"] .monaco-list-row').first().waitFor({ timeout: 60000 });
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill('>Show Swarm Visualizer');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Swarm Visualizer' }).first().waitFor();
  await page.keyboard.press('Enter');
  const frame = webview(page);
  const mine = (col: string): ReturnType<FrameLocator['locator']> => frame.locator(`section${col} .card.running`, { hasText: `${STACK}_web.` });
  await frame
    .locator('section .card', { hasText: `${STACK}_web.` })
    .first()
    .waitFor({ timeout: 60000 });
  // Only this test's stack on the board.
  await frame.locator('#stack-filter').selectOption({ label: STACK });
  await mine('')
    .nth(REPLICAS - 1)
    .waitFor({ timeout: 60000 });
  const onWorker = await mine(`[data-node="${worker.id}"]`).count();
  assert.ok(onWorker > 0, `some of the ${REPLICAS} tasks run on ${worker.name} before the drain`);
  ts(`board: ${REPLICAS} tasks, ${onWorker} on ${worker.name}`);

  await setAvailability(client, worker.id, 'drain');
  ts(`${worker.name} drained`);
  // The board follows the explorer's refreshes: the worker's column says drain and its tasks move to the manager.
  await frame.locator(`section.drain[data-node="${worker.id}"]`).waitFor({ timeout: 60000 });
  await frame
    .locator(`section[data-node="${worker.id}"] .card`, { hasText: `${STACK}_web.` })
    .first()
    .waitFor({ state: 'detached', timeout: 90000 })
    .catch(async () => {
      throw new Error(`tasks still on ${worker.name}: ${await frame.locator(`section[data-node="${worker.id}"]`).innerText()}`);
    });
  await mine(`:not([data-node="${worker.id}"])`)
    .nth(REPLICAS - 1)
    .waitFor({ timeout: 90000 });
  ts(`all ${REPLICAS} tasks moved off ${worker.name}`);
  await page.screenshot({ path: path.join(SHOTS, 'visualizer.png') });
  // Keyboard: a card takes focus and Enter shows its actions.
  const card = mine('').first();
  await card.focus();
  await card.press('Enter');
  await frame.locator('.card.selected button[data-action="logs"]').waitFor({ timeout: 10000 });
  ts('Enter on a card shows inspect/logs');
}

async function main(): Promise<number> {
  if (!HOST) {
    const msg = 'MENDER_SWARM_TEST_DOCKER_HOST not set: eval "$(node --import tsx test/harness/swarm-cli.ts up --multi)"';
    if (process.env.CI) {
      console.error(msg);
      return 1;
    }
    console.log(`skipped: ${msg}`);
    return 0;
  }
  fs.mkdirSync(SHOTS, { recursive: true });
  fs.rmSync(path.join(SHOTS, 'visualizer-failure.png'), { force: true });
  const client = SwarmClient.fromEnvironment({ host: HOST });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mender-swarm-ui-visualizer-'));
  const ws = path.join(tmp, 'ws');
  fs.mkdirSync(ws, { recursive: true });
  let failed = 0;
  let server: VscodeServer | undefined;
  let browser: import('playwright-core').Browser | undefined;
  let worker: { id: string; name: string } | undefined;
  try {
    const w = (await client.listNodes()).find((n) => n.Spec?.Role === 'worker');
    assert.ok(w, 'the harness swarm has a worker (up --multi)');
    worker = { id: w.ID!, name: w.Description?.Hostname ?? w.ID! };
    await client.createService({
      Name: `${STACK}_web`,
      Labels: { 'com.docker.stack.namespace': STACK, [LABEL]: RUN },
      TaskTemplate: {
        ContainerSpec: { Image: 'local/busybox:1', Command: ['sh', '-c', 'sleep 100000'], Init: true, StopGracePeriod: 500_000_000 },
        RestartPolicy: { Condition: 'any' },
      },
      Mode: { Replicated: { Replicas: REPLICAS } },
      EndpointSpec: { Mode: 'dnsrr' },
    });
    ts('service created');
    server = await startServer({
      installExtensions: [ROOT],
      smokeTestDriver: false,
      settings: { 'menderSwarm.docker.host': HOST, 'menderSwarm.explorer.pollIntervalSeconds': 2 },
    });
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    try {
      await run(page, ws, server, client, worker);
      keepReadmeShot('visualizer.png', 'screenshot-visualizer.png');
    } catch (e) {
      failed = 1;
      await reportUiFailure(e, page, server.log, 'visualizer-failure.png');
    }
  } catch (e) {
    failed = 1;
    console.error(e instanceof Error ? e.message : e);
  } finally {
    // The swarm is shared: worker1 is active again and nothing of this run is left, whatever happened.
    if (worker)
      await setAvailability(client, worker.id, 'active').catch((e: unknown) => {
        failed = 1;
        console.error(`could not activate ${worker!.name} again: ${String(e)}`);
      });
    await browser?.close();
    await server?.stop();
    const mine = await client.listServices({ filters: { label: [`${LABEL}=${RUN}`] } }).catch(() => []);
    await Promise.all(mine.map((s) => client.removeService(s.ID).catch(() => undefined)));
    client.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`${1 - failed} passed, ${failed} failed`);
  return failed;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
