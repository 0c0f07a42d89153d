import { compareDiagnostics, Diagnostic, Finding, Severity, toDiagnostic } from './diagnostic';
import * as path from 'path';
import { SourceFile } from './model/source';
import { diskReader } from './manifest/files';
import { folderStackName, LoadOptions, loadProject, Project } from './manifest/project';
import { ALL_RULES, codeInfo } from './rules';
import type { Rule } from './rules/rule';
import { isSecretName, redactSubstitutions, Substitution, valuePieces } from './mask';

/** Per code (or per rule id) severity overrides; 'off' silences. */
export type RuleSettings = Record<string, Severity | 'off'>;

export interface LintOptions extends LoadOptions {
  rules?: RuleSettings;
}

export interface LintResult {
  project: Project;
  diagnostics: Diagnostic[];
}

/** Never throws: a failure loading the stack is one `internal-error` diagnostic, like a failing rule. */
export function lintStack(opts: LintOptions, rules: readonly Rule[] = ALL_RULES): LintResult {
  let project: Project;
  try {
    project = loadProject(opts);
  } catch (e) {
    project = failedProject(opts, e);
  }
  return { project, diagnostics: lintProject(project, opts.rules ?? {}, rules) };
}

/** What a stack that failed to load is: its files, nothing in them, and one finding that says why. */
function failedProject(opts: LintOptions, e: unknown): Project {
  const files = opts.files.map((f) => path.resolve(f));
  const projectDir = path.resolve(opts.projectDir ?? path.dirname(files[0] ?? '.'));
  const first = new SourceFile(files[0] ?? path.join(projectDir, 'docker-compose.yml'), '');
  return {
    name: opts.stackName ?? folderStackName(projectDir),
    nameSource: opts.stackName ? 'option' : 'folder',
    projectDir,
    stackFiles: files,
    documents: [{ file: first, root: undefined, role: 'stack' }],
    merged: undefined,
    services: new Map(),
    networks: new Map(),
    volumes: new Map(),
    secrets: new Map(),
    configs: new Map(),
    includes: [],
    dotenv: undefined,
    dotenvSource: undefined,
    variables: [],
    reader: opts.reader ?? diskReader,
    findings: [
      {
        span: { file: first, start: 0, end: 0 },
        code: 'internal-error',
        severity: 'error',
        message: 'The stack could not be loaded (an internal error).',
        detail: `${errorText(e)}. Please report this with the manifest.`,
      },
    ],
  };
}

/** An exception as one line for a message: never its stack trace. */
function errorText(e: unknown): string {
  if (e instanceof RangeError) return 'it is nested or repeated beyond what the linter can follow';
  try {
    return e instanceof Error ? `${e.name}: ${e.message.split('\n')[0]}` : String(e);
  } catch {
    return 'an unprintable value was thrown'; // e.g. Object.create(null): String() itself throws
  }
}

/** Said with each finding that stopped a file being read whole: the other checks wait for it. */
export const PARTIAL_READ =
  'The other checks of the stack wait until this reads whole: on what the parser recovered they would report what is only unread (a mapping "empty", a key "unknown").';
/** Said with each finding of a file not read at all: what it defines is unknown. */
export const UNREAD_FILE =
  'The checks across services (hosts, depends_on, networks, the Mender and Traefik links) wait until it can be read: what it defines is unknown here.';

function withWhy(detail: string | undefined, why: string): string {
  return detail ? `${detail}\n\n${why}` : why;
}

export function lintProject(project: Project, settings: RuleSettings = {}, rules: readonly Rule[] = ALL_RULES): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const redact = projectRedactor(project);
  const add = (f: Finding, ruleId?: string): void => {
    const sev = severityFor(f, settings, ruleId);
    if (sev === 'off') return;
    const d = redactDiagnostic(toDiagnostic(f, sev), redact);
    const key = `${d.file}:${d.range.start.line}:${d.range.start.character}:${d.range.end.line}:${d.range.end.character}:${d.code}:${d.message}`;
    if (seen.has(key)) return; // a node shared by aliases or files is reported once
    seen.add(key);
    out.push(d);
  };
  // A file read in part: what stopped the reading, and why nothing else is said yet.
  const partial = project.findings.filter((f) => codeInfo(f.code)?.unread === 'in-part' && severityFor(f, settings, undefined) !== 'off');
  if (partial.length) {
    for (const f of partial) add({ ...f, detail: withWhy(f.detail, PARTIAL_READ) });
    return out.sort(compareDiagnostics);
  }
  // A file not read at all: the checks across services wait (src/core/stack/partial.ts); its finding says so.
  for (const f of project.findings) add(codeInfo(f.code)?.unread === 'whole' ? { ...f, detail: withWhy(f.detail, UNREAD_FILE) } : f);
  for (const rule of rules) {
    try {
      rule.check({ project, report: (f) => add(f, rule.id) });
    } catch (e) {
      // A rule bug must not hide the other rules' findings; say which rule failed and where.
      const first = project.documents[0]?.file;
      if (first)
        add({
          span: { file: first, start: 0, end: 0 },
          code: 'internal-error',
          severity: 'error',
          message: `Rule "${rule.id}" failed (an internal error).`,
          detail: `${errorText(e)}. Please report this with the manifest.`,
        });
    }
  }
  return out.sort(compareDiagnostics);
}

/**
 * Values the environment or `.env` put into the stack, with the text the file wrote instead: messages quote the
 * file (`${AWS_SECRET_ACCESS_KEY}`), never the value, which may be a CI secret.
 */
export function substitutions(project: Project): Substitution[] {
  const out: Substitution[] = [];
  // A plain value that is also a name the files define (DOCKER_IMAGE_BACKEND=backend beside a service "backend") is
  // in the files already: a message naming that service must keep its name. Secret-looking names are always hidden.
  const named = (v: string): boolean =>
    project.services.has(v) || project.networks.has(v) || project.volumes.has(v) || project.secrets.has(v) || project.configs.has(v);
  const push = (value: string, written: string, secret: boolean): void => {
    if (secret || !named(value)) out.push({ value, written, secret });
  };
  for (const { use, scalar } of project.variables) {
    if (use.value === undefined || (use.origin.kind !== 'env' && use.origin.kind !== 'dotenv')) continue;
    const secret = isSecretName(use.name);
    const written = `\${${use.name}}`;
    push(use.value, written, secret);
    // A rule may quote one part of the value (the host of a URL): that part is the variable's too.
    for (const piece of valuePieces(use.value)) if (secret || piece.length >= 6) push(piece, written, secret);
    const scalarWritten = scalar.interpolation?.written;
    if (scalarWritten !== undefined && typeof scalar.value === 'string') push(scalar.value, scalarWritten, secret);
  }
  return out;
}

/** For any message about the project (conversion issues, deploy notes): values from .env / the environment out. */
export function projectRedactor(project: Project): (message: string) => string {
  return redactSubstitutions(substitutions(project));
}

/** Conversion issues with their messages redacted like diagnostics (the objects are copied). */
export function redactIssues<T extends { message: string }>(project: Project, issues: readonly T[]): T[] {
  const redact = projectRedactor(project);
  return issues.map((i) => ({ ...i, message: redact(i.message) }));
}

function redactDiagnostic(d: Diagnostic, redact: (s: string) => string): Diagnostic {
  d.message = redact(d.message);
  if (d.detail) d.detail = redact(d.detail);
  if (d.related) d.related = d.related.map((r) => ({ ...r, message: redact(r.message) }));
  if (d.fixes) d.fixes = d.fixes.map((f) => ({ ...f, title: redact(f.title) }));
  return d;
}

function severityFor(f: Finding, settings: RuleSettings, ruleId: string | undefined): Severity | 'off' {
  return settings[f.code] ?? (ruleId ? settings[ruleId] : undefined) ?? f.severity ?? codeInfo(f.code)?.severity ?? 'warning';
}
