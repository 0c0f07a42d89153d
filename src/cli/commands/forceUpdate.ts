import { forceUpdateService } from '../../docker';
import { guard, type CliIO } from './common';
import { parseServiceUpdateArgs, runServiceUpdate } from './serviceUpdate';

export const usage = 'mender-swarm force-update [--stack NAME] [--timeout SECONDS] [--detach] SERVICE...';

/**
 * `docker service update --force`: replace every task of each service with the same spec (following its
 * update_config), e.g. to restart it or pick up a moved image tag, and wait until the update completed and
 * its tasks run. 0 done, 1 failed (paused or rolled back) or not done in time, 2 usage.
 */
export async function run(argv: string[], io: CliIO): Promise<number> {
  return guard(io, usage, async () => {
    const args = parseServiceUpdateArgs(argv, 'force-update');
    return runServiceUpdate(args, io, { rollback: false, start: (client, svc) => forceUpdateService(client, svc.ID) });
  });
}
