import { LABEL_NAMESPACE } from '../../core/deploy/engine';
import { removeStack } from '../../docker';
import { connect, consentToRemove, requireYesOffTerminal, guard, one, parseArgs, UsageError, type CliIO } from './common';

export const usage = 'mender-swarm rm --stack NAME [--yes]';

/** `docker stack rm`: services, then networks, secrets and configs with the stack's label, nothing else. */
export async function run(argv: string[], io: CliIO): Promise<number> {
  return guard(io, usage, async () => {
    const a = parseArgs(argv, ['--stack'], ['--yes', '-y']);
    const stack = one(a, '--stack') ?? a.positional[0];
    if (!stack) throw new UsageError('which stack? give --stack NAME');
    const yes = a.bools.has('--yes') || a.bools.has('-y');
    requireYesOffTerminal(`rm --stack ${stack}`, yes);
    const client = connect(io);
    try {
      const services = await client.listServices({ filters: { label: [`${LABEL_NAMESPACE}=${stack}`] } });
      const networks = await client.listNetworks({ label: [`${LABEL_NAMESPACE}=${stack}`] });
      if (!services.length && !networks.length) {
        io.stderr(`nothing to remove: no stack "${stack}" on ${client.description.label}\n`);
        return 1;
      }
      if (!(await consentToRemove(`Remove stack "${stack}" (${services.length} services, ${networks.length} networks)`, yes, io))) return 1;
      const r = await removeStack(client, stack, { progress: (m) => io.stdout(m + '\n') });
      io.stdout(`removed ${r.services.length} services, ${r.networks.length} networks, ${r.secrets.length} secrets, ${r.configs.length} configs\n`);
      for (const e of r.errors) io.stderr(`error: ${e}\n`);
      return r.errors.length ? 1 : 0;
    } finally {
      client.dispose();
    }
  });
}
