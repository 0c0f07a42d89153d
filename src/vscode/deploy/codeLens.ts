// The deploy entry points on a manifest itself: a CodeLens row over the top-level `services:` key, and the
// context key the editor-title button keys on. Both only in trusted workspaces (the commands refuse otherwise).
import * as vscode from 'vscode';
import { isManifest } from '../manifests/detect';
import { readSettings } from '../manifests/settings';
import { DEPLOY_COMMANDS, MANIFEST_CONTEXT_KEY } from './ids';

const SERVICES_KEY = /^services[ \t]*:/m;

export class DeployCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;
  private readonly subscriptions = [
    this.emitter,
    vscode.workspace.onDidGrantWorkspaceTrust(() => this.emitter.fire()),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('menderSwarm') && this.emitter.fire()),
  ];

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!vscode.workspace.isTrusted || !isManifest(doc, readSettings(doc.uri).patterns)) return [];
    const m = SERVICES_KEY.exec(doc.getText());
    if (!m) return [];
    const range = new vscode.Range(doc.positionAt(m.index), doc.positionAt(m.index + m[0].length));
    const args = [doc.uri];
    return [
      new vscode.CodeLens(range, {
        title: '$(rocket) Deploy stack…',
        command: DEPLOY_COMMANDS.deploy,
        arguments: args,
        tooltip: 'Deploy this stack (its files, .env, interpolation) to the swarm',
      }),
      new vscode.CodeLens(range, {
        title: '$(list-flat) Plan',
        command: DEPLOY_COMMANDS.plan,
        arguments: args,
        tooltip: 'What a deploy would create, update and leave unchanged',
      }),
      new vscode.CodeLens(range, {
        title: '$(export) Export v3',
        command: DEPLOY_COMMANDS.export,
        arguments: args,
        tooltip: 'Write the resolved stack as a compose v3 file docker stack deploy accepts',
      }),
    ];
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}

/** Keeps `menderSwarm.deploy.manifestActive` true while the active editor shows a manifest (its text may make it one). */
export function trackManifestContext(): vscode.Disposable {
  let last: boolean | undefined;
  const update = (): void => {
    const doc = vscode.window.activeTextEditor?.document;
    const value = !!doc && isManifest(doc, readSettings(doc.uri).patterns);
    if (value === last) return;
    last = value;
    void vscode.commands.executeCommand('setContext', MANIFEST_CONTEXT_KEY, value);
  };
  update();
  return vscode.Disposable.from(
    vscode.window.onDidChangeActiveTextEditor(update),
    // Typing `services:` into a new file makes it a manifest (and deleting it, not).
    vscode.workspace.onDidChangeTextDocument((e) => e.document === vscode.window.activeTextEditor?.document && update()),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('menderSwarm.manifest') && update()),
  );
}
