// The engine and this node's role in the status bar; a click switches the Docker context.
import * as vscode from 'vscode';
import { engineRole, problemTitle } from '../../core/explorer';
import { markdownText, maskText } from '../../core/mask';
import type { EngineManager } from './engine';
import type { ExplorerStatus, SwarmTreeProvider } from './provider';

export class EngineStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('menderSwarm.engine', vscode.StatusBarAlignment.Left, 51);
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly engine: EngineManager,
    provider: SwarmTreeProvider,
  ) {
    this.item.name = 'Mender Swarm: engine';
    this.item.command = 'menderSwarm.explorer.switchContext';
    this.disposables.push(provider.onDidChangeStatus((s) => this.update(s)));
    this.update(provider.current);
    this.item.show();
  }

  /** The text shown, for host tests. */
  get text(): string {
    return this.item.text;
  }

  update(status: ExplorerStatus): void {
    const e = this.engine.current;
    const label = e.ok ? e.description.label : 'no engine';
    // Engine strings (host, node name, the daemon's words) are escaped: Markdown in them must stay text.
    const where = markdownText(maskText(e.ok ? `${e.description.host} (${e.description.sourceDetail})` : e.error.message));
    this.item.backgroundColor = undefined;
    if (status.kind === 'loading') {
      this.item.text = `$(sync~spin) Swarm: ${label}`;
    } else if (status.kind === 'ok') {
      const info = status.snapshot.info;
      const self = status.snapshot.nodes.find((n) => n.ID === info.Swarm?.NodeID);
      const role = engineRole(info) === 'manager' ? (self?.ManagerStatus?.Leader ? 'leader' : 'manager') : engineRole(info);
      this.item.text = `$(server-environment) Swarm: ${label} · ${role}`;
      this.item.tooltip = new vscode.MarkdownString(
        `**Swarm engine** ${where}\n\nNode ${markdownText(self?.Description?.Hostname ?? info.Name ?? '')} (${role}), engine ${markdownText(info.ServerVersion ?? '?')}\n\nClick to switch the Docker context.`,
      );
    } else {
      const p = status.problem;
      const warn = p.kind === 'not-swarm' || p.kind === 'worker';
      this.item.text = `$(${warn ? 'warning' : 'debug-disconnect'}) Swarm: ${label} · ${p.kind}`;
      this.item.backgroundColor = new vscode.ThemeColor(warn ? 'statusBarItem.warningBackground' : 'statusBarItem.errorBackground');
      this.item.tooltip = new vscode.MarkdownString(
        `**${problemTitle(p.kind)}**\n\n${where}\n\n${markdownText(maskText(p.message))}\n\nClick to switch the Docker context.`,
      );
    }
  }

  dispose(): void {
    this.item.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
