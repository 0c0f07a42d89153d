// "Open Shell" on a running task: a VS Code terminal (Pseudoterminal) attached to an exec with a TTY in the task's
// container, on the engine of the task's node (src/docker/shell.ts finds it: the connected engine, else a Docker
// context whose engine is that node). Resizes follow the terminal; `sh` when the image has no `bash`.
import * as vscode from 'vscode';
import { findNodeEngine, ShellSession, type EngineCandidate } from '../../../docker';
import { requireTrust } from '../../trust';
import { listDockerContexts } from '../contexts';
import { type CommandEnv, type CommandResult, connected, errorText, report, rowRef } from './shared';

/** Output written to each shell terminal so far, by terminal name (host tests read it back). */
export const shellOutput = new Map<string, string>();

/** Every Docker context as a place the node's engine may be. */
export function contextCandidates(): EngineCandidate[] {
  return listDockerContexts().map((c) => ({ label: `context ${c.name}`, input: c.name === 'default' ? {} : { context: c.name } }));
}

export async function openShell(env: CommandEnv, arg: unknown, opts: { candidates?: EngineCandidate[] } = {}): Promise<CommandResult | undefined> {
  const ref = rowRef(arg, 'task');
  if (!ref) return undefined;
  if (!requireTrust('Opening a shell in a task')) return undefined;
  const client = connected(env);
  if ('ok' in client) return report(client);
  let task;
  try {
    task = await client.inspectTask(ref.id);
  } catch (err) {
    return report({ ok: false, message: `Open shell in ${ref.name}: ${errorText(err)}` });
  }
  const containerId = task.Status?.ContainerStatus?.ContainerID;
  if (task.Status?.State !== 'running' || !containerId || !task.NodeID) {
    return report({ ok: false, message: `Open shell in ${ref.name}: the task is ${task.Status?.State ?? 'not running'}; a shell needs a running container.` });
  }
  const node = await client.inspectNode(task.NodeID).catch(() => undefined);
  const nodeName = node?.Description?.Hostname ?? task.NodeID.slice(0, 12);
  const found = await findNodeEngine(client, task.NodeID, nodeName, opts.candidates ?? contextCandidates());
  if (!found.ok) return report({ ok: false, message: `Open shell in ${ref.name}: ${found.message}` });

  const name = `Shell: ${ref.name} (${nodeName})`;
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<number | void>();
  let session: ShellSession | undefined;
  let output = '';
  const emit = (text: string): void => {
    output += text;
    shellOutput.set(name, output);
    write.fire(text);
  };
  const release = (): void => {
    if (found.owned) found.client.dispose();
  };
  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    onDidClose: close.event,
    open: (dims) => {
      emit(`\x1b[2mexec in ${containerId.slice(0, 12)} on ${nodeName} through ${found.via}\x1b[0m\r\n`);
      const size = dims ? { cols: dims.columns, rows: dims.rows } : undefined;
      ShellSession.open(
        found.client,
        containerId,
        {
          data: emit,
          exit: (code, error) => {
            emit(error ? `\r\n\x1b[31m${error}\x1b[0m\r\n` : `\r\n\x1b[2m[shell exited${code === undefined ? '' : ` with code ${code}`}]\x1b[0m\r\n`);
            release();
            // An engine that went away leaves the terminal open so the message can be read.
            if (!error) close.fire(code ?? 0);
          },
        },
        size,
      ).then(
        (s) => (session = s),
        (err: unknown) => {
          emit(`\x1b[31mcannot start a shell: ${errorText(err)}\x1b[0m\r\n`);
          release();
        },
      );
    },
    close: () => {
      session?.close();
      release();
    },
    handleInput: (data) => session?.write(data),
    setDimensions: (dims) => session?.resize({ cols: dims.columns, rows: dims.rows }),
  };
  const terminal = vscode.window.createTerminal({ name, pty, iconPath: new vscode.ThemeIcon('terminal') });
  terminal.show();
  return { ok: true, id: name, message: `Shell in ${ref.name} on ${nodeName} through ${found.via}.` };
}
