// Loading the features after activation: activate() registers a stub for each command package.json declares and
// returns; the features bundle is loaded on the next turn of the event loop, or at once when a stub runs first.
import * as vscode from 'vscode';
import type { ExtensionDeps } from './deps';

export type RegisterFeatures = (context: vscode.ExtensionContext, deps: ExtensionDeps) => void;

/** The commands the extension declares (`contributes.commands`), read from its own manifest. */
function declaredCommands(pkg: unknown): string[] {
  const list = (pkg as { contributes?: { commands?: Array<{ command?: unknown }> } } | undefined)?.contributes?.commands;
  return Array.isArray(list) ? list.map((c) => c.command).filter((c): c is string => typeof c === 'string') : [];
}

/** When loading and registering the features started and ended (performance.now()). */
export interface FeaturesLoaded {
  start: number;
  end: number;
}

/**
 * Schedules `load()` (which requires the features bundle) and the registration it returns. Resolves with when
 * that ran, or undefined when loading failed (logged and shown).
 */
export function deferFeatures(context: vscode.ExtensionContext, deps: ExtensionDeps, load: () => RegisterFeatures): Promise<FeaturesLoaded | undefined> {
  let done: ((at: FeaturesLoaded | undefined) => void) | undefined;
  const ready = new Promise<FeaturesLoaded | undefined>((resolve) => {
    done = resolve;
  });
  // A command run before the features are in (a keybinding, another extension, a test right after activation)
  // loads them itself: its stub gives way to the real command and runs it.
  const stubs = declaredCommands(context.extension.packageJSON).map((id) =>
    vscode.commands.registerCommand(id, (...args: unknown[]) => {
      ensure();
      return vscode.commands.executeCommand(id, ...args);
    }),
  );
  context.subscriptions.push(...stubs);
  function ensure(): void {
    if (!done) return;
    const resolve = done;
    done = undefined;
    for (const s of stubs) s.dispose();
    const start = performance.now();
    try {
      load()(context, deps);
      resolve({ start, end: performance.now() });
    } catch (e) {
      deps.log.error(`Loading the extension's features failed: ${(e as Error).stack ?? String(e)}`);
      void vscode.window.showErrorMessage(`Mender Swarm could not load its features: ${(e as Error).message}`);
      resolve(undefined);
    }
  }
  setImmediate(ensure);
  return ready;
}
