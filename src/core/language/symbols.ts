/**
 * Outline and breadcrumbs of a compose file (services, networks, volumes, secrets, configs, each under its
 * section), and workspace symbols across stack files. Read from the one file's text, so a file of a stack
 * that does not load, or YAML broken further down, still has an outline of what parses.
 */
import { deepEnd } from '../fixes/edits';
import { get, isMap, str, YMap } from '../model/node';
import { parseYaml } from '../model/parse';
import { Range, SourceFile } from '../model/source';

export type SymbolKind = 'section' | 'service' | 'network' | 'volume' | 'secret' | 'config';

export interface DocSymbol {
  name: string;
  kind: SymbolKind;
  /** For a service its image; for an object its `name:`, `file:` or `external`. */
  detail: string;
  /** The whole entry, and its name. */
  range: Range;
  selectionRange: Range;
  children: DocSymbol[];
}

const SECTIONS: [string, SymbolKind][] = [
  ['services', 'service'],
  ['networks', 'network'],
  ['volumes', 'volume'],
  ['secrets', 'secret'],
  ['configs', 'config'],
];

/** Most entries listed per section: a generated file of a hundred thousand services still answers. */
export const MAX_SYMBOLS = 20000;

/** The outline of one file. Never throws: what cannot be read has no symbols. */
export function documentSymbols(file: SourceFile): DocSymbol[] {
  try {
    return symbolsOf(file, parseYaml(file).root);
  } catch {
    return [];
  }
}

export function symbolsOf(file: SourceFile, root: YMap | undefined): DocSymbol[] {
  if (!root) return [];
  const out: DocSymbol[] = [];
  for (const [key, kind] of SECTIONS) {
    const pair = root.index.get(key);
    if (!pair) continue;
    const children: DocSymbol[] = [];
    const entries = isMap(pair.value) ? pair.value.pairs.slice(0, MAX_SYMBOLS) : [];
    entries.forEach((p, i) => {
      // An entry ends where the next one starts (one walk of the last entry only: linear in the file, not per entry).
      const next = entries[i + 1];
      const end = next ? trimBack(file.text, p.keySpan.end, lineStart(file.text, next.keySpan.start)) : Math.max(p.keySpan.end, deepEnd(p.value));
      children.push({
        name: p.key,
        kind,
        detail: detailOf(kind, p.value),
        range: file.rangeOf({ start: p.keySpan.start, end }),
        selectionRange: file.rangeOf(p.keySpan),
        children: [],
      });
    });
    const last = children[children.length - 1];
    const sectionEnd = last ? file.offsetAt(last.range.end) : Math.max(pair.keySpan.end, deepEnd(pair.value));
    out.push({
      name: key,
      kind: 'section',
      detail: `${children.length}`,
      range: file.rangeOf({ start: pair.keySpan.start, end: sectionEnd }),
      selectionRange: file.rangeOf(pair.keySpan),
      children,
    });
  }
  return out;
}

/** Start of the line holding `offset`. */
function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** `end` moved back over white space and comment lines, not before `min`. */
function trimBack(text: string, min: number, end: number): number {
  let e = end;
  for (;;) {
    while (e > min && /\s/.test(text[e - 1])) e--;
    const ls = lineStart(text, e);
    const hash = text.indexOf('#', ls);
    if (ls > min && hash >= 0 && hash < e && text.slice(ls, hash).trim() === '') {
      e = ls;
      continue;
    }
    return e;
  }
}

function detailOf(kind: SymbolKind, node: Parameters<typeof get>[0]): string {
  if (kind === 'service') return str(get(node, 'image')) ?? (get(node, 'build') ? 'build' : '');
  const name = str(get(node, 'name'));
  if (name) return name;
  if (get(node, 'external') !== undefined && str(get(node, 'external')) !== 'false') return 'external';
  return str(get(node, 'file')) ?? str(get(node, 'driver')) ?? '';
}

export interface WorkspaceSymbol {
  name: string;
  kind: SymbolKind;
  file: string;
  range: Range;
  container: string;
}

/**
 * Symbols of several files whose name holds the query's characters in order (as VS Code's own matching does),
 * case-insensitive; at most `limit`.
 */
export function workspaceSymbols(files: SourceFile[], query: string, limit = 1000): WorkspaceSymbol[] {
  const q = query.toLowerCase();
  const out: WorkspaceSymbol[] = [];
  for (const f of files) {
    for (const section of documentSymbols(f)) {
      for (const s of section.children) {
        if (out.length >= limit) return out;
        if (subsequence(q, s.name.toLowerCase())) out.push({ name: s.name, kind: s.kind, file: f.path, range: s.selectionRange, container: section.name });
      }
    }
  }
  return out;
}

function subsequence(q: string, s: string): boolean {
  let i = 0;
  for (let k = 0; k < s.length && i < q.length; k++) if (s[k] === q[i]) i++;
  return i === q.length;
}
