import * as vscode from 'vscode';
import type { ExtensionDeps } from '../deps';
import { disableRule, DISABLE_RULE_COMMAND, ManifestCodeActions } from './codeActions';
import { ManifestValidator } from './validator';

/** Manifest validation: diagnostics for every file of every open stack, and quick fixes. */
export function registerManifestValidation(context: vscode.ExtensionContext, deps: ExtensionDeps): ManifestValidator {
  const validator = new ManifestValidator(deps.log, docsBase(context.extension.packageJSON));
  const selector: vscode.DocumentSelector = [{ language: 'yaml', scheme: 'file' }, { language: 'dockercompose', scheme: 'file' }];
  context.subscriptions.push(
    validator,
    vscode.languages.registerCodeActionsProvider(selector, new ManifestCodeActions(validator), { providedCodeActionKinds: ManifestCodeActions.kinds }),
    vscode.commands.registerCommand(DISABLE_RULE_COMMAND, (code: unknown, uri: unknown) => {
      if (typeof code !== 'string') return;
      return disableRule(code, uri instanceof vscode.Uri ? uri : undefined);
    }),
  );
  deps.log.info('Manifest validation on: open a compose/stack YAML file to see its stack\'s diagnostics.');
  return validator;
}

/** Where rule codes link to: the README (with one anchor per code) of the extension's homepage or repository. */
function docsBase(pkg: unknown): vscode.Uri | undefined {
  if (typeof pkg !== 'object' || pkg === null) return undefined;
  const p = pkg as { homepage?: unknown; repository?: unknown };
  const repo = typeof p.repository === 'string' ? p.repository
    : typeof p.repository === 'object' && p.repository !== null ? (p.repository as { url?: unknown }).url : undefined;
  const url = typeof p.homepage === 'string' ? p.homepage
    : typeof repo === 'string' ? repo.replace(/^git\+/, '').replace(/\.git$/, '') : undefined;
  if (!url || !/^https:\/\//.test(url)) return undefined;
  try { return vscode.Uri.parse(url.split('#')[0]); } catch { return undefined; }
}
