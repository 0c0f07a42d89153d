import type { Diagnostic } from '../diagnostic';
import { lintProject, redactIssues, type RuleSettings } from '../lint';
import type { FileReader } from '../manifest/files';
import { loadProject, withStackName, type EraOverride, type Project } from '../manifest/project';
import { convertProject, type ConvertIssue, type DesiredStack } from './convert';
import type { ImageMapping } from './units';

/**
 * One loadStack and one deploy gate for the CLI and the editor: the same files, the same rule settings (the
 * project configuration file's, see core/config), hence the same answer to "may this stack be deployed".
 */
export interface LoadedStack {
  project: Project;
  lint: Diagnostic[];
  desired: DesiredStack;
}

export interface LoadStackOptions {
  stack?: string;
  env: Record<string, string | undefined>;
  imageMap?: readonly ImageMapping[];
  /** Rule severities, as lint applies them (an `off` rule cannot stop a deploy). */
  rules?: RuleSettings;
  reader?: FileReader;
  /** The configuration file's `menderEra` (see core/config). */
  menderEra?: EraOverride;
}

export class StackLoadError extends Error {}

/** Load, lint and convert; a file that cannot be read is an error (nothing sensible can be deployed). */
export function loadStack(files: string[], opts: LoadStackOptions): LoadedStack {
  return stackOf(loadProject({ files, env: opts.env, reader: opts.reader, menderEra: opts.menderEra }), opts);
}

/** loadStack for a project already loaded (from the same files, env and reader): the editor reads it once for its name too. */
export function stackOf(loaded: Project, opts: LoadStackOptions): LoadedStack {
  const project = withStackName(loaded, opts.stack);
  const unreadable = project.findings.find((f) => f.code === 'unreadable-file');
  if (unreadable) throw new StackLoadError(unreadable.message);
  const lint = lintProject(project, opts.rules ?? {});
  const desired = convertProject(project, { imageMap: opts.imageMap, env: opts.env, reader: opts.reader });
  // Conversion messages quote values: those that came from .env or the environment are shown as the file wrote them.
  desired.issues = redactIssues(project, desired.issues);
  return { project, lint, desired };
}

export interface DeployGate {
  /** True when the stack may be deployed (no errors, or forced). */
  allowed: boolean;
  lintErrors: Diagnostic[];
  convErrors: ConvertIssue[];
  /** "2 lint error(s) and 1 conversion error(s)", for the message that refuses. */
  summary: string;
}

/** Lint errors (at the severities the settings give) and keys swarm cannot honour stop a deploy, unless forced. */
export function deployGate(s: LoadedStack, force = false): DeployGate {
  const lintErrors = s.lint.filter((d) => d.severity === 'error');
  const convErrors = s.desired.issues.filter((i) => i.severity === 'error');
  return {
    allowed: force || (!lintErrors.length && !convErrors.length),
    lintErrors,
    convErrors,
    summary: `${lintErrors.length} lint error(s) and ${convErrors.length} conversion error(s)`,
  };
}
