// What the UI tests share: where screenshots go, the README's committed copies, and how a failure is reported.
import * as fs from 'fs';
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
  startServer(o: { installExtensions: string[]; smokeTestDriver: boolean; settings?: Record<string, unknown> }): Promise<VscodeServer>;
  launchBrowser(): Promise<import('playwright-core').Browser>;
}
export const { startServer, launchBrowser } = require('../host/vscode-server.js') as ServerModule;
