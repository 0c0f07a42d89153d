// Logs of a service or a task, read through the manager's API (no ssh to the node that ran it): demultiplexed
// by SwarmClient, formatted like `docker service logs` (src/core/explorer/logs.ts) into an Output channel
// whose language `mender-swarm-log` (syntaxes/swarm-log.tmLanguage.json) colours levels and task ids.
// Follow mode runs until stopped (command, status bar item, or the next logs request for the same object).
import * as vscode from 'vscode';
import { formatLogLine, logContext, logNamesFromSnapshot, type ObjectRef, type SwarmSnapshot } from '../../core/explorer';
import type { EngineManager } from './engine';

export const LOG_LANGUAGE = 'mender-swarm-log';
export const LOG_SETTINGS = { tail: 'menderSwarm.explorer.logTail', timestamps: 'menderSwarm.explorer.logTimestamps' } as const;
export const FOLLOWING_CONTEXT = 'menderSwarm.explorer.followingLogs';

interface Session {
  ref: ObjectRef;
  channel: vscode.OutputChannel;
  abort?: AbortController;
}

export class LogsController implements vscode.Disposable {
  private readonly sessions = new Map<string, Session>();
  private readonly status = vscode.window.createStatusBarItem('menderSwarm.logs', vscode.StatusBarAlignment.Left, 50);

  constructor(
    private readonly engine: EngineManager,
    private readonly snapshot: () => SwarmSnapshot | undefined,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.status.name = 'Mender Swarm: following logs';
    this.status.command = 'menderSwarm.explorer.stopLogs';
  }

  /** Lines written so far per object id (host tests read it; Output channels cannot be read back). */
  readonly written = new Map<string, string[]>();

  async show(ref: ObjectRef, follow: boolean): Promise<void> {
    if (ref.type !== 'service' && ref.type !== 'task') return;
    const engine = this.engine.current;
    if (!engine.ok) {
      void vscode.window.showErrorMessage(`Mender Swarm: ${engine.error.message}`);
      return;
    }
    const key = `${ref.type}/${ref.id}`;
    let session = this.sessions.get(key);
    session?.abort?.abort();
    if (!session) {
      session = { ref, channel: vscode.window.createOutputChannel(`Swarm logs: ${ref.name}`, LOG_LANGUAGE) };
      this.sessions.set(key, session);
    }
    const { channel } = session;
    channel.clear();
    channel.show(true);
    const abort = new AbortController();
    session.abort = follow ? abort : undefined;
    this.updateFollowing();

    const cfg = vscode.workspace.getConfiguration();
    const tail = cfg.get<number>(LOG_SETTINGS.tail) ?? 200;
    const timestamps = cfg.get<boolean>(LOG_SETTINGS.timestamps) ?? true;
    const snap = this.snapshot();
    const names = logNamesFromSnapshot(snap);
    // Pad the context column to the longest task of the object, like the CLI, so the `|` line up.
    const width = Math.max(
      0,
      ...(snap?.tasks ?? [])
        .filter((t) => (ref.type === 'service' ? t.ServiceID === ref.id : t.ID === ref.id))
        .map(
          (t) =>
            logContext(
              { 'com.docker.swarm.task.id': t.ID, 'com.docker.swarm.service.id': t.ServiceID ?? '', 'com.docker.swarm.node.id': t.NodeID ?? '' },
              names,
            )?.length ?? 0,
        ),
    );
    const written: string[] = [];
    this.written.set(key, written);
    let buffer: string[] = [];
    // Batch appends: a `tail=all` of a chatty service is thousands of lines, one IPC message each otherwise.
    const flush = (): void => {
      if (buffer.length === 0) return;
      channel.append(buffer.join('\n') + '\n');
      buffer = [];
    };
    const timer = setInterval(flush, 100);
    const opts = { tail: tail < 0 ? ('all' as const) : tail, timestamps, follow, details: true };
    try {
      const stream = ref.type === 'service' ? engine.client.serviceLogs(ref.id, opts, abort.signal) : engine.client.taskLogs(ref.id, opts, abort.signal);
      channel.appendLine(`# ${ref.type} ${ref.name} — last ${opts.tail} lines${follow ? ', following (stop: "Stop Following Logs")' : ''}`);
      for await (const rec of stream) {
        const line = formatLogLine(rec, names, { timestamps, contextWidth: width });
        buffer.push(line);
        written.push(line);
      }
      flush();
      if (follow && !abort.signal.aborted) channel.appendLine('# log stream ended');
    } catch (err) {
      flush();
      if (!abort.signal.aborted) {
        const msg = err instanceof Error ? err.message : String(err);
        channel.appendLine(`# error: ${msg}`);
        this.log.warn(`explorer: logs of ${ref.type} ${ref.name}: ${msg}`);
      }
    } finally {
      clearInterval(timer);
      flush();
      if (session.abort === abort) session.abort = undefined;
      this.updateFollowing();
    }
  }

  /** Stop following: one object's logs, or all of them. */
  stop(ref?: ObjectRef): void {
    for (const [key, s] of this.sessions) {
      if (ref && key !== `${ref.type}/${ref.id}`) continue;
      s.abort?.abort();
      s.abort = undefined;
    }
    this.updateFollowing();
  }

  get following(): ObjectRef[] {
    return [...this.sessions.values()].filter((s) => s.abort).map((s) => s.ref);
  }

  private updateFollowing(): void {
    const following = this.following;
    void vscode.commands.executeCommand('setContext', FOLLOWING_CONTEXT, following.length > 0);
    if (following.length === 0) {
      this.status.hide();
      return;
    }
    this.status.text = `$(debug-stop) Following logs: ${following.map((r) => r.name).join(', ')}`;
    this.status.tooltip = 'Click to stop following swarm logs';
    this.status.show();
  }

  dispose(): void {
    this.stop();
    for (const s of this.sessions.values()) s.channel.dispose();
    this.status.dispose();
  }
}
