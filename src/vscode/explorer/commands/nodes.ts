// Add Node (a Docker context or an ssh:// host joins the swarm through its own engine), Remove Node (drain, wait,
// leave, remove: confirmed) and node labels (placement constraints use them).
import * as vscode from 'vscode';
import { joinNode, removeNode, setNodeLabel, StackClient, findNodeEngine } from '../../../docker';
import { requireTrust } from '../../trust';
import { listDockerContexts } from '../contexts';
import { type CommandEnv, type CommandResult, confirm, connected, errorText, report, rowRef } from './shared';
import { contextCandidates } from './shell';

export interface AddNodeAnswers {
  /** A Docker context's name, or a host (ssh://user@host, tcp://, unix://). */
  context?: string;
  host?: string;
  role?: 'worker' | 'manager';
  advertiseAddr?: string;
}

export async function addNode(env: CommandEnv, a: AddNodeAnswers = {}): Promise<CommandResult | undefined> {
  if (!requireTrust('Adding a node')) return undefined;
  const manager = connected(env);
  if ('ok' in manager) return report(manager);
  let { context, host } = a;
  if (context === undefined && host === undefined) {
    const picks = [
      ...listDockerContexts()
        .filter((c) => c.name !== 'default')
        .map((c) => ({ label: `$(server-environment) ${c.name}`, description: c.host, context: c.name })),
      { label: '$(edit) Enter an ssh:// host…', description: 'ssh://user@machine', context: undefined },
    ];
    const pick = await vscode.window.showQuickPick(picks, { title: 'Add Node: the engine that joins the swarm' });
    if (!pick) return undefined;
    if (pick.context) context = pick.context;
    else {
      host = await vscode.window.showInputBox({
        title: 'Add Node: Docker host',
        placeHolder: 'ssh://user@machine',
        ignoreFocusOut: true,
        validateInput: (v) => (/^(ssh|tcp|unix):\/\/\S+$/.test(v.trim()) ? undefined : 'ssh://user@host, tcp://host:2376 or unix:///path'),
      });
      if (host === undefined) return undefined;
    }
  }
  const role = a.role ?? ((await vscode.window.showQuickPick(['worker', 'manager'], { title: 'Add Node: join as' })) as 'worker' | 'manager' | undefined);
  if (!role) return undefined;
  let joiner: StackClient;
  try {
    joiner = StackClient.fromEnvironment(context ? { context } : { host: host!.trim() }, { timeoutMs: 10_000 });
  } catch (err) {
    return report({ ok: false, message: `Add node: ${errorText(err)}` });
  }
  try {
    const node = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Adding ${context ?? host} as ${role}` }, (p) =>
      joinNode(manager, joiner, { role, advertiseAddr: a.advertiseAddr, progress: (m) => p.report({ message: m }) }),
    );
    await env.refresh();
    return report({ ok: true, id: node.ID, message: `Node ${node.Description?.Hostname ?? node.ID.slice(0, 12)} joined as ${role} and is Ready.` });
  } catch (err) {
    return report({ ok: false, message: `Add node ${context ?? host}: ${errorText(err)}` });
  } finally {
    joiner.dispose();
  }
}

export async function removeNodeCommand(env: CommandEnv, arg: unknown, opts: { confirmed?: boolean } = {}): Promise<CommandResult | undefined> {
  const ref = rowRef(arg, 'node');
  if (!ref) return undefined;
  if (!requireTrust('Removing a node')) return undefined;
  const manager = connected(env);
  if ('ok' in manager) return report(manager);
  if (
    !(await confirm(
      `Remove node ${ref.name} from the swarm?`,
      'It is drained first and its tasks move to other nodes; then it leaves the swarm.',
      'Remove',
      opts.confirmed,
    ))
  )
    return undefined;
  // Its own engine, when a context reaches it, leaves cleanly; else the node is removed with force once drained.
  const own = await findNodeEngine(manager, ref.id, ref.name, contextCandidates());
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Removing node ${ref.name}` }, (p) =>
      removeNode(manager, ref.id, { nodeEngine: own.ok && own.owned ? own.client : undefined, progress: (m) => p.report({ message: m }) }),
    );
    await env.refresh();
    return report({ ok: true, message: `Node ${ref.name} removed.` });
  } catch (err) {
    return report({ ok: false, message: `Remove node ${ref.name}: ${errorText(err)}` });
  } finally {
    if (own.ok && own.owned) own.client.dispose();
  }
}

export async function nodeLabel(env: CommandEnv, arg: unknown, add: boolean, a: { key?: string; value?: string } = {}): Promise<CommandResult | undefined> {
  const ref = rowRef(arg, 'node');
  if (!ref) return undefined;
  if (!requireTrust('Changing node labels')) return undefined;
  const manager = connected(env);
  if ('ok' in manager) return report(manager);
  let key = a.key;
  if (key === undefined) {
    if (add)
      key = await vscode.window.showInputBox({
        title: `Label for ${ref.name}`,
        prompt: 'key=value (used as node.labels.key in placement constraints)',
        ignoreFocusOut: true,
      });
    else {
      const labels = Object.keys((await manager.inspectNode(ref.id)).Spec?.Labels ?? {});
      if (!labels.length) return report({ ok: false, message: `Node ${ref.name} has no labels.` });
      key = await vscode.window.showQuickPick(labels, { title: `Remove a label of ${ref.name}` });
    }
    if (key === undefined) return undefined;
  }
  let value = a.value;
  if (add && value === undefined) {
    const eq = key.indexOf('=');
    value = eq >= 0 ? key.slice(eq + 1) : '';
    key = eq >= 0 ? key.slice(0, eq) : key;
  }
  try {
    await setNodeLabel(manager, ref.id, key.trim(), add ? (value ?? '') : undefined);
    await env.refresh();
    return report(
      { ok: true, message: add ? `Label ${key.trim()}=${value ?? ''} set on ${ref.name}.` : `Label ${key.trim()} removed from ${ref.name}.` },
      true,
    );
  } catch (err) {
    return report({ ok: false, message: `Node label on ${ref.name}: ${errorText(err)}` });
  }
}
