// A shell in a task: which engine runs the task's container, and an interactive exec in it. Swarm has no exec
// through the manager, so the exec goes to the engine of the task's node: the connected one when the task is on
// its node, else the first candidate engine (Docker contexts) whose /info names that node; the explorer's logs
// read through the manager and need none of this.
import type { ConnectionInput } from './connection';
import { ConnectionConfigError } from './errors';
import type { SwarmClient, TtyExec } from './client';
import { StackClient } from './stacks';

/** `bash` where there is one, else `sh` (busybox, alpine, distroless-with-shell images). */
export const SHELL_COMMAND = ['sh', '-c', 'if command -v bash >/dev/null 2>&1; then exec bash; else exec sh; fi'];

export interface EngineCandidate {
  /** What the user calls it (a context name). */
  label: string;
  input: ConnectionInput;
}

export type NodeEngine = { ok: true; client: StackClient; via: string; owned: boolean } | { ok: false; message: string };

/**
 * The engine that runs node `nodeId`. `owned`: the caller disposes the client (a candidate's); the connected one
 * stays the caller's. Candidates that do not answer within `timeoutMs` are skipped.
 */
export async function findNodeEngine(
  connected: StackClient,
  nodeId: string,
  nodeName: string,
  candidates: readonly EngineCandidate[],
  timeoutMs = 3000,
): Promise<NodeEngine> {
  const own = await connected.info().catch(() => undefined);
  if (own?.Swarm?.NodeID === nodeId) return { ok: true, client: connected, via: connected.description.label, owned: false };
  const tried: string[] = [];
  const answers = await Promise.all(
    candidates.map(async (c) => {
      let client: StackClient;
      try {
        client = StackClient.fromEnvironment(c.input, { timeoutMs });
      } catch (err) {
        if (err instanceof ConnectionConfigError) return undefined;
        throw err;
      }
      try {
        const info = await client.info();
        if (info.Swarm?.NodeID === nodeId) return { client, label: c.label };
      } catch {
        tried.push(c.label);
      }
      client.dispose();
      return undefined;
    }),
  );
  const hit = answers.find((a) => a !== undefined);
  for (const a of answers) if (a && a !== hit) a.client.dispose();
  if (hit) return { ok: true, client: hit.client, via: hit.label, owned: true };
  return {
    ok: false,
    message:
      `The task runs on node ${nodeName} (${nodeId.slice(0, 12)}), and no Docker context reaches that node's engine` +
      `${tried.length ? ` (${tried.join(', ')} did not answer)` : ''}. Add one, e.g. \`docker context create ${nodeName} --docker host=ssh://user@${nodeName}\`, then try again.`,
  };
}

export interface ShellEvents {
  data(text: string): void;
  /** The shell ended (exit code) or the engine went away (error). */
  exit(code: number | undefined, error?: string): void;
}

/** One interactive exec: bytes in, bytes out, resize, and one `exit` whatever ends it. */
export class ShellSession {
  private ended = false;
  private constructor(
    private readonly exec: TtyExec,
    private readonly events: ShellEvents,
    private readonly engineLabel: string,
  ) {
    exec.stream.on('data', (b: Buffer) => events.data(b.toString('utf8')));
    exec.stream.on('error', (err: Error) => this.finish(undefined, `lost the connection to the engine at ${this.engineLabel}: ${err.message}`));
    exec.stream.on('end', () => void this.exited());
    exec.stream.on('close', () => void this.exited());
  }

  static async open(
    client: SwarmClient,
    containerId: string,
    events: ShellEvents,
    size?: { cols: number; rows: number },
    cmd = SHELL_COMMAND,
  ): Promise<ShellSession> {
    const exec = await client.execTty(containerId, cmd, size);
    return new ShellSession(exec, events, client.description.label);
  }

  write(text: string): void {
    if (!this.ended) this.exec.stream.write(text);
  }

  resize(size: { cols: number; rows: number }): void {
    if (!this.ended) void this.exec.resize(size).catch(() => undefined);
  }

  close(): void {
    if (this.ended) return;
    this.ended = true;
    (this.exec.stream as unknown as { destroy?: () => void }).destroy?.();
  }

  private async exited(): Promise<void> {
    if (this.ended) return;
    // The stream ended: the shell exited, or the engine dropped the connection (then inspect fails too).
    try {
      this.finish(await this.exec.exitCode());
    } catch (err) {
      this.finish(undefined, `lost the connection to the engine at ${this.engineLabel}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private finish(code: number | undefined, error?: string): void {
    if (this.ended) return;
    this.ended = true;
    this.events.exit(code, error);
  }
}
