import { compareDiagnostics, Diagnostic, Finding, Severity, toDiagnostic } from './diagnostic';
import { LoadOptions, loadProject, Project } from './manifest/project';
import { ALL_RULES, codeInfo } from './rules';
import type { Rule } from './rules/rule';
import { isSecretName, redactSubstitutions, Substitution, valuePieces } from './mask';

/** Per code (or per rule id) severity overrides; 'off' silences. */
export type RuleSettings = Record<string, Severity | 'off'>;

export interface LintOptions extends LoadOptions {
  rules?: RuleSettings;
}

export interface LintResult { project: Project; diagnostics: Diagnostic[] }

export function lintStack(opts: LintOptions, rules: readonly Rule[] = ALL_RULES): LintResult {
  const project = loadProject(opts);
  return { project, diagnostics: lintProject(project, opts.rules ?? {}, rules) };
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
    if (seen.has(key)) return;   // a node shared by aliases or files is reported once
    seen.add(key);
    out.push(d);
  };
  for (const f of project.findings) add(f);
  for (const rule of rules) {
    try {
      rule.check({ project, report: (f) => add(f, rule.id) });
    } catch (e) {
      // A rule bug must not hide the other rules' findings; say which rule failed and where.
      const first = project.documents[0]?.file;
      if (first) add({ span: { file: first, start: 0, end: 0 }, code: 'internal-error', severity: 'error',
        message: `Rule "${rule.id}" failed: ${(e as Error).stack ?? e}. Please report this with the manifest.` });
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
  for (const { use, scalar } of project.variables) {
    if (use.value === undefined || (use.origin.kind !== 'env' && use.origin.kind !== 'dotenv')) continue;
    const secret = isSecretName(use.name);
    const written = `\${${use.name}}`;
    out.push({ value: use.value, written, secret });
    // A rule may quote one part of the value (the host of a URL): that part is the variable's too.
    for (const piece of valuePieces(use.value)) if (secret || piece.length >= 6) out.push({ value: piece, written, secret });
    const scalarWritten = scalar.interpolation?.written;
    if (scalarWritten !== undefined && typeof scalar.value === 'string') out.push({ value: scalar.value, written: scalarWritten, secret });
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
  if (d.related) d.related = d.related.map((r) => ({ ...r, message: redact(r.message) }));
  if (d.fixes) d.fixes = d.fixes.map((f) => ({ ...f, title: redact(f.title) }));
  return d;
}

function severityFor(f: Finding, settings: RuleSettings, ruleId: string | undefined): Severity | 'off' {
  return settings[f.code] ?? (ruleId ? settings[ruleId] : undefined) ?? f.severity ?? codeInfo(f.code)?.severity ?? 'warning';
}
