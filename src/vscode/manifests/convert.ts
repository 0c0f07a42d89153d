import * as vscode from 'vscode';
import type { Diagnostic, Fix, Severity } from '../../core/diagnostic';
import type { Range } from '../../core/model/source';

export const SOURCE = 'mender-swarm';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function toRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/**
 * @param docsBase the folder of the rule pages (docs/rules in the extension); each code links to its
 *   `<code>.md` there, which the Problems panel opens. Without it the code is plain text.
 */
export function toVsDiagnostic(d: Diagnostic, docsBase: vscode.Uri | undefined): vscode.Diagnostic {
  const v = new vscode.Diagnostic(toRange(d.range), d.message, SEVERITY[d.severity]);
  v.source = SOURCE;
  v.code = docsBase ? { value: d.code, target: vscode.Uri.joinPath(docsBase, `${d.code}.md`) } : d.code;
  // The detail (why, how to fix) as the first related information, at the finding itself: the Problems panel
  // shows it under the one-line message, and the hover shows it with the message.
  const related = [
    ...(d.detail ? [new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.file(d.file), toRange(d.range)), d.detail)] : []),
    ...(d.related ?? []).map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.file(r.file), toRange(r.range)), r.message)),
  ];
  if (related.length) v.relatedInformation = related;
  if (d.tags?.length) {
    v.tags = d.tags.map((t) => (t === 'unnecessary' ? vscode.DiagnosticTag.Unnecessary : vscode.DiagnosticTag.Deprecated));
  }
  return v;
}

/** The core's text edits as one WorkspaceEdit; a fix may touch several files of the stack. */
export function toWorkspaceEdit(fix: Fix): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of fix.edits) edit.replace(vscode.Uri.file(e.file), toRange(e.range), e.newText);
  return edit;
}

/** The diagnostic's code as a string, whichever form `code` took. */
export function codeOf(d: vscode.Diagnostic): string | undefined {
  if (d.code === undefined) return undefined;
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}
