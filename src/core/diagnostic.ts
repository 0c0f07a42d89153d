import { compareText } from './stack/text';
import type { Range, Span } from './model/source';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

export interface TextEdit {
  file: string;
  range: Range;
  newText: string;
}

/** A change that fixes a finding for certain; the editor offers it as a quick fix. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  preferred?: boolean;
}

export interface RelatedInfo {
  file: string;
  range: Range;
  message: string;
}

export interface Diagnostic {
  file: string;
  range: Range;
  severity: Severity;
  code: string;
  /** One sentence, under 100 characters: what is wrong (the Problems panel shows this line). */
  message: string;
  /** The rest: why it matters, where the fact comes from, how to fix it (related information, hover, --verbose). */
  detail?: string;
  related?: RelatedInfo[];
  fixes?: Fix[];
  tags?: ('unnecessary' | 'deprecated')[];
}

/** What rules report: spans, turned into ranges once at the end. */
export interface Finding {
  span: Span;
  code: string;
  /** One sentence, under 100 characters: what is wrong. */
  message: string;
  /** Why, where the fact comes from, how to fix it. */
  detail?: string;
  severity?: Severity;
  related?: { span: Span; message: string }[];
  fixes?: Fix[];
  tags?: ('unnecessary' | 'deprecated')[];
}

export function toDiagnostic(f: Finding, severity: Severity): Diagnostic {
  const d: Diagnostic = {
    file: f.span.file.path,
    range: f.span.file.rangeOf(f.span),
    severity,
    code: f.code,
    message: f.message,
  };
  if (f.detail) d.detail = f.detail;
  if (f.related?.length) d.related = f.related.map((r) => ({ file: r.span.file.path, range: r.span.file.rangeOf(r.span), message: r.message }));
  if (f.fixes?.length) d.fixes = f.fixes;
  if (f.tags?.length) d.tags = f.tags;
  return d;
}

/** The longest a finding's message may be: the Problems panel shows one line. */
export const MAX_MESSAGE = 100;

/**
 * A message from outside (a library's error): itself when it fits one line, else cut there with the whole
 * text as the detail.
 */
export function shortMessage(text: string): { message: string; detail?: string } {
  const one = text.replace(/\s+/g, ' ').trim();
  if (one.length <= MAX_MESSAGE && !/[.!?] [A-Z]/.test(one.replace(/[.!?]$/, ''))) return { message: one };
  return { message: `${firstSentence(one.slice(0, MAX_MESSAGE - 1))}…`, detail: text };
}

/** `text` up to its first sentence end (a run of `.`, `!` or `?` before a space), in one pass. */
function firstSentence(text: string): string {
  for (let i = 0; i < text.length - 1; i++) {
    if (text[i + 1] !== ' ' || !'.!?'.includes(text[i])) continue;
    let start = i;
    while (start > 0 && '.!?'.includes(text[start - 1])) start--;
    return text.slice(0, start);
  }
  return text;
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    compareText(a.file, b.file) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || compareText(a.code, b.code)
  );
}
