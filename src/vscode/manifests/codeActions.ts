import * as vscode from 'vscode';
import { codeOf, SOURCE, toWorkspaceEdit } from './convert';
import { SECTION } from './settings';
import type { Entry, ManifestValidator } from './validator';

export const DISABLE_RULE_COMMAND = 'menderSwarm.disableRule';

/**
 * Offers the fixes the core computed for each diagnostic, unchanged: which edit fixes a finding is the rule's
 * knowledge, not the editor's. Plus a way to switch a code off for the workspace.
 */
export class ManifestCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly validator: ManifestValidator) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range | vscode.Selection, ctx: vscode.CodeActionContext): vscode.CodeAction[] {
    const ours = ctx.diagnostics.filter((d) => d.source === SOURCE);
    if (!ours.length) return [];
    const entries = this.validator.entriesFor(doc.uri);
    const actions: vscode.CodeAction[] = [];
    const disabled = new Set<string>();
    for (const d of ours) {
      const entry = match(d, entries);
      for (const fix of entry?.core.fixes ?? []) {
        const a = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        a.edit = toWorkspaceEdit(fix);
        a.diagnostics = [d];
        a.isPreferred = fix.preferred === true;
        actions.push(a);
      }
      const code = codeOf(d);
      if (code && !disabled.has(code)) {
        disabled.add(code);
        const a = new vscode.CodeAction(`Disable rule ${code}`, vscode.CodeActionKind.QuickFix);
        a.command = { command: DISABLE_RULE_COMMAND, title: `Disable rule ${code}`, arguments: [code, doc.uri] };
        a.diagnostics = [d];
        actions.push(a);
      }
    }
    return actions;
  }
}

/**
 * The diagnostics VS Code passes back are copies, so match by value: exact range first, then (after edits moved
 * things and the validator relinted) the same code and message at an overlapping range.
 */
function match(d: vscode.Diagnostic, entries: Entry[]): Entry | undefined {
  const code = codeOf(d);
  const same = entries.filter((e) => e.core.code === code && e.core.message === d.message);
  return same.find((e) => e.vs.range.isEqual(d.range)) ?? same.find((e) => e.vs.range.intersection(d.range) !== undefined);
}

/** Writes `"<code>": "off"` into `menderSwarm.rules` of the workspace (or the user settings with no folder open). */
export async function disableRule(code: string, uri?: vscode.Uri): Promise<void> {
  const cfg = vscode.workspace.getConfiguration(SECTION, uri);
  const hasWorkspace = (vscode.workspace.workspaceFolders?.length ?? 0) > 0;
  const target = hasWorkspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  const current = cfg.inspect<Record<string, string>>('rules');
  const existing = (hasWorkspace ? current?.workspaceValue : current?.globalValue) ?? {};
  await cfg.update('rules', { ...existing, [code]: 'off' }, target);
}
