import { CommandTable, dispatch } from './dispatch';
import type { CliIO } from './io';

/** Subcommands load lazily: a command's modules are evaluated only when it runs. */
export const COMMANDS: CommandTable = {
  lint: { summary: 'lint compose/stack files as one stack', load: async () => import('./commands/lint') },
  plan: { summary: 'show what a deploy would create, update and remove', load: async () => import('./commands/plan') },
  deploy: { summary: 'deploy the files as a stack and wait until it converges', load: async () => import('./commands/deploy') },
  export: { summary: 'write the resolved stack as a compose v3 file docker stack deploy accepts', load: async () => import('./commands/export') },
  scale: { summary: 'scale replicated services: SERVICE=N...', load: async () => import('./commands/scale') },
  rm: { summary: 'remove a stack and what it created', load: async () => import('./commands/rm') },
  doctor: { summary: "report why a stack's services are not converging", load: async () => import('./commands/doctor') },
  rollback: { summary: 'roll services back to their spec before the last update', load: async () => import('./commands/rollback') },
  'force-update': { summary: 'replace every task of services with the same spec (a rolling restart)', load: async () => import('./commands/forceUpdate') },
};

export function main(argv: string[], io: CliIO): Promise<number> {
  return dispatch(argv, io, COMMANDS);
}

// dist/cli.js (src/cli/launcher.js) calls main(); running this module directly works too (tsx, tests).
if (require.main === module) {
  main(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    env: process.env,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`mender-swarm: ${String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
