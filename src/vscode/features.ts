// Every feature of the editor, registered once. This module (with the core it reaches) is the separate bundle
// dist/features.js, which the small entry bundle (src/extension.ts) loads just after activate() returns, or at
// once when one of the extension's commands runs first: activation itself only pays for the entry.
// A new feature adds its one `registerX(context, deps)` call here, not in extension.ts.
import type * as vscode from 'vscode';
import type { ExtensionDeps } from './deps';
import { registerManifestValidation } from './manifests';
import { registerConfigFileDiagnostics } from './manifests/configFile';
import { registerCatalogDefinition, registerCatalogHover, registerNewStackCommand } from './catalog';
import { registerExplorer } from './explorer';
import { registerDeployCommands } from './deploy';
import { registerLanguageFeatures } from './language';
import { registerPictures } from './pictures';

export function registerFeatures(context: vscode.ExtensionContext, deps: ExtensionDeps): void {
  registerManifestValidation(context, deps);
  registerConfigFileDiagnostics(context, deps);
  registerCatalogHover(context, deps);
  registerCatalogDefinition(context, deps);
  registerLanguageFeatures(context, deps);
  registerNewStackCommand(context, deps);
  registerPictures(context, deps, registerExplorer(context, deps));
  registerDeployCommands(context, deps);
}
