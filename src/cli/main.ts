import { CliIO, UsageError } from './io';
import { VERSION } from './version';

type Command = { run(argv: string[], io: CliIO): Promise<number>; usage?: string };

/** Subcommands load lazily so `lint` never pays for the Docker client's bundle evaluation. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
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

export function registerCommand(name: string, summary: string, load: () => Promise<Command>): void {
  COMMANDS[name] = { summary, load };
}

function help(): string {
  const w = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  return [`mender-swarm ${VERSION}: Docker Swarm tooling for Mender stacks`, '', 'Usage: mender-swarm <command> [options]', '',
    ...Object.entries(COMMANDS).map(([k, c]) => `  ${k.padEnd(w)}  ${c.summary}`), '', 'Run mender-swarm <command> --help for its options.'].join('\n') + '\n';
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') { io.stdout(help()); return cmd ? 0 : 2; }
  if (cmd === '--version' || cmd === '-v') { io.stdout(VERSION + '\n'); return 0; }
  const entry = COMMANDS[cmd];
  if (!entry) { io.stderr(`mender-swarm: unknown command "${cmd}"\n\n${help()}`); return 2; }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) { io.stdout(`${command.usage ?? `mender-swarm ${cmd}`}\n`); return 0; }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`mender-swarm ${cmd}: ${e.message}\n${e.cause === 'input' ? '' : command.usage ? `\n${command.usage}\n` : ''}`);
      return 2;
    }
    io.stderr(`mender-swarm ${cmd}: ${(e as Error).stack ?? e}\n`);
    return 2;
  }
}

// dist/cli.js (src/cli/launcher.js) calls main(); running this module directly works too (tsx, tests).
if (require.main === module) {
  main(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), env: process.env,
  }).then((code) => { process.exitCode = code; }, (e: unknown) => { process.stderr.write(`mender-swarm: ${String(e)}\n`); process.exitCode = 2; });
}
