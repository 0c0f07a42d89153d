import { rollbackService } from '../../docker';
import { guard, type CliIO } from './common';
import { parseServiceUpdateArgs, runServiceUpdate } from './serviceUpdate';

export const usage = 'mender-swarm rollback [--stack NAME] [--timeout SECONDS] [--detach] SERVICE...';

/**
 * `docker service rollback`: restore each service's spec from before its last update and wait until the
 * rollback completed and its tasks run. 0 done, 1 refused (no previous spec) or not done in time, 2 usage.
 */
export async function run(argv: string[], io: CliIO): Promise<number> {
  return guard(io, usage, async () => {
    const args = parseServiceUpdateArgs(argv, 'roll back');
    return runServiceUpdate(args, io, {
      rollback: true,
      check: (svc) => (svc.PreviousSpec ? undefined : `${svc.Spec?.Name}: no previous spec to roll back to (it was never updated)`),
      start: (client, svc) => rollbackService(client, svc.ID),
    });
  });
}
