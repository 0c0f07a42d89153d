import * as fs from 'fs';
import * as path from 'path';
import { configProblemText, eraOverrideOf, projectConfigFor } from '../../core/config/projectConfig';
import { targetProblem, type Target } from '../../core/config/targets';
import type { Severity } from '../../core/diagnostic';
import { lintStack, RuleSettings } from '../../core/lint';
import { diskReader } from '../../core/manifest/files';
import { COMPOSE_FILE_NAMES, defaultStackFiles } from '../../core/manifest/stackFiles';
import { allCodes, codeInfo } from '../../core/rules';
import { explainCode } from '../explain';
import { formatText, toJson, toSarif } from '../format';
import { CliIO, parseArgs, UsageError } from '../io';
import { VERSION } from '../version';

export const usage = `mender-swarm lint [--format text|json|sarif] [--verbose] [--stack NAME] [--env-file FILE] [--rule CODE=SEVERITY]... [--target swarm|kubernetes]... [FILE|DIR]...
  Lints the files as one stack (merged in order, like docker compose -f A -f B). A folder, or none given (the
  working folder), stands for the stack docker compose finds there: COMPOSE_FILE, else compose.yaml or
  docker-compose.yml (in it or the nearest folder above) with its override file.
  --verbose prints each finding's detail (why, how to fix) below it.
  --target names where the stack runs (swarm always; kubernetes adds the k8s-name checks); it replaces the
  configuration file's targets.
  Exit: 1 when any error, 0 otherwise, 2 for usage or unreadable input.
mender-swarm lint --explain CODE
  Prints the rule's page: what it checks, why, a wrong and a right example, its quick fixes, how to configure it.`;

function folderStack(dir: string, io: CliIO): string[] {
  const set = defaultStackFiles(dir, diskReader, io.env);
  if (!set) throw new UsageError(`no compose file in ${dir} or above it (${COMPOSE_FILE_NAMES.join(', ')}), and no COMPOSE_FILE`, { cause: 'input' });
  // On stderr, as docker compose warns: the findings on stdout stay what a tool reads.
  if (set.passedOver) io.stderr(`mender-swarm lint: using ${set.files.join(' and ')}; left out, as docker compose leaves them: ${set.passedOver.join(', ')}\n`);
  return set.files;
}

// eslint-disable-next-line @typescript-eslint/require-await -- a command is async (dispatch awaits it); its throws must reject
export async function run(argv: string[], io: CliIO): Promise<number> {
  const a = parseArgs(argv, ['--format', '--stack', '--env-file', '--rule', '--explain', '--target'], ['--verbose']);
  const one = (name: string): string | undefined => {
    const v = a.flags.get(name);
    if (v && v.length > 1) throw new UsageError(`${name} given more than once`);
    return v?.[0];
  };
  const explain = one('--explain');
  if (explain !== undefined) return explainCode(explain, io);
  const format = one('--format') ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif, not "${format}"`);
  const flagRules: RuleSettings = {};
  for (const r of a.flags.get('--rule') ?? []) {
    const m = /^([\w-]+)=(error|warning|info|hint|off)$/.exec(r);
    if (!m) throw new UsageError(`--rule takes CODE=error|warning|info|hint|off, not "${r}"`);
    flagRules[m[1]] = m[2] as Severity | 'off';
  }
  const flagTargets: Target[] = [];
  for (const t of (a.flags.get('--target') ?? []).flatMap((v) => v.split(','))) {
    const why = targetProblem(t);
    if (why) throw new UsageError(`--target: ${why}`);
    flagTargets.push(t as Target);
  }
  const cwd = io.cwd ?? process.cwd();
  // No FILE, or a folder: the stack docker compose would find there.
  const files = (a.positional.length ? a.positional : [cwd]).flatMap((f) => {
    const abs = path.resolve(cwd, f);
    return fs.statSync(abs, { throwIfNoEntry: false })?.isDirectory() ? folderStack(abs, io) : [abs];
  });
  for (const f of files) {
    try {
      if (!fs.statSync(f).isFile()) throw new UsageError(`${f}: not a file`);
      fs.accessSync(f, fs.constants.R_OK);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      throw new UsageError(`cannot read ${f}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message}`, {
        cause: 'input',
      });
    }
  }
  // The project configuration file's settings, as the editor applies them; --rule, --stack and --target win over it.
  const config = projectConfigFor(files);
  if (config?.problems.length) throw new UsageError(config.problems.map((p) => configProblemText(p, cwd)).join('\n  '));
  const rules: RuleSettings = { ...config?.rules, ...flagRules };
  const envFileArg = one('--env-file');
  const envFile = envFileArg ? path.resolve(cwd, envFileArg) : undefined;
  const { diagnostics } = lintStack({
    files,
    stackName: one('--stack') ?? config?.stackName,
    env: io.env,
    envFile,
    rules,
    roots: [cwd, path.dirname(files[0])],
    menderEra: eraOverrideOf(config),
    targets: flagTargets.length ? flagTargets : config?.targets,
  });
  if (!diagnostics.some((d) => codeInfo(d.code)?.unread === 'in-part')) io.wholeLint?.();
  if (format === 'json') io.stdout(JSON.stringify(toJson(diagnostics), null, 2) + '\n');
  else if (format === 'sarif') io.stdout(JSON.stringify(toSarif(diagnostics, allCodes(), VERSION, cwd), null, 2) + '\n');
  else io.stdout(formatText(diagnostics, cwd, a.bools.has('--verbose')));
  return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}
