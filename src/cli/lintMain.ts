import { dispatch } from './dispatch';
import type { CliIO } from './io';

/**
 * The `lint` command alone, bundled apart (dist/cli-lint.js): CI lints on every push, and this bundle leaves out
 * the Docker client and its gRPC and ssh stacks, which are most of the full CLI's size.
 */
export function main(argv: string[], io: CliIO): Promise<number> {
  return dispatch(argv, io, {
    lint: { summary: 'lint compose/stack files as one stack', load: async () => import('./commands/lint') },
  });
}
