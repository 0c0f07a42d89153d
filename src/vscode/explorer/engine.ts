// Which engine the explorer talks to: the `menderSwarm.docker.*` settings, else DOCKER_HOST, else the
// Docker context (see src/docker/connection.ts). Rebuilt when those settings change; consumers listen to
// `onDidChange` and re-read `current`.
import * as vscode from 'vscode';
import { ConnectionConfigError, StackClient, type EngineDescription } from '../../docker';
import { ENGINE_SETTING_KEYS, engineSettings } from '../engineSettings';

export const SETTINGS = {
  host: ENGINE_SETTING_KEYS.host,
  context: ENGINE_SETTING_KEYS.context,
  timeout: 'menderSwarm.explorer.timeoutSeconds',
} as const;

export type EngineState = { ok: true; client: StackClient; description: EngineDescription } | { ok: false; error: ConnectionConfigError | Error };

function readSettings(): { host?: string; context?: string; timeoutMs: number } {
  const cfg = vscode.workspace.getConfiguration();
  // An untrusted workspace's own settings do not choose the engine (see engineSettings.ts).
  const { host, context } = engineSettings(cfg, vscode.workspace.isTrusted);
  // Short on purpose: an explorer row must say "unreachable" within seconds, not after a TCP timeout.
  const timeoutMs = Math.max(1, cfg.get<number>(SETTINGS.timeout) ?? 5) * 1000;
  return { host, context, timeoutMs };
}

export class EngineManager implements vscode.Disposable {
  private state: EngineState;
  private readonly emitter = new vscode.EventEmitter<EngineState>();
  readonly onDidChange = this.emitter.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.state = this.connect();
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('menderSwarm.docker') || e.affectsConfiguration(SETTINGS.timeout)) this.reconnect();
      }),
      // Trust granted: the workspace's engine settings count from now on.
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.reconnect()),
    );
  }

  get current(): EngineState {
    return this.state;
  }

  /** Re-resolve (settings, environment or the Docker config changed). */
  reconnect(): void {
    if (this.state.ok) this.state.client.dispose();
    this.state = this.connect();
    this.emitter.fire(this.state);
  }

  private connect(): EngineState {
    const s = readSettings();
    try {
      const client = StackClient.fromEnvironment({ host: s.host, context: s.context }, { timeoutMs: s.timeoutMs });
      this.log.info(`explorer: engine ${client.description.host} (${client.description.sourceDetail})`);
      return { ok: true, client, description: client.description };
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      this.log.warn(`explorer: no usable engine: ${error.message}`);
      return { ok: false, error };
    }
  }

  dispose(): void {
    if (this.state.ok) this.state.client.dispose();
    this.emitter.dispose();
    for (const d of this.subscriptions) d.dispose();
  }
}
