// What the UI tests share: where screenshots go, the README's committed copies, and how a failure is reported.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Page } from 'playwright-core';

export const ROOT = path.resolve(__dirname, '../..');
export const SHOTS = process.env.SHOTS ?? path.join(ROOT, 'test-results');

/** The README's screenshots are committed: refresh one only when asked (or missing), not on every run. */
export function keepReadmeShot(shot: string, readmeName: string): void {
  const readmeShot = path.join(ROOT, 'media', readmeName);
  if (process.env.MENDER_SWARM_UPDATE_SCREENSHOT === '1' || !fs.existsSync(readmeShot)) fs.copyFileSync(path.join(SHOTS, shot), readmeShot);
}

/** A failed UI test leaves a screenshot of the workbench and prints the server log's tail. */
export async function reportUiFailure(e: unknown, page: Page, serverLog: () => string, shot: string): Promise<void> {
  console.error(e instanceof Error ? e.message : e);
  await page.screenshot({ path: path.join(SHOTS, shot) }).catch(() => undefined);
  console.error(`screenshot: ${path.join(SHOTS, shot)}\n--- server log (tail) ---\n${serverLog().slice(-3000)}`);
}

/** test/host/vscode-server.js (plain JS, shared with the host tests and the demo), typed for the UI tests. */
export interface VscodeServer {
  workbenchUrl(o: { folder: string }): string;
  stop(): Promise<void>;
  log(): string;
}
export interface ServerModule {
  startServer(o: {
    installExtensions: string[];
    smokeTestDriver: boolean;
    settings?: Record<string, unknown>;
    env?: Record<string, string>;
  }): Promise<VscodeServer>;
  launchBrowser(): Promise<import('playwright-core').Browser>;
}
export const { startServer, launchBrowser } = require('../host/vscode-server.js') as ServerModule;

/** One UI test in a workbench of its own: what differs between them; `runUiTest` does the rest. */
export interface UiTest {
  /** Names the temporary folder and the failure screenshot (`<name>-failure.png`). */
  name: string;
  /** Copied as the workspace folder: the workbench may write into it (.vscode/), the checked-in tree stays clean. */
  workspace: string;
  viewport: { width: number; height: number };
  /** User settings of the VS Code server. */
  settings?: (tmp: string) => Record<string, unknown>;
  /** Screenshots in test-results/ kept as the README's (media/) after a pass: shot -> README name. */
  readmeShots?: Record<string, string>;
  run(page: Page, ws: string, server: VscodeServer, tmp: string): Promise<void>;
}

/**
 * Starts the VS Code server with the extension installed as a user has it, a browser and a page, runs the test,
 * keeps its README screenshots after a pass or reports the failure (screenshot, server log), and always cleans up.
 * Prints "N passed, M failed" (scripts/test-host.mjs reads the exit code) and exits.
 */
export function runUiTest(t: UiTest): void {
  const main = async (): Promise<number> => {
    fs.mkdirSync(SHOTS, { recursive: true });
    const failureShot = `${t.name}-failure.png`;
    fs.rmSync(path.join(SHOTS, failureShot), { force: true }); // a stale one would mislead
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `mender-swarm-ui-${t.name}-`));
    const ws = path.join(tmp, 'ws');
    fs.cpSync(t.workspace, ws, { recursive: true });
    let server: VscodeServer | undefined;
    let browser: import('playwright-core').Browser | undefined;
    let failed = 0;
    try {
      server = await startServer({ installExtensions: [ROOT], smokeTestDriver: false, settings: t.settings?.(tmp) });
      browser = await launchBrowser();
      const page = await browser.newPage({ viewport: t.viewport });
      try {
        await t.run(page, ws, server, tmp);
        for (const [shot, readme] of Object.entries(t.readmeShots ?? {})) keepReadmeShot(shot, readme);
      } catch (e) {
        failed = 1;
        await reportUiFailure(e, page, server.log, failureShot);
      }
    } finally {
      await browser?.close();
      await server?.stop();
      fs.rmSync(tmp, { recursive: true, force: true });
    }
    console.log(`${1 - failed} passed, ${failed} failed`);
    return failed;
  };
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
