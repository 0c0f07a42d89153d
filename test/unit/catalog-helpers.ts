import * as path from 'path';
import type { Diagnostic, Fix } from '../../src/core/diagnostic';
import { lintStack } from '../../src/core/lint';
import { overlayReader } from '../../src/core/manifest/files';
import { SourceFile } from '../../src/core/model/source';

export const FIXTURES = path.resolve(__dirname, '../fixtures');
export const VDIR = '/virtual/mender';

/** Lints in-memory files (name -> text) as one stack, with no .env unless one is given. */
export function lintTexts(files: Record<string, string>, env: Record<string, string> = {}) {
  const texts = new Map(Object.entries(files).map(([n, t]) => [path.join(VDIR, n), t]));
  const names = Object.keys(files).filter((n) => n !== '.env');
  return lintStack({
    files: names.map((n) => path.join(VDIR, n)),
    reader: overlayReader(texts),
    env,
    envFile: files['.env'] ? path.join(VDIR, '.env') : false,
    stackName: 'mender',
  });
}

export function lintFiles(files: string[]) {
  return lintStack({ files: files.map((f) => path.join(FIXTURES, f)), stackName: 'mender' });
}

export const codes = (ds: Diagnostic[], prefix = 'mender-'): string[] => ds.filter((d) => d.code.startsWith(prefix)).map((d) => d.code);
export const errors = (ds: Diagnostic[]): Diagnostic[] => ds.filter((d) => d.severity === 'error');

/** Applies a fix's edits to one file's text (edits in that file only). */
export function applyFix(text: string, file: string, fix: Fix): string {
  const src = new SourceFile(file, text);
  const edits = fix.edits
    .filter((e) => e.file === file)
    .map((e) => ({ start: src.offsetAt(e.range.start), end: src.offsetAt(e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
