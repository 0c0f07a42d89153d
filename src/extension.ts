import * as vscode from 'vscode';
import type { ExtensionDeps } from './vscode/deps';
import { registerManifestValidation } from './vscode/manifests';
import { registerExplorer } from './vscode/explorer';

/** Only wires features together; each feature lives in src/vscode/ behind one `registerX(context, deps)`. */
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Mender Swarm', { log: true });
  context.subscriptions.push(log);
  const deps: ExtensionDeps = { log };
  registerManifestValidation(context, deps);
  registerExplorer(context, deps);
}

export function deactivate(): void {
  // Everything registered is disposed through context.subscriptions.
}
