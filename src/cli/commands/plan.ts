import { formatPlan, planStack } from '../../core/deploy/plan';
import { readStackState } from '../../docker';
import { deployGate } from '../../core/deploy/stack';
import { connect, formatDiagnostic, formatIssue, guard, imageMaps, loadStack, one, parseArgs, type CliIO } from './common';

export const usage = 'mender-swarm plan --stack NAME [--image-map FROM=TO]... [--prune] FILE...';

/** Print what a deploy would do; 0 when it could be applied, 1 when it would be refused. */
export async function run(argv: string[], io: CliIO): Promise<number> {
  return guard(io, usage, async () => {
    const a = parseArgs(argv, ['--stack', '--image-map'], ['--prune']);
    const loaded = loadStack(a.positional, one(a, '--stack'), io, imageMaps(a));
    const { lint, desired } = loaded;
    for (const d of lint.filter((x) => x.severity === 'error')) io.stderr(formatDiagnostic(d) + '\n');
    for (const i of desired.issues.filter((x) => x.severity !== 'info')) io.stderr(formatIssue(i) + '\n');
    const client = connect(io);
    try {
      const plan = planStack(desired, await readStackState(client, desired.stack), { prune: a.bools.has('--prune') });
      io.stdout(formatPlan(plan) + '\n');
      const refused = plan.blocking.length > 0 || !deployGate(loaded).allowed;
      return refused ? 1 : 0;
    } finally {
      client.dispose();
    }
  });
}
