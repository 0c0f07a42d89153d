/** What a command gets: output sinks and the environment, so tests run commands in-process. */
export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: NodeJS.ProcessEnv;
  cwd?: string;
}

export class UsageError extends Error {}

/** Minimal argv parsing: `--flag value`, `--flag=value`, repeatable flags, booleans, positionals. */
export function parseArgs(argv: string[], spec: { values?: string[]; repeat?: string[]; bools?: string[] }): {
  values: Record<string, string>; lists: Record<string, string[]>; bools: Set<string>; positional: string[];
} {
  const values: Record<string, string> = {}; const lists: Record<string, string[]> = {}; const bools = new Set<string>(); const positional: string[] = [];
  const takes = new Set([...(spec.values ?? []), ...(spec.repeat ?? [])]);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { positional.push(...argv.slice(i + 1)); break; }
    if (!a.startsWith('-') || a === '-') { positional.push(a); continue; }
    const eq = a.indexOf('=');
    const name = (eq > 0 ? a.slice(0, eq) : a).replace(/^--?/, '');
    if (spec.bools?.includes(name)) { if (eq > 0) throw new UsageError(`--${name} takes no value`); bools.add(name); continue; }
    if (!takes.has(name)) throw new UsageError(`unknown option ${a.slice(0, eq > 0 ? eq : undefined)}`);
    const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
    if (v === undefined) throw new UsageError(`--${name} needs a value`);
    if (spec.repeat?.includes(name)) (lists[name] ??= []).push(v); else values[name] = v;
  }
  return { values, lists, bools, positional };
}
