// The Swarm explorer feature: its own activity-bar container (media/swarm.svg) with the `menderSwarm.explorer`
// tree, the engine status bar item, inspect documents, logs and node/swarm actions. extension.ts calls
// registerExplorer once; everything is disposed through context.subscriptions.
import * as vscode from 'vscode';
import { walkRows, type ExplorerRow } from '../../core/explorer';
import type { ExtensionDeps } from '../deps';
import type { NodeChange } from '../../docker';
import { registerObjectCommands, shellOutput } from './commands';
import { copyJoinCommand, initSwarm, refOf, runNodeChange, switchContext, type ContextChoice } from './actions';
import { EngineManager } from './engine';
import { INSPECT_SCHEME, InspectProvider, inspectUri } from './inspect';
import { LogsController } from './logs';
import { SwarmTreeProvider, VIEW_ID } from './provider';
import { RefreshManager } from './refresh';
import { EngineStatusBar } from './statusBar';
import type { SwarmFeed } from '../pictures';

export { VIEW_ID } from './provider';

/** What host tests read back through the (undeclared) `menderSwarm.explorer.testState` command. */
export interface ExplorerTestState {
  status: string;
  statusBar: string;
  refreshMode: string;
  calls: number;
  /** Refreshes that went to the engine so far. */
  refreshes: number;
  /** Whether VS Code reports the explorer view as visible. */
  visible: boolean;
  rows: Array<{ id: string; label: string; description?: string; contextValue: string; depth: number }>;
  logs: Record<string, string[]>;
  /** `type/id` of the objects whose logs are being followed. */
  following: string[];
  /** What each shell terminal has shown, by terminal name. */
  shells: Record<string, string>;
}

/** Registers the explorer; returns what other views (the swarm visualizer) follow it by. */
export function registerExplorer(context: vscode.ExtensionContext, deps: ExtensionDeps): SwarmFeed {
  const { log } = deps;
  const engine = new EngineManager(log);
  const provider = new SwarmTreeProvider(engine, log);
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true, canSelectMany: false });
  const refresher = new RefreshManager(view, provider, engine, log);
  const statusBar = new EngineStatusBar(engine, provider);
  const inspect = new InspectProvider(engine);
  const logs = new LogsController(engine, () => provider.snapshot, log);
  const refresh = (): Promise<void> => refresher.refreshNow();

  const nodeCommand = (change: NodeChange) => (arg: unknown, opts?: { confirmed?: boolean }) => runNodeChange(engine, arg, change, refresh, opts);

  const commands: Record<string, (...args: never[]) => unknown> = {
    'menderSwarm.explorer.refresh': refresh,
    // Tree rows pass themselves as the first argument; `choice` (tests) skips the picker.
    'menderSwarm.explorer.switchContext': (_arg?: unknown, choice?: ContextChoice) => switchContext(engine, choice),
    'menderSwarm.explorer.configureEngine': () => vscode.commands.executeCommand('workbench.action.openSettings', 'menderSwarm.docker'),
    'menderSwarm.explorer.initSwarm': (_arg?: unknown, advertise?: string) => initSwarm(engine, refresh, advertise),
    'menderSwarm.explorer.copyWorkerJoin': () => copyJoinCommand(engine, 'worker'),
    'menderSwarm.explorer.copyManagerJoin': () => copyJoinCommand(engine, 'manager'),
    'menderSwarm.explorer.inspect': async (arg: unknown) => {
      const ref = refOf(arg);
      if (!ref) return;
      const doc = await vscode.workspace.openTextDocument(inspectUri(ref));
      await vscode.window.showTextDocument(doc, { preview: true });
      return doc.uri.toString();
    },
    'menderSwarm.explorer.showLogs': (arg: unknown) => {
      const ref = refOf(arg);
      return ref ? logs.show(ref, false) : undefined;
    },
    'menderSwarm.explorer.followLogs': (arg: unknown) => {
      const ref = refOf(arg);
      // Not awaited: following runs until stopped, the command returns at once.
      if (ref) void logs.show(ref, true);
    },
    'menderSwarm.explorer.stopLogs': (arg: unknown) => logs.stop(refOf(arg)),
    'menderSwarm.explorer.drainNode': nodeCommand('drain'),
    'menderSwarm.explorer.pauseNode': nodeCommand('pause'),
    'menderSwarm.explorer.activateNode': nodeCommand('activate'),
    'menderSwarm.explorer.promoteNode': nodeCommand('promote'),
    'menderSwarm.explorer.demoteNode': nodeCommand('demote'),
    // Not contributed in package.json: lets host tests read the tree as the user would see it.
    // `{ loadLazy: true }` loads the lazy groups (Networks, Secrets, Configs, Volumes) as expanding them would.
    'menderSwarm.explorer.testState': async (opts?: { loadLazy?: boolean }): Promise<ExplorerTestState> => {
      if (opts?.loadLazy) for (const r of provider.rootRows.filter((x) => x.lazy)) await provider.getChildren(r);
      const rows: ExplorerTestState['rows'] = [];
      const visit = (list: readonly ExplorerRow[], depth: number): void => {
        for (const r of list) {
          rows.push({ id: r.id, label: r.label, description: r.description, contextValue: r.contextValue, depth });
          if (r.children) visit(r.children, depth + 1);
        }
      };
      visit(provider.rootRows, 0);
      return {
        status: provider.current.kind,
        statusBar: statusBar.text,
        refreshMode: refresher.mode,
        calls: provider.calls,
        refreshes: provider.refreshes,
        visible: view.visible,
        rows,
        logs: Object.fromEntries(logs.written),
        following: logs.following.map((r) => `${r.type}/${r.id}`),
        shells: Object.fromEntries(shellOutput),
      };
    },
  };
  for (const [id, fn] of Object.entries(commands)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, fn as (...args: unknown[]) => unknown));
  }
  registerObjectCommands(context, { engine, refresh });

  context.subscriptions.push(
    engine,
    provider,
    view,
    refresher,
    statusBar,
    inspect,
    logs,
    vscode.workspace.registerTextDocumentContentProvider(INSPECT_SCHEME, inspect),
    // The activity-bar badge counts degraded services, so trouble shows even with the sidebar on another view.
    provider.onDidChangeStatus((s) => {
      if (s.kind === 'ok') {
        const failing = [...walkRows(provider.rootRows)].filter((r) => r.kind === 'service' && / degraded\b/.test(r.contextValue)).length;
        view.badge = failing > 0 ? { value: failing, tooltip: `${failing} service${failing === 1 ? '' : 's'} below desired replicas` } : undefined;
      } else {
        view.badge = undefined;
      }
    }),
  );
  return { snapshot: () => provider.snapshot, onDidRefresh: provider.onDidChangeTreeData, watch: () => refresher.watch(), refresh };
}
