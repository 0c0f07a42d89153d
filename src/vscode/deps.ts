import type * as vscode from 'vscode';

/** What `activate` hands every `registerX`: one shared log, so all features write to the same Output channel. */
export interface ExtensionDeps {
  log: vscode.LogOutputChannel;
}
