// Commands that change the swarm or the connection: node availability and role, swarm init, join commands,
// switching the Docker context. Each refreshes the tree afterwards; errors are shown with the daemon's words.
import * as vscode from 'vscode';
import { engineRole, type ExplorerRow, type ObjectRef } from '../../core/explorer';
import { type SwarmClient, changeNode, type NodeChange } from '../../docker';
import { currentDockerContext, listDockerContexts } from './contexts';
import { SETTINGS, type EngineManager } from './engine';
import { requireTrust } from '../trust';

export function refOf(arg: unknown): ObjectRef | undefined {
  const row = arg as ExplorerRow | undefined;
  return row && typeof row === 'object' && row.ref ? row.ref : undefined;
}

const CHANGE_WORDS: Record<NodeChange, string> = {
  drain: 'Drain',
  pause: 'Pause',
  activate: 'Activate',
  promote: 'Promote',
  demote: 'Demote',
};

export async function runNodeChange(
  engine: EngineManager,
  arg: unknown,
  change: NodeChange,
  refresh: () => Promise<void>,
  opts: { confirmed?: boolean } = {},
): Promise<void> {
  const ref = refOf(arg);
  const state = engine.current;
  if (!ref || ref.type !== 'node' || !state.ok) return;
  if (!requireTrust(`${CHANGE_WORDS[change]} a node`)) return;
  if ((change === 'promote' || change === 'demote') && !opts.confirmed) {
    const detail =
      change === 'promote'
        ? `${ref.name} becomes a manager: it joins the raft quorum and can change the swarm. Keep an odd number of managers.`
        : `${ref.name} stops being a manager. Demoting a manager can cost the swarm its quorum if too few managers remain.`;
    const ok = await vscode.window.showWarningMessage(`${CHANGE_WORDS[change]} node ${ref.name}?`, { modal: true, detail }, CHANGE_WORDS[change]);
    if (ok !== CHANGE_WORDS[change]) return;
  }
  try {
    await changeNode(state.client, ref.id, change);
  } catch (err) {
    void vscode.window.showErrorMessage(`${CHANGE_WORDS[change]} ${ref.name}: ${err instanceof Error ? err.message : String(err)}`);
  }
  await refresh();
}

export async function initSwarm(engine: EngineManager, refresh: () => Promise<void>, advertise?: string): Promise<void> {
  const state = engine.current;
  if (!state.ok) return;
  if (!requireTrust('Initialising a swarm')) return;
  let addr = advertise;
  if (addr === undefined) {
    addr = await vscode.window.showInputBox({
      title: `Initialise a swarm on ${state.description.label}`,
      prompt: 'Advertise address: the IP (or interface) other nodes use to reach this manager. Empty: let the engine choose.',
      placeHolder: 'e.g. 192.168.1.10 or eth0',
      ignoreFocusOut: true,
      validateInput: (v) => (/\s/.test(v.trim()) ? 'One address or interface name' : undefined),
    });
    if (addr === undefined) return; // cancelled
  }
  try {
    const nodeId = await state.client.initSwarm({ AdvertiseAddr: addr.trim() || undefined });
    void vscode.window.showInformationMessage(`Swarm initialised; this engine is now manager ${nodeId.slice(0, 12)}.`);
  } catch (err) {
    void vscode.window.showErrorMessage(`Initialise swarm: ${err instanceof Error ? err.message : String(err)}`);
  }
  await refresh();
}

/** `docker swarm join --token ... <manager>:2377` for workers or managers, copied to the clipboard. */
export async function joinCommand(client: SwarmClient, role: 'worker' | 'manager'): Promise<string> {
  const [swarm, info] = await Promise.all([client.swarmInspect(), client.info()]);
  if (engineRole(info) !== 'manager') throw new Error('join tokens are only available on a manager');
  const token = role === 'worker' ? swarm.JoinTokens?.Worker : swarm.JoinTokens?.Manager;
  const addr = info.Swarm?.NodeAddr ? `${info.Swarm.NodeAddr}:2377` : undefined;
  if (!token || !addr) throw new Error('the engine did not return a join token and address');
  return `docker swarm join --token ${token} ${addr}`;
}

export async function copyJoinCommand(engine: EngineManager, role: 'worker' | 'manager'): Promise<void> {
  const state = engine.current;
  if (!state.ok) return;
  try {
    await vscode.env.clipboard.writeText(await joinCommand(state.client, role));
    void vscode.window.showInformationMessage(`The ${role} join command is on the clipboard (it contains a secret token).`);
  } catch (err) {
    void vscode.window.showErrorMessage(`Copy join command: ${err instanceof Error ? err.message : String(err)}`);
  }
}

interface ContextPick extends vscode.QuickPickItem {
  apply: () => Thenable<void>;
}

/** A switch without the picker (tests, other commands): a stored context's name, or `undefined` for "like the docker CLI". */
export interface ContextChoice {
  context?: string;
}

/**
 * Pick a Docker context (or a host) for the explorer; written to the user settings, like `docker context use`.
 * With `choice` the picker is skipped; an unknown context name is refused with the same message a user would get.
 */
export async function switchContext(engine: EngineManager, choice?: ContextChoice): Promise<void> {
  const cfg = vscode.workspace.getConfiguration();
  const target = vscode.ConfigurationTarget.Global;
  const selected = cfg.get<string>(SETTINGS.context)?.trim();
  const host = cfg.get<string>(SETTINGS.host)?.trim();
  const cliCurrent = currentDockerContext();
  const clear = async (): Promise<void> => {
    await cfg.update(SETTINGS.host, undefined, target);
    await cfg.update(SETTINGS.context, undefined, target);
  };
  const use = async (name: string): Promise<void> => {
    await cfg.update(SETTINGS.host, undefined, target);
    await cfg.update(SETTINGS.context, name, target);
  };
  if (choice) {
    const name = choice.context?.trim();
    if (name && !listDockerContexts().some((c) => c.name === name)) {
      void vscode.window.showErrorMessage(`Switch Docker context: no context "${name}" in the Docker config.`);
      return;
    }
    await (name ? use(name) : clear());
    engine.reconnect();
    return;
  }
  const picks: ContextPick[] = [
    {
      label: '$(settings-gear) Like the docker CLI',
      description: `DOCKER_HOST, DOCKER_CONTEXT or the current context (${cliCurrent})`,
      picked: !selected && !host,
      apply: clear,
    },
    ...listDockerContexts().map<ContextPick>((c) => ({
      label: `${c.name === selected ? '$(check)' : '$(server-environment)'} ${c.name}`,
      description: c.host,
      detail: c.description,
      apply: () => use(c.name),
    })),
    {
      label: '$(edit) Enter a Docker host…',
      description: host ?? 'unix://, tcp://, ssh://',
      apply: async () => {
        const value = await vscode.window.showInputBox({
          title: 'Docker host for the Swarm explorer',
          value: host ?? '',
          placeHolder: 'unix:///var/run/docker.sock, tcp://manager:2376, ssh://user@manager',
          ignoreFocusOut: true,
        });
        if (value !== undefined) await cfg.update(SETTINGS.host, value.trim() || undefined, target);
      },
    },
  ];
  const pick = await vscode.window.showQuickPick(picks, { title: 'Docker engine for the Swarm explorer', matchOnDescription: true });
  if (!pick) return;
  await pick.apply();
  // The configuration listener reconnects too; doing it here makes the switch immediate and explicit.
  engine.reconnect();
}
