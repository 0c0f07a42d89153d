// The stack topology beside the stack file: lints the stack as the validator does (the editor's unsaved text
// included), hands the core's topology to the webview, relints while the user types (debounced), and opens the
// line a click in the picture points at.
import * as path from 'path';
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import { lintStack } from '../../core/lint';
import { TopologyKeeper } from '../../core/topology/keeper';
import type { FromTopologyWebview, ToTopologyWebview } from '../../webview/topology/protocol';
import { TOPOLOGY_CSS } from '../../webview/topology/render';
import { webviewHtml } from '../../webview/shared/page';
import { readSettings } from '../manifests/settings';
import { editorReader, openDocuments, stackFilesOf } from '../manifests/stacks';

export const TOPOLOGY_VIEW_TYPE = 'menderSwarm.topology';

/** What host tests read back: the last message each panel got and sent. */
export interface TopologyTestState {
  stack: string;
  files: string[];
  nodes: number;
  edges: number;
  broken: string[];
  banner?: string;
  rendered?: FromTopologyWebview;
}

export class TopologyPanels implements vscode.Disposable {
  private readonly panels = new Map<string, TopologyPanel>();
  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  show(uri: vscode.Uri): TopologyPanel {
    const files = stackFilesOf(uri.fsPath);
    const key = files.join('\n');
    let p = this.panels.get(key);
    if (p) {
      p.reveal();
      return p;
    }
    p = new TopologyPanel(files, this.extensionUri, this.log, () => this.panels.delete(key));
    this.panels.set(key, p);
    return p;
  }

  testState(): TopologyTestState[] {
    return [...this.panels.values()].map((p) => p.testState());
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
  }
}

class TopologyPanel implements vscode.Disposable {
  private readonly panel: vscode.WebviewPanel;
  private readonly keeper = new TopologyKeeper();
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private deps = new Set<string>();
  private last: ToTopologyWebview | undefined;
  private rendered: FromTopologyWebview | undefined;
  private disposed = false;

  constructor(
    private files: string[],
    extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly onDispose: () => void,
  ) {
    const scripts = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    this.panel = vscode.window.createWebviewPanel(
      TOPOLOGY_VIEW_TYPE,
      `Topology: ${path.basename(files[0])}`,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      // No retainContextWhenHidden: the page keeps its picture in getState/setState and redraws when shown.
      { enableScripts: true, localResourceRoots: [scripts] },
    );
    const nonce = randomBytes(16).toString('hex');
    const w = this.panel.webview;
    w.html = webviewHtml({
      cspSource: w.cspSource,
      nonce,
      title: 'Stack topology',
      css: TOPOLOGY_CSS,
      scriptUri: w.asWebviewUri(vscode.Uri.joinPath(scripts, 'topology.js')).toString(),
      body:
        '<div class="toolbar" role="toolbar" aria-label="Topology actions"><span class="title">Stack topology</span>' +
        '<span id="status" class="status" role="status" aria-live="polite"></span>' +
        '<span class="legend" aria-hidden="true"><span>→ link</span><span class="broken">→ broken link</span><span>⋯ depends_on</span></span>' +
        '<button id="zoom-out" aria-label="Zoom out">−</button><button id="zoom-in" aria-label="Zoom in">+</button><button id="zoom-fit" aria-label="Fit to width">Fit</button>' +
        '<button id="export-svg">Export SVG…</button><button id="export-png">Export PNG…</button></div>' +
        '<div id="banner" class="banner" role="alert" hidden></div>' +
        '<div id="stage" class="stage" role="region" aria-label="Topology picture: Tab moves between services and links, arrow keys between services, Enter opens the line"></div>',
    });
    this.disposables.push(
      this.panel.onDidDispose(() => this.dispose()),
      w.onDidReceiveMessage((m: FromTopologyWebview) => void this.onMessage(m)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length && this.deps.has(e.document.uri.fsPath)) this.later(readSettings(e.document.uri).debounceMs);
      }),
      vscode.workspace.onDidSaveTextDocument((d) => this.deps.has(d.uri.fsPath) && this.later(0)),
    );
    this.update();
  }

  reveal(): void {
    this.panel.reveal(vscode.ViewColumn.Beside, true);
  }

  private later(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.update(), ms);
  }

  /** Lint the stack as the editor has it and send the picture (never throws: a failure is logged and the old picture stays). */
  private update(): void {
    if (this.disposed) return;
    try {
      const open = openDocuments();
      const reader = editorReader(open);
      const settings = readSettings(vscode.Uri.file(this.files[0]));
      const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
      const { project, diagnostics } = lintStack({
        files: this.files,
        reader,
        env: process.env,
        stackName: settings.stackName,
        rules: settings.rules,
        menderEra: settings.menderEra,
        roots: folders.length ? folders : undefined,
      });
      this.deps = new Set([...this.files, ...project.documents.map((d) => d.file.path), path.join(project.projectDir, '.env')]);
      this.last = { type: 'view', view: this.keeper.next(project, diagnostics) };
      void this.panel.webview.postMessage(this.last);
    } catch (e) {
      this.log.error(`Topology of [${this.files.join(', ')}] failed: ${(e as Error)?.stack ?? String(e)}`);
    }
  }

  private async onMessage(m: FromTopologyWebview): Promise<void> {
    switch (m.type) {
      case 'ready':
        if (this.last) void this.panel.webview.postMessage(this.last);
        return;
      case 'rendered':
        this.rendered = m;
        this.log.debug(`topology drawn: ${m.nodes} services, ${m.edges} links (${m.broken} broken) in ${m.ms.toFixed(0)} ms`);
        return;
      case 'reveal': {
        const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(m.location.file));
        const pos = new vscode.Position(m.location.line, m.location.character);
        // The stack file's editor, not the picture's column.
        const column = vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === m.location.file)?.viewColumn ?? vscode.ViewColumn.One;
        await vscode.window.showTextDocument(doc, { viewColumn: column, selection: new vscode.Range(pos, pos), preserveFocus: false });
        return;
      }
      case 'export': {
        const dir = path.dirname(this.files[0]);
        const target = await vscode.window.showSaveDialog({
          defaultUri: vscode.Uri.file(path.join(dir, `${path.basename(this.files[0]).replace(/\.ya?ml$/, '')}-topology.${m.format}`)),
          filters: m.format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
        });
        if (!target) return;
        const bytes = m.format === 'svg' ? Buffer.from(m.data, 'utf8') : Buffer.from(m.data.replace(/^data:image\/png;base64,/, ''), 'base64');
        await vscode.workspace.fs.writeFile(target, bytes);
        void vscode.window.showInformationMessage(`Topology saved to ${target.fsPath}.`);
        return;
      }
    }
  }

  testState(): TopologyTestState {
    const t = this.last?.view.topology;
    return {
      stack: t?.stack ?? '',
      files: this.files,
      nodes: t?.nodes.length ?? 0,
      edges: t?.edges.length ?? 0,
      broken: (t?.edges ?? []).filter((e) => e.broken).map((e) => `${e.from} -> ${e.host} [${e.broken!.code}]`),
      ...(this.last?.view.banner ? { banner: this.last.view.banner } : {}),
      ...(this.rendered ? { rendered: this.rendered } : {}),
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.timer);
    this.onDispose();
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}
