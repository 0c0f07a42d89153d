import * as vscode from 'vscode';
import type { ExtensionDeps } from '../deps';
import { disableRule, DISABLE_RULE_COMMAND, ManifestCodeActions } from './codeActions';
import { ManifestValidator } from './validator';

/** Manifest validation: diagnostics for every file of every open stack, and quick fixes. */
export function registerManifestValidation(context: vscode.ExtensionContext, deps: ExtensionDeps): ManifestValidator {
  // Each code links to its page packaged with the extension (docs/rules/<code>.md): it opens offline, and in the
  // version of the extension that reported it.
  const validator = new ManifestValidator(deps.log, vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules'));
  const selector: vscode.DocumentSelector = [
    { language: 'yaml', scheme: 'file' },
    { language: 'dockercompose', scheme: 'file' },
  ];
  context.subscriptions.push(
    validator,
    vscode.languages.registerCodeActionsProvider(selector, new ManifestCodeActions(validator), { providedCodeActionKinds: ManifestCodeActions.kinds }),
    vscode.commands.registerCommand(DISABLE_RULE_COMMAND, (code: unknown, uri: unknown) => {
      if (typeof code !== 'string') return;
      return disableRule(code, uri instanceof vscode.Uri ? uri : undefined);
    }),
  );
  deps.log.info("Manifest validation on: open a compose/stack YAML file to see its stack's diagnostics.");
  return validator;
}
