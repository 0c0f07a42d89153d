/** What a command gets: output sinks and the environment, so tests run commands in-process. */
export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /**
   * Told by `lint` when it ran every check (the launcher, src/cli/launcher.js, keeps a code cache only of such a run:
   * one of a file that is not YAML would lack the checks' code, and every later lint would compile it again).
   */
  wholeLint?: () => void;
}

export class UsageError extends Error {}

export interface ParsedArgs {
  flags: Map<string, string[]>;
  bools: Set<string>;
  positional: string[];
}

/** `--name value`, `--name=value`, `-o value`; booleans listed in `booleans`. Unknown flags are usage errors. */
export function parseArgs(argv: string[], valued: string[], booleans: string[]): ParsedArgs {
  const flags = new Map<string, string[]>();
  const bools = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (booleans.includes(name)) {
      if (eq > 0) throw new UsageError(`${name} takes no value`);
      bools.add(name);
      continue;
    }
    if (!valued.includes(name)) throw new UsageError(`unknown option ${name}`);
    const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
    if (v === undefined) throw new UsageError(`${name} needs a value`);
    (flags.get(name) ?? flags.set(name, []).get(name)!).push(v);
  }
  return { flags, bools, positional };
}
