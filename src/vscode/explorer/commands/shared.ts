// What the explorer's object commands share: the result every command returns (host tests read it; the user
// reads the same words in a message), the connected engine or why there is none, and the confirmation modal.
import * as vscode from 'vscode';
import type { ObjectRef } from '../../../core/explorer';
import type { StackClient } from '../../../docker';
import { refOf } from '../actions';
import type { EngineManager } from '../engine';

export type CommandResult = { ok: true; id?: string; message: string } | { ok: false; message: string };

export interface CommandEnv {
  engine: EngineManager;
  refresh: () => Promise<void>;
}

export const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Show the outcome (error or information) and hand it back. */
export function report(r: CommandResult, quiet = false): CommandResult {
  if (!r.ok) void vscode.window.showErrorMessage(`Mender Swarm: ${r.message}`);
  else if (!quiet) void vscode.window.showInformationMessage(r.message);
  return r;
}

export function connected(env: CommandEnv): StackClient | CommandResult {
  const state = env.engine.current;
  return state.ok ? state.client : { ok: false, message: `no Docker engine: ${state.error.message}` };
}

export function rowRef(arg: unknown, type: ObjectRef['type']): ObjectRef | undefined {
  const ref = refOf(arg);
  return ref?.type === type ? ref : undefined;
}

/** A modal for destructive actions; `confirmed` (tests, other callers) skips it. */
export async function confirm(question: string, detail: string, verb: string, confirmed?: boolean): Promise<boolean> {
  if (confirmed) return true;
  return (await vscode.window.showWarningMessage(question, { modal: true, detail }, verb)) === verb;
}
