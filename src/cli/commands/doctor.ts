import type { Diagnostic } from '../../core/diagnostic';
import { lintStack } from '../../core/lint';
import { doctorReport } from '../../docker';
import { connect, guard, one, parseArgs, UsageError, type CliIO } from './common';

export const usage = 'mender-swarm doctor --stack NAME [FILE...]';

/** Markdown report of why a stack is not converging; 0 healthy, 1 problems found. FILEs add the linter's link findings. */
export async function run(argv: string[], io: CliIO): Promise<number> {
  return guard(io, usage, async () => {
    const a = parseArgs(argv, ['--stack'], []);
    const stack = one(a, '--stack');
    if (!stack) throw new UsageError('which stack? give --stack NAME');
    let lint: Diagnostic[] | undefined;
    if (a.positional.length) lint = lintStack({ files: a.positional, stackName: stack, env: io.env }).diagnostics;
    const client = connect(io);
    try {
      const r = await doctorReport(client, stack, { lint, onSlow: (note) => io.stderr(`mender-swarm: ${note}\n`) });
      io.stdout(r.markdown + '\n');
      return r.healthy ? 0 : 1;
    } finally {
      client.dispose();
    }
  });
}
