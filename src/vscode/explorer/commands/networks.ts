// Create an overlay network (attachable, encrypted, internal, subnet) and remove one (refused while in use).
import * as vscode from 'vscode';
import { objectNameProblem } from '../../../core/deploy/objectVersions';
import { createOverlayNetwork, removeNetworkChecked, subnetProblem, type OverlayNetworkOptions } from '../../../docker';
import { requireTrust } from '../../trust';
import { type CommandEnv, type CommandResult, confirm, connected, errorText, report, rowRef } from './shared';

export async function createNetwork(env: CommandEnv, answers?: OverlayNetworkOptions): Promise<CommandResult | undefined> {
  if (!requireTrust('Creating a network')) return undefined;
  const client = connected(env);
  if ('ok' in client) return report(client);
  let o = answers;
  if (!o) {
    const name = await vscode.window.showInputBox({
      title: 'Create overlay network',
      prompt: 'Name',
      ignoreFocusOut: true,
      validateInput: (v) => objectNameProblem('network', v.trim()),
    });
    if (name === undefined) return undefined;
    const flags = await vscode.window.showQuickPick(
      [
        { label: 'attachable', description: 'standalone containers (docker run --network) may join', picked: true },
        { label: 'encrypted', description: 'IPsec between nodes for the data plane' },
        { label: 'internal', description: 'no access to the outside world' },
      ],
      { title: `Network ${name.trim()}: options`, canPickMany: true, ignoreFocusOut: true },
    );
    if (!flags) return undefined;
    const subnet = await vscode.window.showInputBox({
      title: `Network ${name.trim()}: subnet`,
      prompt: 'CIDR, e.g. 10.20.0.0/24. Empty: the swarm picks one from its address pool.',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? subnetProblem(v) : undefined),
    });
    if (subnet === undefined) return undefined;
    const has = (l: string): boolean => flags.some((f) => f.label === l);
    o = { name: name.trim(), attachable: has('attachable'), encrypted: has('encrypted'), internal: has('internal'), subnet: subnet.trim() || undefined };
  }
  try {
    const id = await createOverlayNetwork(client, o);
    await env.refresh();
    return report({ ok: true, id, message: `Created overlay network "${o.name}".` }, true);
  } catch (err) {
    return report({ ok: false, message: `Create network "${o.name}": ${errorText(err)}` });
  }
}

export async function removeNetwork(env: CommandEnv, arg: unknown, opts: { confirmed?: boolean } = {}): Promise<CommandResult | undefined> {
  const ref = rowRef(arg, 'network');
  if (!ref) return undefined;
  if (!requireTrust('Removing a network')) return undefined;
  const client = connected(env);
  if ('ok' in client) return report(client);
  if (!(await confirm(`Remove network ${ref.name}?`, 'Services and containers can no longer attach to it.', 'Remove', opts.confirmed))) return undefined;
  try {
    await removeNetworkChecked(client, ref.id, ref.name);
    await env.refresh();
    return report({ ok: true, message: `Removed network "${ref.name}".` }, true);
  } catch (err) {
    return report({ ok: false, message: `Remove network: ${errorText(err)}` });
  }
}
