import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Diagnostic, Severity } from '../core/diagnostic';
import type { CodeInfo } from '../core/rules/rule';

/** Severities the CLI prints: hints count as info outside the editor. */
export function cliSeverity(s: Severity): 'error' | 'warning' | 'info' {
  return s === 'hint' ? 'info' : s;
}

function rel(file: string, cwd: string): string {
  const r = path.relative(cwd, file);
  return r && !r.startsWith('..') && !path.isAbsolute(r) ? r : file;
}

/** `file:line:col severity message code`, like other linters; 1-based. `verbose` adds the detail, indented, below. */
export function formatText(diags: Diagnostic[], cwd: string, verbose = false): string {
  const lines = diags.map(
    (d) =>
      `${rel(d.file, cwd)}:${d.range.start.line + 1}:${d.range.start.character + 1} ${cliSeverity(d.severity)} ${d.message} ${d.code}` +
      (verbose && d.detail ? `\n    ${d.detail.replace(/\n/g, '\n    ')}` : ''),
  );
  const n = (s: string): number => diags.filter((d) => cliSeverity(d.severity) === s).length;
  if (diags.length) lines.push('', `${n('error')} error(s), ${n('warning')} warning(s), ${n('info')} info`);
  return lines.join('\n') + (lines.length ? '\n' : '');
}

export interface JsonDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
  /** Why, where the fact comes from, how to fix it. */
  detail?: string;
}

export function toJson(diags: Diagnostic[]): JsonDiagnostic[] {
  return diags.map((d) => ({
    file: d.file,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: cliSeverity(d.severity),
    code: d.code,
    message: d.message,
    ...(d.detail ? { detail: d.detail } : {}),
  }));
}

/**
 * Where a result is, as SARIF wants it: a file under the working directory is a relative reference against
 * %SRCROOT% (declared in originalUriBaseIds, so code scanning maps it to the checkout); any other file is an
 * absolute file: URI, since a relative reference beginning with a slash cannot combine with a base (SARIF1004).
 */
function artifactLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const r = path.relative(cwd, file);
  if (r && !r.startsWith('..') && !path.isAbsolute(r)) {
    return { uri: r.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
  }
  return { uri: pathToFileURL(path.resolve(cwd, file)).href };
}
const SRCROOT = '%SRCROOT%';

/** SARIF 2.1.0, as GitHub code scanning and other CI dashboards read it. */
export function toSarif(diags: Diagnostic[], codes: CodeInfo[], version: string, cwd: string): object {
  const level = (s: Severity): string => (s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note');
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(path.resolve(cwd) + path.sep).href } },
        tool: {
          driver: {
            name: 'mender-swarm',
            version,
            rules: codes.map((c) => ({ id: c.code, shortDescription: { text: c.summary }, defaultConfiguration: { level: level(c.severity) } })),
          },
        },
        results: diags.map((d) => ({
          ruleId: d.code,
          level: level(d.severity),
          message: d.detail ? { text: `${d.message} ${d.detail}`, markdown: `${markdownText(d.message)}\n\n${markdownText(d.detail)}` } : { text: d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifactLocation(d.file, cwd),
                region: {
                  startLine: d.range.start.line + 1,
                  startColumn: d.range.start.character + 1,
                  endLine: d.range.end.line + 1,
                  endColumn: d.range.end.character + 1,
                },
              },
            },
          ],
        })),
      },
    ],
  };
}

/** Plain text as SARIF markdown: characters markdown would read as markup are escaped. */
function markdownText(s: string): string {
  return s.replace(/[\\`*_[\]<>#|]/g, (c) => `\\${c}`);
}
