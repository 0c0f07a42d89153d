import * as vscode from 'vscode';
import type { ExtensionDeps } from './deps';

/** Activation as measured, in ms: what the extension's own code cost, not VS Code's work around it. */
export interface ActivationTiming {
  /** `loadMs` + `activateMs` (or from the bundle's start, when the build did not mark its end). */
  totalMs: number;
  /** Evaluating the entry bundle (first to last statement: a banner and a footer scripts/build.mjs adds). */
  loadMs?: number;
  /** Between the bundle's end and activate(): VS Code preparing the extension context, not counted in totalMs. */
  hostMs?: number;
  activateMs: number;
  /** Loading and registering the features (dist/features.js) after activate() returned (src/vscode/lazy.ts). */
  featuresMs?: number;
}

type Marks = { __menderSwarmLoadStart?: number; __menderSwarmLoadEnd?: number };

/**
 * How long activation took: evaluating the entry bundle plus activate(), and loading the features after it.
 * Logged, and read back by the benchmark's host test through the (undeclared) `menderSwarm.activationTime` command.
 */
export function recordActivation(
  context: vscode.ExtensionContext,
  deps: ExtensionDeps,
  activateStart: number,
  features: Promise<{ start: number; end: number } | undefined>,
): void {
  const now = performance.now();
  const { __menderSwarmLoadStart: loadStart, __menderSwarmLoadEnd: loadEnd } = globalThis as Marks;
  const activateMs = now - activateStart;
  const loadMs = loadStart !== undefined && loadEnd !== undefined ? loadEnd - loadStart : undefined;
  const timing: ActivationTiming = {
    totalMs: loadMs !== undefined ? loadMs + activateMs : now - (loadStart ?? activateStart),
    loadMs,
    hostMs: loadEnd === undefined ? undefined : activateStart - loadEnd,
    activateMs,
  };
  const ms = (v: number | undefined): string => (v === undefined ? '?' : `${v.toFixed(1)} ms`);
  const logged = features.then((f) => {
    if (f) timing.featuresMs = f.end - f.start;
    deps.log.info(
      `activated in ${ms(timing.totalMs)} (bundle ${ms(timing.loadMs)}, activate() ${ms(timing.activateMs)}); ` +
        `features ${f ? `loaded in ${ms(timing.featuresMs)}` : 'not loaded'} after it`,
    );
    return timing;
  });
  context.subscriptions.push(vscode.commands.registerCommand('menderSwarm.activationTime', () => logged));
}
