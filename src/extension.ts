import * as vscode from 'vscode';
import type { ExtensionDeps } from './vscode/deps';
import { maskedLog } from './vscode/maskedLog';
import { recordActivation } from './vscode/activation';
import { deferFeatures } from './vscode/lazy';

/**
 * Only wires: the features (src/vscode/features.ts, each behind one `registerX(context, deps)`) are a separate
 * bundle loaded just after activation returns, so activating costs this small entry bundle alone.
 */
export function activate(context: vscode.ExtensionContext): void {
  const t0 = performance.now();
  const log = maskedLog(vscode.window.createOutputChannel('Mender Swarm', { log: true }));
  context.subscriptions.push(log);
  const deps: ExtensionDeps = { log };
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous lazy load, after activation returns
  const ready = deferFeatures(context, deps, () => (require('./vscode/features') as typeof import('./vscode/features')).registerFeatures);
  recordActivation(context, deps, t0, ready);
}

export function deactivate(): void {
  // Everything registered is disposed through context.subscriptions.
}
