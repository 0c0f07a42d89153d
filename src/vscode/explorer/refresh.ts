// When the explorer refreshes, modelled on Container Tools' RefreshManager:
// - only while the view is visible (a hidden view costs the engine nothing);
// - from the engine's event stream (service, node, network and container events), debounced so a stack
//   deploy's burst of events costs one refresh;
// - polling as a fallback while the stream is down, re-subscribing on each poll;
// - a timed follow-up while tasks are between states: other nodes' container events never reach the manager;
// - immediately when the view becomes visible again or the engine changes.
import * as vscode from 'vscode';
import { workInProgressElsewhere } from '../../core/explorer/snapshot';
import type { EngineEvent, EventSubscription } from '../../docker';
import type { EngineManager } from './engine';
import type { SwarmTreeProvider } from './provider';

export const REFRESH_SETTINGS = {
  debounce: 'menderSwarm.explorer.refreshDebounceMs',
  poll: 'menderSwarm.explorer.pollIntervalSeconds',
} as const;

const EVENT_TYPES = ['service', 'node', 'network', 'container', 'secret', 'config', 'volume'];
/** Events that change what the lazy groups (networks, secrets, configs, volumes) show. */
const OBJECT_EVENTS = new Set(['network', 'secret', 'config', 'volume']);

export class RefreshManager implements vscode.Disposable {
  private subscription: EventSubscription | undefined;
  private subscribing = false;
  private debounceTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private followTimer: NodeJS.Timeout | undefined;
  private pendingNetworks = false;
  private firstPendingAt = 0;
  private visible = false;
  private viewVisible = false;
  /** Other views that need the refreshes while they are seen (the swarm visualizer). */
  private watchers = 0;
  private generation = 0;
  private readonly disposables: vscode.Disposable[] = [];
  /** For tests and the log: 'events' while the stream is up, 'polling' while it is down, 'idle' when hidden. */
  mode: 'idle' | 'events' | 'polling' = 'idle';

  constructor(
    private readonly view: vscode.TreeView<unknown>,
    private readonly provider: SwarmTreeProvider,
    private readonly engine: EngineManager,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      view.onDidChangeVisibility((e) => {
        this.viewVisible = e.visible;
        this.setVisible(this.viewVisible || this.watchers > 0);
      }),
      engine.onDidChange(() => {
        this.stop();
        if (this.visible) this.start();
      }),
    );
    this.viewVisible = view.visible;
    this.setVisible(view.visible);
  }

  /** Keep refreshing while the caller watches, whether the tree is visible or not (dispose to stop watching). */
  watch(): vscode.Disposable {
    this.watchers++;
    this.setVisible(true);
    let done = false;
    return new vscode.Disposable(() => {
      if (done) return;
      done = true;
      this.watchers--;
      this.setVisible(this.viewVisible || this.watchers > 0);
    });
  }

  private setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    if (visible) this.start();
    else this.stop();
  }

  private start(): void {
    void this.refresh();
    void this.subscribe();
  }

  private stop(): void {
    this.generation++;
    this.subscription?.dispose();
    this.subscription = undefined;
    clearTimeout(this.debounceTimer);
    clearTimeout(this.pollTimer);
    clearTimeout(this.followTimer);
    this.debounceTimer = undefined;
    this.pollTimer = undefined;
    this.followTimer = undefined;
    this.mode = 'idle';
  }

  private async subscribe(): Promise<void> {
    const engine = this.engine.current;
    if (!engine.ok || this.subscribing || this.subscription) return;
    const gen = this.generation;
    this.subscribing = true;
    try {
      const sub = await engine.client.events({ filters: { type: EVENT_TYPES } }, (e) => this.onEvent(e));
      if (gen !== this.generation) {
        sub.dispose(); // hidden or engine switched while subscribing
        return;
      }
      this.subscription = sub;
      this.mode = 'events';
      clearTimeout(this.pollTimer);
      this.pollTimer = undefined;
      this.log.debug('explorer: following engine events');
      this.followUp(); // what the first refresh found may still be changing on other nodes
      void sub.closed.then((err) => {
        if (this.subscription !== sub) return; // disposed on purpose
        this.subscription = undefined;
        this.log.info(`explorer: event stream closed${err ? ` (${err.message})` : ''}; polling until it is back`);
        // Something may have happened while the stream was down.
        this.schedule(true);
        this.poll();
      });
    } catch (err) {
      if (gen !== this.generation) return;
      this.log.debug(`explorer: cannot follow events: ${err instanceof Error ? err.message : String(err)}`);
      this.poll();
    } finally {
      this.subscribing = false;
      // Hidden and shown again (or the engine switched) while this one was pending: start() skipped its own
      // subscribe because this one was running, and this one was just discarded. Subscribe for the new state.
      if (gen !== this.generation && this.visible && !this.subscription) void this.subscribe();
    }
  }

  /** Fallback: refresh every N seconds and try to get the stream back each time. */
  private poll(): void {
    if (!this.visible || this.pollTimer) return;
    this.mode = 'polling';
    const seconds = Math.max(2, vscode.workspace.getConfiguration().get<number>(REFRESH_SETTINGS.poll) ?? 10);
    const gen = this.generation;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = undefined;
      if (gen !== this.generation || !this.visible) return;
      void this.refresh({ networks: true }).then(() => this.subscribe());
    }, seconds * 1000);
  }

  /** Every refresh goes through here, so a follow-up can be planned from what it found. */
  private async refresh(opts: { networks?: boolean } = {}): Promise<void> {
    // Never rejects: every caller is fire-and-forget, and a rejection here would stop polling for good.
    try {
      await this.provider.refresh(opts);
      this.followUp();
    } catch (err) {
      this.log.error(`explorer: refresh failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /**
   * In event mode, tasks on other nodes change without an event reaching us (see workInProgressElsewhere):
   * while some are between states, refresh again after the poll interval (5 s at least). Settled swarms cost nothing.
   */
  private followUp(): void {
    clearTimeout(this.followTimer);
    this.followTimer = undefined;
    const snap = this.provider.snapshot;
    if (!this.visible || this.mode !== 'events' || !snap || !workInProgressElsewhere(snap)) return;
    const seconds = Math.max(5, vscode.workspace.getConfiguration().get<number>(REFRESH_SETTINGS.poll) ?? 10);
    const gen = this.generation;
    this.followTimer = setTimeout(() => {
      this.followTimer = undefined;
      if (gen === this.generation && this.visible) void this.refresh();
    }, seconds * 1000);
  }

  private onEvent(e: EngineEvent): void {
    // Local container events of non-swarm containers don't change the tree.
    if (e.Type === 'container' && !e.Actor?.Attributes?.['com.docker.swarm.task.id']) return;
    this.schedule(OBJECT_EVENTS.has(e.Type ?? ''));
  }

  private schedule(networks: boolean): void {
    this.pendingNetworks ||= networks;
    if (!this.visible) return;
    const ms = Math.max(0, vscode.workspace.getConfiguration().get<number>(REFRESH_SETTINGS.debounce) ?? 500);
    if (this.debounceTimer) {
      // A steady trickle (a task crash-looping every second) must not postpone the refresh forever.
      if (Date.now() - this.firstPendingAt > Math.max(2000, 4 * ms)) return;
      clearTimeout(this.debounceTimer);
    } else {
      this.firstPendingAt = Date.now();
    }
    this.debounceTimer = setTimeout(() => {
      this.debounceTimer = undefined;
      const networksChanged = this.pendingNetworks;
      this.pendingNetworks = false;
      void this.refresh({ networks: networksChanged });
    }, ms);
  }

  /** Manual refresh: everything, networks included, and re-subscribe if the stream was down. */
  async refreshNow(): Promise<void> {
    await this.refresh({ networks: true });
    if (this.visible && !this.subscription) void this.subscribe();
  }

  dispose(): void {
    this.stop();
    for (const d of this.disposables) d.dispose();
  }
}
