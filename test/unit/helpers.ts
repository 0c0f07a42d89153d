import * as path from 'path';
import type { Diagnostic, TextEdit } from '../../src/core/diagnostic';
import { overlayReader } from '../../src/core/manifest/files';
import { lintStack, LintOptions, LintResult } from '../../src/core/lint';

export const ROOT = path.resolve(__dirname, '../..');
export const FIXTURES = path.join(ROOT, 'test/fixtures');

/** Lint in-memory files (name -> text) as one stack, rooted in a virtual folder. */
export function lintTexts(files: Record<string, string>, opts: Partial<LintOptions> & { order?: string[] } = {}): LintResult {
  const dir = '/virtual/mystack';
  const texts = new Map(Object.entries(files).map(([n, t]) => [path.join(dir, n), t]));
  const order =
    opts.order ??
    Object.keys(files)
      .filter((n) => n.endsWith('.yml') || n.endsWith('.yaml'))
      .slice(0, 1);
  return lintStack({ ...opts, files: order.map((n) => path.join(dir, n)), reader: overlayReader(texts, { read: (p) => ({ error: `${p}: no such file` }) }) });
}

export function codes(diags: Diagnostic[]): string[] {
  return diags.map((d) => d.code);
}

export function only(diags: Diagnostic[], code: string): Diagnostic[] {
  return diags.filter((d) => d.code === code);
}

/** The text a range covers, for asserting that a diagnostic points at the exact token. */
export function textAt(text: string, d: { range: Diagnostic['range'] }): string {
  const lines = text.split('\n');
  const { start, end } = d.range;
  if (start.line === end.line) return lines[start.line].slice(start.character, end.character);
  return [lines[start.line].slice(start.character), ...lines.slice(start.line + 1, end.line), lines[end.line].slice(0, end.character)].join('\n');
}

/** Apply edits for one file (as VS Code would), last first so offsets stay valid. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const off = (p: { line: number; character: number }): number => lines.slice(0, p.line).reduce((a, l) => a + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => off(b.range.start) - off(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, off(e.range.start)) + e.newText + out.slice(off(e.range.end));
  return out;
}
