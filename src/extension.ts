import * as vscode from 'vscode';
import type { ExtensionDeps } from './vscode/deps';
import { registerManifestValidation } from './vscode/manifests';
import { registerCatalogDefinition, registerCatalogHover, registerNewStackCommand } from './vscode/catalog';
import { registerExplorer } from './vscode/explorer';
import { registerPictures } from './vscode/pictures';
import { registerDeployCommands } from './vscode/deploy';
import { maskedLog } from './vscode/maskedLog';
import { recordActivation } from './vscode/activation';

/** Only wires features together; each feature lives in src/vscode/ behind one `registerX(context, deps)`. */
export function activate(context: vscode.ExtensionContext): void {
  const t0 = performance.now();
  const log = maskedLog(vscode.window.createOutputChannel('Mender Swarm', { log: true }));
  context.subscriptions.push(log);
  const deps: ExtensionDeps = { log };
  registerManifestValidation(context, deps);
  registerCatalogHover(context, deps);
  registerCatalogDefinition(context, deps);
  registerNewStackCommand(context, deps);
  registerPictures(context, deps, registerExplorer(context, deps));
  registerDeployCommands(context, deps);
  recordActivation(context, deps, t0);
}

export function deactivate(): void {
  // Everything registered is disposed through context.subscriptions.
}
