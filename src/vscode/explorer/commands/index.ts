// The explorer's commands on secrets, configs, networks and volumes, registered through one function.
// Rows pass themselves first; a second argument gives the answers (tests, other callers) instead of the pickers.
import * as vscode from 'vscode';
import type { OverlayNetworkOptions } from '../../../docker';
import { createNetwork, removeNetwork } from './networks';
import type { CommandEnv } from './shared';
import { createObject, removeObject, type CreateObjectAnswers } from './swarmObjects';
import { removeVolume } from './volumes';
import { openShell } from './shell';
import { addNode, nodeLabel, removeNodeCommand, type AddNodeAnswers } from './nodes';

export type { CommandResult } from './shared';
export { shellOutput } from './shell';

export function registerObjectCommands(context: vscode.ExtensionContext, env: CommandEnv): void {
  type Confirm = { confirmed?: boolean };
  const commands: Record<string, (...args: never[]) => unknown> = {
    'menderSwarm.explorer.createSecret': (_row?: unknown, a?: CreateObjectAnswers) => createObject(env, 'secret', a),
    'menderSwarm.explorer.createConfig': (_row?: unknown, a?: CreateObjectAnswers) => createObject(env, 'config', a),
    'menderSwarm.explorer.createSecretFromSelection': () => createObject(env, 'secret', { source: 'selection' }),
    'menderSwarm.explorer.createConfigFromSelection': () => createObject(env, 'config', { source: 'selection' }),
    'menderSwarm.explorer.removeSecret': (row: unknown, o?: Confirm) => removeObject(env, 'secret', row, o),
    'menderSwarm.explorer.removeConfig': (row: unknown, o?: Confirm) => removeObject(env, 'config', row, o),
    'menderSwarm.explorer.createNetwork': (_row?: unknown, a?: OverlayNetworkOptions) => createNetwork(env, a),
    'menderSwarm.explorer.removeNetwork': (row: unknown, o?: Confirm) => removeNetwork(env, row, o),
    'menderSwarm.explorer.removeVolume': (row: unknown, o?: Confirm) => removeVolume(env, row, o),
    'menderSwarm.explorer.openShell': (row: unknown) => openShell(env, row),
    'menderSwarm.explorer.addNode': (_row?: unknown, a?: AddNodeAnswers) => addNode(env, a),
    'menderSwarm.explorer.removeNode': (row: unknown, o?: Confirm) => removeNodeCommand(env, row, o),
    'menderSwarm.explorer.addNodeLabel': (row: unknown, a?: { key?: string; value?: string }) => nodeLabel(env, row, true, a),
    'menderSwarm.explorer.removeNodeLabel': (row: unknown, a?: { key?: string }) => nodeLabel(env, row, false, a),
  };
  for (const [id, fn] of Object.entries(commands)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, fn as (...args: unknown[]) => unknown));
  }
}
