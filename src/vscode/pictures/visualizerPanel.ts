// The swarm visualizer: a board of the swarm's nodes and their tasks, redrawn after each refresh of the Swarm
// explorer (its events, and its polling while tasks are between states), which keeps refreshing while the board
// is visible. A card's buttons open the explorer's inspect and logs (and a shell, when that command exists).
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import { buildBoard } from '../../core/board/model';
import { BOARD_CSS } from '../../webview/swarm/render';
import type { FromSwarmWebview, ToSwarmWebview } from '../../webview/swarm/protocol';
import { webviewHtml } from '../../webview/shared/page';
import type { SwarmFeed } from './index';

export const VISUALIZER_VIEW_TYPE = 'menderSwarm.visualizer';
/** A shell into a task's container, when the explorer offers one (it is not this feature's to provide). */
const SHELL_COMMAND = 'menderSwarm.explorer.shell';

export class SwarmVisualizer implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private watching: vscode.Disposable | undefined;
  private last: ToSwarmWebview | undefined;
  private rendered: { ms: number; tasks: number } | undefined;
  private shell = false;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly feed: SwarmFeed,
  ) {}

  show(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const scripts = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    const panel = (this.panel = vscode.window.createWebviewPanel(
      VISUALIZER_VIEW_TYPE,
      'Swarm Visualizer',
      vscode.ViewColumn.Active,
      // No retainContextWhenHidden: the page keeps its board, filter and selection in getState/setState.
      { enableScripts: true, localResourceRoots: [scripts] },
    ));
    const nonce = randomBytes(16).toString('hex');
    panel.webview.html = webviewHtml({
      cspSource: panel.webview.cspSource,
      nonce,
      title: 'Swarm Visualizer',
      css: BOARD_CSS,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(scripts, 'swarm.js')).toString(),
      body:
        '<div class="toolbar" role="toolbar" aria-label="Visualizer actions"><span class="title">Swarm</span>' +
        '<span id="status" class="status" role="status" aria-live="polite"></span>' +
        '<label>Stack <select id="stack-filter" aria-label="Show the tasks of one stack"></select></label>' +
        '<button id="refresh">Refresh</button></div>' +
        '<div id="banner" class="banner" role="alert" hidden></div>' +
        '<div id="board" class="board" role="region" aria-label="Nodes and their tasks: Tab or arrow keys move between tasks, Enter shows a task\'s actions"></div>',
    });
    const sub: vscode.Disposable[] = [];
    sub.push(
      panel.onDidDispose(() => {
        this.panel = undefined;
        this.watching?.dispose();
        this.watching = undefined;
        for (const d of sub) d.dispose();
      }),
      panel.webview.onDidReceiveMessage((m: FromSwarmWebview) => void this.onMessage(m)),
      // Refreshes only matter while the board is seen: the explorer follows events (and polls) only then.
      panel.onDidChangeViewState((e) => this.setWatching(e.webviewPanel.visible)),
      this.feed.onDidRefresh(() => this.send()),
    );
    this.setWatching(true);
    void vscode.commands.getCommands(true).then((all) => {
      this.shell = all.includes(SHELL_COMMAND);
      this.send();
    });
    this.send();
  }

  private setWatching(on: boolean): void {
    if (on && !this.watching) this.watching = this.feed.watch();
    else if (!on && this.watching) {
      this.watching.dispose();
      this.watching = undefined;
    }
  }

  private send(): void {
    if (!this.panel) return;
    const snap = this.feed.snapshot();
    try {
      this.last = {
        type: 'board',
        board: snap ? buildBoard(snap) : undefined,
        shell: this.shell,
        ...(snap ? {} : { problem: 'No swarm to show yet: the Swarm explorer has not reached a manager (see its view for why).' }),
      };
    } catch (e) {
      this.log.error(`visualizer: building the board failed: ${(e as Error)?.stack ?? String(e)}`);
      return;
    }
    void this.panel.webview.postMessage(this.last);
  }

  private async onMessage(m: FromSwarmWebview): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.send();
        return;
      case 'refresh':
        await this.feed.refresh();
        return;
      case 'rendered':
        this.rendered = { ms: m.ms, tasks: m.tasks };
        return;
      case 'task': {
        // The explorer's commands take a tree row; a task's row is its ref.
        const row = { ref: { type: 'task', id: m.id, name: m.name } };
        const command = m.action === 'inspect' ? 'menderSwarm.explorer.inspect' : m.action === 'logs' ? 'menderSwarm.explorer.showLogs' : SHELL_COMMAND;
        try {
          await vscode.commands.executeCommand(command, row);
        } catch (e) {
          void vscode.window.showErrorMessage(`${m.action} of task ${m.name} failed: ${(e as Error)?.message ?? String(e)}`);
        }
      }
    }
  }

  testState(): unknown {
    const b = this.last?.board;
    return {
      open: !!this.panel,
      watching: !!this.watching,
      rendered: this.rendered,
      columns: b?.columns.map((c) => ({ name: c.name, availability: c.availability, tasks: c.cards.map((t) => `${t.name} ${t.state}`) })) ?? [],
    };
  }

  dispose(): void {
    this.watching?.dispose();
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
