// Diagnostics in the project configuration file itself (mender-swarm.config.{json,yaml,yml}): a parse error, a key
// or value the reader refuses, an unknown `menderEra`, each at its place. The entries in error are left out and the
// rest applies (src/core/config/projectConfig.ts); the CLI refuses such a file with the same messages.
import * as path from 'path';
import * as vscode from 'vscode';
import { CONFIG_NAMES, CONFIG_PROBLEM_CODE, parseProjectConfig } from '../../core/config/projectConfig';
import { readRegularFile } from '../../core/manifest/files';
import type { ExtensionDeps } from '../deps';
import { SOURCE, toRange } from './convert';

const GLOB = '**/mender-swarm.config.{json,yaml,yml}';
const isConfigFile = (uri: vscode.Uri): boolean => uri.scheme === 'file' && (CONFIG_NAMES as readonly string[]).includes(path.basename(uri.fsPath));

export function registerConfigFileDiagnostics(context: vscode.ExtensionContext, deps: ExtensionDeps): void {
  const collection = vscode.languages.createDiagnosticCollection('mender-swarm-config');
  /** The text the file has for the user: an open editor's (maybe unsaved), else the disk's. */
  const check = (uri: vscode.Uri): void => {
    if (!isConfigFile(uri)) return;
    try {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      const read = doc ? { text: doc.getText() } : readRegularFile(uri.fsPath);
      if (!('text' in read)) {
        collection.delete(uri);
        return;
      }
      collection.set(
        uri,
        parseProjectConfig(uri.fsPath, read.text).problems.map((p) => {
          const d = new vscode.Diagnostic(toRange(p.range), p.message, vscode.DiagnosticSeverity.Error);
          d.source = SOURCE;
          d.code = CONFIG_PROBLEM_CODE;
          return d;
        }),
      );
    } catch (e) {
      deps.log.error(`Checking ${uri.fsPath} failed: ${(e as Error).stack ?? String(e)}`);
    }
  };
  const watcher = vscode.workspace.createFileSystemWatcher(GLOB);
  context.subscriptions.push(
    collection,
    watcher,
    watcher.onDidCreate(check),
    watcher.onDidChange(check),
    watcher.onDidDelete((uri) => collection.delete(uri)),
    vscode.workspace.onDidOpenTextDocument((d) => check(d.uri)),
    vscode.workspace.onDidChangeTextDocument((e) => check(e.document.uri)),
    // Closed unsaved: the disk's text is what applies again.
    vscode.workspace.onDidCloseTextDocument((d) => check(d.uri)),
  );
  void vscode.workspace.findFiles(GLOB, '**/node_modules/**', 100).then(
    (uris) => uris.forEach(check),
    (e: unknown) => deps.log.warn(`Finding configuration files failed: ${String(e)}`),
  );
}
