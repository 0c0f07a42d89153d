import { CliIO, UsageError } from './io';
import { VERSION } from './version';

export type Command = { run(argv: string[], io: CliIO): Promise<number>; usage?: string };
export type CommandTable = Record<string, { summary: string; load: () => Promise<Command> }>;

function help(commands: CommandTable): string {
  const w = Math.max(...Object.keys(commands).map((k) => k.length));
  return (
    [
      `mender-swarm ${VERSION}: Docker Swarm tooling for Mender stacks`,
      '',
      'Usage: mender-swarm <command> [options]',
      '',
      ...Object.entries(commands).map(([k, c]) => `  ${k.padEnd(w)}  ${c.summary}`),
      '',
      'Run mender-swarm <command> --help for its options.',
    ].join('\n') + '\n'
  );
}

/** Runs one subcommand of the table: help, version, usage errors (exit 2) and crashes handled alike for all. */
export async function dispatch(argv: string[], io: CliIO, commands: CommandTable): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    io.stdout(help(commands));
    return cmd ? 0 : 2;
  }
  if (cmd === '--version' || cmd === '-v') {
    io.stdout(VERSION + '\n');
    return 0;
  }
  const entry = commands[cmd];
  if (!entry) {
    io.stderr(`mender-swarm: unknown command "${cmd}"\n\n${help(commands)}`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.usage ?? `mender-swarm ${cmd}`}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`mender-swarm ${cmd}: ${e.message}\n${e.cause === 'input' ? '' : command.usage ? `\n${command.usage}\n` : ''}`);
      return 2;
    }
    // A bug, not the input: one line for the user; the stack trace only on request, for the report.
    const debug = !!(io.env ?? process.env).MENDER_SWARM_DEBUG;
    const what = e instanceof Error ? (debug ? (e.stack ?? e.message) : `${e.name}: ${e.message.split('\n')[0]}`) : String(e);
    io.stderr(`mender-swarm ${cmd}: internal error: ${what}${debug ? '' : ' (MENDER_SWARM_DEBUG=1 prints the stack trace; please report this)'}\n`);
    return 2;
  }
}
