// The pictures: the stack topology (beside a stack file) and the swarm visualizer. Only the entry points live in
// the extension's main bundle; the panels are in dist/pictures.js, loaded on first use (and elkjs only ever runs in
// the topology webview), so activation and dist/extension.js stay small.
import * as vscode from 'vscode';
import type { SwarmSnapshot } from '../../core/explorer';
import { loadBundle } from '../bundles';
import type { ExtensionDeps } from '../deps';
import { isManifest } from '../manifests/detect';
import { readSettings } from '../manifests/settings';
import type { Pictures } from './impl';

export const PICTURE_COMMANDS = {
  topology: 'menderSwarm.topology.show',
  visualizer: 'menderSwarm.swarm.visualize',
} as const;

/** What the visualizer needs from the Swarm explorer: its snapshot and refreshes (registerExplorer returns it). */
export interface SwarmFeed {
  snapshot(): SwarmSnapshot | undefined;
  readonly onDidRefresh: vscode.Event<unknown>;
  /** Keeps the explorer refreshing (events, polling while tasks move) while the caller watches, whether the tree is visible or not. */
  watch(): vscode.Disposable;
  refresh(): Promise<void>;
}

export function registerPictures(context: vscode.ExtensionContext, deps: ExtensionDeps, feed: SwarmFeed): void {
  let pictures: Pictures | undefined;
  const load = (): Pictures => {
    if (!pictures) {
      pictures = loadBundle('pictures').createPictures(context.extensionUri, deps.log, feed);
      context.subscriptions.push(pictures);
    }
    return pictures;
  };
  const SERVICES_KEY = /^services[ \t]*:/m;
  context.subscriptions.push(
    vscode.commands.registerCommand(PICTURE_COMMANDS.topology, (uri?: unknown) => {
      const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
      if (!target || target.scheme !== 'file') {
        void vscode.window.showInformationMessage('Open a stack file (docker-compose.yml) first: the topology is drawn from its stack.');
        return;
      }
      load().topology.show(target);
    }),
    vscode.commands.registerCommand(PICTURE_COMMANDS.visualizer, () => load().visualizer.show()),
    // Not contributed: host and UI tests read what the panels hold.
    vscode.commands.registerCommand('menderSwarm.pictures.testState', () => pictures?.testState()),
    vscode.languages.registerCodeLensProvider(
      [
        { language: 'yaml', scheme: 'file' },
        { language: 'dockercompose', scheme: 'file' },
      ],
      {
        provideCodeLenses(doc) {
          if (!isManifest(doc, readSettings(doc.uri).patterns)) return [];
          const m = SERVICES_KEY.exec(doc.getText());
          if (!m) return [];
          const range = new vscode.Range(doc.positionAt(m.index), doc.positionAt(m.index + m[0].length));
          return [
            new vscode.CodeLens(range, {
              title: '$(type-hierarchy) Topology',
              command: PICTURE_COMMANDS.topology,
              arguments: [doc.uri],
              tooltip: 'Show the stack topology beside this file',
            }),
          ];
        },
      },
    ),
  );
}
