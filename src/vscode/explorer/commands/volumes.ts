// Remove a volume of the connected engine, confirmed, refused while a task of this node mounts it.
import { removeVolumeChecked } from '../../../docker';
import { requireTrust } from '../../trust';
import { type CommandEnv, type CommandResult, confirm, connected, errorText, report, rowRef } from './shared';

export async function removeVolume(env: CommandEnv, arg: unknown, opts: { confirmed?: boolean } = {}): Promise<CommandResult | undefined> {
  const ref = rowRef(arg, 'volume');
  if (!ref) return undefined;
  if (!requireTrust('Removing a volume')) return undefined;
  const client = connected(env);
  if ('ok' in client) return report(client);
  if (!(await confirm(`Remove volume ${ref.name}?`, 'Its data is deleted from this engine for good.', 'Remove', opts.confirmed))) return undefined;
  try {
    await removeVolumeChecked(client, ref.name);
    await env.refresh();
    return report({ ok: true, message: `Removed volume "${ref.name}".` }, true);
  } catch (err) {
    return report({ ok: false, message: `Remove volume: ${errorText(err)}` });
  }
}
