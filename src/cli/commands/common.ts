// Shared plumbing of the deploy-family commands: argument parsing, loading the stack, connecting.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { configProblemText, eraOverrideOf, projectConfigFor, type ProjectConfig } from '../../core/config/projectConfig';
import type { ConvertIssue } from '../../core/deploy/convert';
import { loadStack as coreLoadStack, StackLoadError, type LoadedStack } from '../../core/deploy/stack';
import { parseImageMapping, type ImageMapping } from '../../core/deploy/units';
import type { Diagnostic } from '../../core/diagnostic';
import { processEnvironment, StackClient } from '../../docker';

import { parseArgs, UsageError, type CliIO, type ParsedArgs } from '../io';

export { parseArgs, UsageError, type CliIO, type ParsedArgs };

export function one(p: ParsedArgs, name: string): string | undefined {
  const v = p.flags.get(name);
  if (v && v.length > 1) throw new UsageError(`${name} given more than once`);
  return v?.[0];
}

export function imageMaps(p: ParsedArgs): ImageMapping[] {
  return (p.flags.get('--image-map') ?? []).map((a) => {
    const m = parseImageMapping(a);
    if ('error' in m) throw new UsageError(m.error);
    return m;
  });
}

export type { LoadedStack };

/**
 * The project configuration file found from the files (mender-swarm.config.{json,yaml}); a broken one is a usage
 * error (exit 2) naming the file, line and key (the message the editor shows there), so CI never gates a deploy on half-read settings.
 */
export function projectConfig(files: string[]): ProjectConfig | undefined {
  const config = projectConfigFor(files);
  if (config?.problems.length) throw new UsageError(config.problems.map((p) => configProblemText(p, process.cwd())).join('\n  '));
  return config;
}

/**
 * Files must exist (exit 2 otherwise); lint and conversion findings are returned, not printed. The core's
 * loadStack, with the configuration file's rules, stack name and image map (flags given here win).
 */
export function loadStack(files: string[], stack: string | undefined, io: CliIO, imageMap: ImageMapping[]): LoadedStack {
  if (!files.length) throw new UsageError('no stack file given');
  for (const f of files) {
    try {
      if (!fs.statSync(f).isFile()) throw new UsageError(`${f}: not a file`);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`${f}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    }
  }
  const config = projectConfig(files);
  try {
    return coreLoadStack(files, {
      stack: stack ?? config?.stackName,
      env: io.env,
      imageMap: [...imageMap, ...(config?.imageMap ?? [])],
      rules: config?.rules,
      menderEra: eraOverrideOf(config),
    });
  } catch (e) {
    if (e instanceof StackLoadError) throw new UsageError(e.message);
    throw e;
  }
}

export function formatIssue(i: ConvertIssue): string {
  const where = i.span ? `${path.relative(process.cwd(), i.span.file.path) || i.span.file.path}:${i.span.file.positionAt(i.span.start).line + 1}: ` : '';
  return `${where}${i.severity} ${i.message} [${i.code}]`;
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${path.relative(process.cwd(), d.file) || d.file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.message} [${d.code}]`;
}

/** The engine by the same rules as the explorer (DOCKER_HOST first), with the caller's environment. */
export function connect(io: CliIO, timeoutMs = 15_000): StackClient {
  return StackClient.fromEnvironment({}, { timeoutMs }, { ...processEnvironment(), env: io.env });
}

/**
 * Removals need consent: `--yes`, or a "y" on a terminal. Off a terminal (CI, a pipe) without `--yes` it is a
 * usage error (exit 2) before anything is removed: a pipeline cannot answer, and silence must not mean yes.
 */
export async function consentToRemove(what: string, yes: boolean, io: CliIO): Promise<boolean> {
  if (yes) return true;
  requireYesOffTerminal(what, yes);
  return confirm(`${what}?`, io);
}

function isTerminal(): boolean {
  return !!process.stdin.isTTY;
}

/** Before connecting: a removal off a terminal without `--yes` is refused at once (exit 2), nothing is read. */
export function requireYesOffTerminal(what: string, yes: boolean): void {
  if (!yes && !isTerminal()) throw new UsageError(`${what}: this removes services; pass --yes to confirm when not run from a terminal`);
}

/** Ask y/N on a terminal; never asks when stdin is not one (CI pipelines do not answer). */
export async function confirm(question: string, io: CliIO): Promise<boolean> {
  if (!process.stdin.isTTY) return true;
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    const a = await new Promise<string>((resolve) => rl.question(`${question} [y/N] `, resolve));
    return /^y(es)?$/i.test(a.trim());
  } finally {
    rl.close();
  }
  void io;
}

export function errorText(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause instanceof Error && !err.message.includes(err.cause.message) ? ` (${err.cause.message})` : '';
    return err.message + cause;
  }
  return String(err);
}

/** Wrap a command body: usage errors exit 2 with a message, engine errors exit 1. */
export async function guard(io: CliIO, usage: string, body: () => number | Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`mender-swarm: ${err.message}\nusage: ${usage}\n`);
      return 2;
    }
    io.stderr(`mender-swarm: ${errorText(err)}\n`);
    return 1;
  }
}
