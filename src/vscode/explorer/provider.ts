// TreeDataProvider over the core explorer model. Holds the last snapshot, turns rows into TreeItems and
// refreshes on request; when and how often to refresh is refresh.ts's business.
import * as vscode from 'vscode';
import {
  buildExplorerTree,
  buildProblemRows,
  rowsOrProblem,
  fetchSnapshot,
  SwarmStateProblem,
  type ExplorerProblem,
  type ExplorerRow,
  type SwarmSnapshot,
} from '../../core/explorer';
import { EngineError, swarmReader } from '../../docker';
import type { EngineManager } from './engine';

export const VIEW_ID = 'menderSwarm.explorer';

export const ACTION_COMMANDS = {
  retry: 'menderSwarm.explorer.refresh',
  'configure-engine': 'menderSwarm.explorer.configureEngine',
  'switch-context': 'menderSwarm.explorer.switchContext',
  'init-swarm': 'menderSwarm.explorer.initSwarm',
  'new-stack': 'menderSwarm.newStack',
  'deploy-stack': 'menderSwarm.deploy.deployStack',
} as const;
/** The actions whose commands take the clicked row; New stack and Deploy ask their own questions. */
const ROW_ARGUMENT = new Set<string>(['retry', 'configure-engine', 'switch-context', 'init-swarm']);

export type ExplorerStatus = { kind: 'loading' } | { kind: 'ok'; snapshot: SwarmSnapshot } | { kind: 'problem'; problem: ExplorerProblem };

/** EngineError kinds map one to one onto problem kinds; anything else is 'other' with its message. */
export function toProblem(err: unknown): ExplorerProblem {
  if (err instanceof SwarmStateProblem) return { kind: err.kind, message: err.message };
  if (err instanceof EngineError) {
    const kind =
      err.kind === 'unreachable' ||
      err.kind === 'permission' ||
      err.kind === 'host-key' ||
      err.kind === 'timeout' ||
      err.kind === 'not-swarm' ||
      err.kind === 'worker'
        ? err.kind
        : 'other';
    return { kind, message: err.message };
  }
  if (err instanceof Error && err.name === 'ConnectionConfigError') return { kind: 'config', message: err.message };
  return { kind: 'other', message: err instanceof Error ? err.message : String(err) };
}

export class SwarmTreeProvider implements vscode.TreeDataProvider<ExplorerRow>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerRow | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly statusChanged = new vscode.EventEmitter<ExplorerStatus>();
  readonly onDidChangeStatus = this.statusChanged.event;

  private status: ExplorerStatus = { kind: 'loading' };
  private roots: ExplorerRow[] = [];
  private parents = new Map<string, ExplorerRow | undefined>();
  /** Set once the Networks group was expanded: from then on refreshes keep networks current. */
  private networksWanted = false;
  private inFlight: Promise<void> | undefined;
  private again: { networks: boolean } | undefined;
  private seq = 0;
  /** API list calls made by refreshes (shown in the log; the bench counts them at the engine). */
  calls = 0;
  /** Refreshes that went to the engine (after coalescing); host tests check debounce and visibility with it. */
  refreshes = 0;

  constructor(
    private readonly engine: EngineManager,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get current(): ExplorerStatus {
    return this.status;
  }

  get snapshot(): SwarmSnapshot | undefined {
    return this.status.kind === 'ok' ? this.status.snapshot : undefined;
  }

  /**
   * Refresh from the engine. Concurrent calls coalesce: while one runs, further requests collapse into one
   * follow-up run, so an event burst never stacks requests. Never rejects: errors become problem rows.
   */
  refresh(opts: { networks?: boolean } = {}): Promise<void> {
    const networks = opts.networks ?? false;
    if (this.inFlight) {
      this.again = { networks: (this.again?.networks ?? false) || networks };
      return this.inFlight;
    }
    this.inFlight = this.doRefresh(networks).finally(() => {
      this.inFlight = undefined;
      const next = this.again;
      this.again = undefined;
      if (next) void this.refresh(next);
    });
    return this.inFlight;
  }

  private async doRefresh(networksChanged: boolean): Promise<void> {
    try {
      await this.refreshOnce(networksChanged);
    } catch (err) {
      // Whatever failed (a listener, the engine label...), the view shows it and the next refresh still runs.
      const problem = toProblem(err);
      this.log.error(`explorer: refresh failed: ${problem.message}`);
      this.setStatus({ kind: 'problem', problem }, this.engine.current.ok ? this.engine.current.description.label : 'no engine');
    }
  }

  private async refreshOnce(networksChanged: boolean): Promise<void> {
    const seq = ++this.seq;
    this.refreshes++;
    const engine = this.engine.current;
    const t0 = Date.now();
    let next: ExplorerStatus;
    if (!engine.ok) {
      next = { kind: 'problem', problem: { kind: 'config', message: engine.error.message } };
    } else {
      const previous = this.snapshot;
      // Networks change rarely: refetch them only when wanted and possibly changed (or never fetched yet).
      const wantNetworks = this.networksWanted && (networksChanged || previous?.networks === undefined);
      const reader = swarmReader(engine.client);
      try {
        const snap = await fetchSnapshot(reader, { networks: wantNetworks });
        this.calls += wantNetworks ? 8 : 4;
        if (!wantNetworks && this.networksWanted && previous?.networks) snap.networks = previous.networks;
        next = { kind: 'ok', snapshot: snap };
      } catch (err) {
        const problem = toProblem(err);
        if (this.status.kind !== 'problem' || this.status.problem.message !== problem.message) {
          this.log.warn(`explorer: ${problem.kind}: ${problem.message}`);
        }
        next = { kind: 'problem', problem };
      }
    }
    if (seq !== this.seq) return; // a newer refresh (e.g. after an engine switch) already answered
    this.setStatus(next, engine.ok ? engine.description.label : 'no engine');
    this.log.trace(`explorer: refreshed in ${Date.now() - t0} ms`);
  }

  private setStatus(status: ExplorerStatus, engineLabel: string): void {
    const built = rowsOrProblem(
      () =>
        status.kind === 'ok'
          ? buildExplorerTree(status.snapshot, { now: Date.now() })
          : status.kind === 'problem'
            ? buildProblemRows(status.problem, engineLabel)
            : [],
      engineLabel,
    );
    if (built.problem) {
      this.log.error(`explorer: ${built.problem.message}`);
      status = { kind: 'problem', problem: built.problem };
    }
    this.status = status;
    this.roots = built.rows;
    this.parents = new Map();
    const index = (rows: ExplorerRow[], parent: ExplorerRow | undefined): void => {
      for (const r of rows) {
        this.parents.set(r.id, parent);
        if (r.children) index(r.children, r);
      }
    };
    index(this.roots, undefined);
    this.changed.fire(undefined);
    this.statusChanged.fire(status);
  }

  /** Rows by id (tests, reveal). */
  find(id: string): ExplorerRow | undefined {
    const stack = [...this.roots];
    while (stack.length > 0) {
      const r = stack.pop()!;
      if (r.id === id) return r;
      if (r.children) stack.push(...r.children);
    }
    return undefined;
  }

  get rootRows(): readonly ExplorerRow[] {
    return this.roots;
  }

  // -------------------------------------------------------------------------------------------- TreeDataProvider

  getTreeItem(row: ExplorerRow): vscode.TreeItem {
    const state =
      row.children === undefined
        ? vscode.TreeItemCollapsibleState.None
        : row.expanded
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(row.label, state);
    item.id = row.id;
    item.description = row.description;
    item.contextValue = row.contextValue;
    if (row.icon) item.iconPath = new vscode.ThemeIcon(row.icon.id, row.icon.color ? new vscode.ThemeColor(row.icon.color) : undefined);
    if (row.action) item.command = { command: ACTION_COMMANDS[row.action], title: row.label, arguments: ROW_ARGUMENT.has(row.action) ? [row] : [] };
    if (row.kind === 'problem') item.tooltip = row.description; // visible at once, resolveTreeItem adds the rest
    item.accessibilityInformation = { label: [row.label, row.description].filter(Boolean).join(', ') };
    return item;
  }

  /** Tooltips are built on hover only: formatting them for 20,000 task rows per refresh would be wasted. */
  resolveTreeItem(item: vscode.TreeItem, row: ExplorerRow): vscode.TreeItem {
    if (row.tooltip) {
      const md = new vscode.MarkdownString(row.tooltip(), true);
      md.supportThemeIcons = true;
      item.tooltip = md;
    }
    return item;
  }

  async getChildren(row?: ExplorerRow): Promise<ExplorerRow[]> {
    if (!row) {
      if (this.status.kind === 'loading') await this.refresh();
      return this.roots;
    }
    if (row.lazy) {
      // The Networks group was expanded for the first time: fetch networks (one call) and rebuild.
      this.networksWanted = true;
      await this.refresh({ networks: true });
      return this.find(row.id)?.children ?? [];
    }
    return row.children ?? [];
  }

  getParent(row: ExplorerRow): ExplorerRow | undefined {
    return this.parents.get(row.id);
  }

  dispose(): void {
    this.changed.dispose();
    this.statusChanged.dispose();
  }
}
