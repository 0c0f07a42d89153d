import * as vscode from 'vscode';
import type { ExtensionDeps } from './deps';

/**
 * How long activation took: from the first statement of the bundle (a banner scripts/build.mjs puts there)
 * to the end of activate(). Logged, and read back by the benchmark's host test through the (undeclared)
 * `menderSwarm.activationTime` command.
 */
export function recordActivation(context: vscode.ExtensionContext, deps: ExtensionDeps, activateStart: number): void {
  const now = performance.now();
  const loadStart = (globalThis as { __menderSwarmLoadStart?: number }).__menderSwarmLoadStart;
  const timing = { totalMs: now - (loadStart ?? activateStart), loadMs: loadStart === undefined ? undefined : activateStart - loadStart, activateMs: now - activateStart };
  deps.log.info(`activated in ${timing.totalMs.toFixed(1)} ms (bundle ${timing.loadMs?.toFixed(1) ?? '?'} ms, activate() ${timing.activateMs.toFixed(1)} ms)`);
  context.subscriptions.push(vscode.commands.registerCommand('menderSwarm.activationTime', () => timing));
}
