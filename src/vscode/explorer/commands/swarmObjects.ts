// Create and remove secrets and configs. Values come from a file, the editor's selection or a masked input box;
// they are sent to the engine and nowhere else (never logged, never shown again: swarm cannot give them back).
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { objectNameProblem } from '../../../core/deploy/objectVersions';
import type { SwarmObjectKind } from '../../../core/explorer';
import { createSwarmObject, removeSwarmObject } from '../../../docker';
import { requireTrust } from '../../trust';
import { type CommandEnv, type CommandResult, confirm, connected, errorText, report, rowRef } from './shared';

export type ObjectSource = 'file' | 'selection' | 'input';

/** Answers a caller may give instead of the pickers and input boxes. */
export interface CreateObjectAnswers {
  name?: string;
  source?: ObjectSource;
  file?: string;
  /** With source 'input'. */
  value?: string;
  labels?: Record<string, string>;
}

async function askSource(kind: SwarmObjectKind): Promise<ObjectSource | undefined> {
  const picks: Array<vscode.QuickPickItem & { source: ObjectSource }> = [
    { label: '$(file) From a file…', source: 'file' },
    { label: '$(selection) From the editor selection', source: 'selection', description: vscode.window.activeTextEditor ? '' : 'no editor open' },
    { label: kind === 'secret' ? '$(lock) Type the value (hidden)' : '$(edit) Type the value', source: 'input' },
  ];
  return (await vscode.window.showQuickPick(picks, { title: `Create ${kind}: where does the data come from?` }))?.source;
}

async function readData(kind: SwarmObjectKind, a: CreateObjectAnswers, source: ObjectSource): Promise<Buffer | string | undefined> {
  if (source === 'file') {
    let file = a.file;
    if (file === undefined) {
      const picked = await vscode.window.showOpenDialog({ title: `File for the ${kind}`, canSelectMany: false });
      if (!picked?.[0]) return undefined;
      file = picked[0].fsPath;
    }
    try {
      return fs.readFileSync(file);
    } catch (err) {
      return `cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? errorText(err)}): nothing was created.`;
    }
  }
  if (source === 'selection') {
    const ed = vscode.window.activeTextEditor;
    const text = ed ? ed.selections.map((s) => ed.document.getText(s)).join('\n') : '';
    if (!text) return `select the ${kind}'s text in an editor first: nothing was created.`;
    return Buffer.from(text, 'utf8');
  }
  const value =
    a.value ??
    (await vscode.window.showInputBox({
      title: `Value of the ${kind}`,
      password: kind === 'secret',
      ignoreFocusOut: true,
      validateInput: (v) => (v.length === 0 ? 'Empty: swarm needs at least one byte' : undefined),
    }));
  return value === undefined ? undefined : Buffer.from(value, 'utf8');
}

export async function createObject(env: CommandEnv, kind: SwarmObjectKind, a: CreateObjectAnswers = {}): Promise<CommandResult | undefined> {
  if (!requireTrust(`Creating a ${kind}`)) return undefined;
  const client = connected(env);
  if ('ok' in client) return report(client);
  const name =
    a.name ??
    (await vscode.window.showInputBox({
      title: `Create ${kind}`,
      prompt: 'Name (letters, digits, "-", "_" and ".")',
      ignoreFocusOut: true,
      validateInput: (v) => objectNameProblem(kind, v.trim()),
    }));
  if (name === undefined) return undefined;
  const nameProblem = objectNameProblem(kind, name.trim());
  if (nameProblem) return report({ ok: false, message: `Create ${kind}: ${nameProblem}` });
  const source = a.source ?? (await askSource(kind));
  if (!source) return undefined;
  const data = await readData(kind, a, source);
  if (data === undefined) return undefined;
  if (typeof data === 'string') return report({ ok: false, message: `Create ${kind} "${name.trim()}": ${data}` });
  try {
    const id = await createSwarmObject(client, kind, name.trim(), data, a.labels ?? {});
    await env.refresh();
    return report({ ok: true, id, message: `Created ${kind} "${name.trim()}".` }, true);
  } catch (err) {
    return report({ ok: false, message: `Create ${kind} "${name.trim()}": ${errorText(err)}` });
  }
}

export async function removeObject(
  env: CommandEnv,
  kind: SwarmObjectKind,
  arg: unknown,
  opts: { confirmed?: boolean } = {},
): Promise<CommandResult | undefined> {
  const ref = rowRef(arg, kind);
  if (!ref) return undefined;
  if (!requireTrust(`Removing a ${kind}`)) return undefined;
  const client = connected(env);
  if ('ok' in client) return report(client);
  const ok = await confirm(`Remove ${kind} ${ref.name}?`, `Swarm ${kind}s cannot be recovered: its data is gone with it.`, 'Remove', opts.confirmed);
  if (!ok) return undefined;
  try {
    await removeSwarmObject(client, kind, ref.id, ref.name);
    await env.refresh();
    return report({ ok: true, message: `Removed ${kind} "${ref.name}".` }, true);
  } catch (err) {
    return report({ ok: false, message: `Remove ${kind}: ${errorText(err)}` });
  }
}
