import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { allCodes } from '../../../src/core/rules';
import type { ExplorerTestState } from '../../../src/vscode/explorer';

export const EXTENSION_ID = 'mender-swarm.mender-swarm';
export const SOURCE = 'mender-swarm';

/** The test workspace: a temporary copy of test/host/fixtures/ws made by runTest.js. */
export function wsFile(...parts: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need test/host/fixtures/ws opened as the workspace folder');
  return vscode.Uri.file(path.join(folder.uri.fsPath, ...parts));
}

export async function open(...parts: string[]): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(wsFile(...parts));
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** The extension's diagnostics on a file (other extensions may publish their own). */
export function ours(uri: vscode.Uri, code?: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE && (code === undefined || codeOf(d) === code));
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  return d.code === undefined ? undefined : typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** Polls until `check` returns a value (not undefined/false); diagnostics arrive asynchronously and debounced. */
export async function waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs = 10000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function diagsAt(uri: vscode.Uri, code: string, line: number): vscode.Diagnostic[] {
  return ours(uri, code).filter((d) => d.range.start.line === line);
}

/** Whether a code exists in this build's rules: tests of rules that are still being written skip until they land. */
export function hasCode(code: string): boolean {
  return allCodes().some((c) => c.code === code);
}

export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Reverts an edited document to its disk text (undoing a test's unsaved edits). */
export async function revert(editor: vscode.TextEditor): Promise<void> {
  await vscode.window.showTextDocument(editor.document);
  await vscode.commands.executeCommand('workbench.action.files.revert');
}

export async function codeActions(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range)) ?? [];
}

export async function setRules(value: Record<string, string> | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('menderSwarm').update('rules', value, vscode.ConfigurationTarget.Workspace);
}

/** Waits until `list` returns a non-empty array, and returns it. */
export function waitForSome<T>(what: string, list: () => T[], timeoutMs?: number): Promise<T[]> {
  return waitFor(
    what,
    () => {
      const l = list();
      return l.length > 0 ? l : undefined;
    },
    timeoutMs,
  );
}

/** The explorer's state as its (undeclared) test command reports it: rows, status, status bar, refresh mode. */
export const explorerState = (): Thenable<ExplorerTestState> => vscode.commands.executeCommand<ExplorerTestState>('menderSwarm.explorer.testState');

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Poll the explorer's state until `check` returns a value; on time-out the error shows the whole tree. */
export async function untilExplorer<T>(what: string, check: (s: ExplorerTestState) => T | undefined | false, timeoutMs = 20000, pollMs = 200): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const last = await explorerState();
    const v = check(last);
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) {
      const rows = last.rows.map((r) => `${'  '.repeat(r.depth)}${r.label} — ${r.description ?? ''}`).join('\n');
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}; status ${last.status}, status bar "${last.statusBar}", ` +
          `mode ${last.refreshMode}, visible ${last.visible}, tree:\n${rows}`,
      );
    }
    await sleep(pollMs);
  }
}
