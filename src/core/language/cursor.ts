/**
 * Where the cursor is in a YAML file, read from the text alone (indentation and `key:`), so it answers on
 * half-typed and broken documents the parser gives up on. Block-style YAML, as compose files are written; flow
 * collections (`{a: b}`, `[a, b]`) are seen as scalar values.
 */
export interface CursorContext {
  /** Keys from the root to the mapping the cursor is in; `-` stands for an item of a list. */
  path: string[];
  /** Typing a key (`  ima|`), a value after `key: `, or a list item (`  - |`). */
  position: 'key' | 'value' | 'item';
  /** For a value: its key. */
  key?: string;
  /** What is typed so far of the key, value or item, and where it starts (an offset in the text). */
  prefix: string;
  prefixStart: number;
  /** The text of the value (or item) before the cursor, whole (`http://inv`), for values that are several words. */
  valueText: string;
  valueStart: number;
  /** Indentation of the key (or of the item's content) at the cursor, in spaces. */
  indent: number;
}

/** How far up the cursor's parents are searched, in lines: more than an 8 MiB file (the most the linter reads) holds. */
const MAX_LINES_UP = 1_000_000;

interface Line {
  start: number;
  end: number;
  text: string;
}

function lineAt(text: string, offset: number): Line {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  const t = text.slice(start, end);
  return { start, end, text: t.endsWith('\r') ? t.slice(0, -1) : t };
}

const KEY_LINE = /^( *)(?:(- +))?((?:"[^"]*"|'[^']*'|[^\s#'"](?:[^:#]*[^\s:#])?)) *:(?:\s|$)/;

/** The key a line opens, its column and whether it starts a list item (`- key: v`); undefined for other lines. */
function keyOf(line: string): { key: string; indent: number; itemIndent?: number } | undefined {
  const m = KEY_LINE.exec(line);
  if (!m) return undefined;
  const lead = m[1].length;
  const key = unquote(m[3].trim());
  return m[2] ? { key, indent: lead + m[2].length, itemIndent: lead } : { key, indent: lead };
}

function unquote(s: string): string {
  return s.length >= 2 && (s[0] === '"' || s[0] === "'") && s[s.length - 1] === s[0] ? s.slice(1, -1) : s;
}

/** The context at `offset`; undefined inside a comment or a block scalar's text. */
export function cursorContext(text: string, offset: number): CursorContext | undefined {
  const o = Math.max(0, Math.min(offset, text.length));
  const line = lineAt(text, o);
  const before = line.text.slice(0, o - line.start);
  if (/(^|\s)#/.test(before.replace(/"[^"]*"|'[^']*'/g, '""'))) return undefined;
  let ctx: Omit<CursorContext, 'path'>;
  const lead = /^ */.exec(before)![0].length;
  const item = /^( *)(- +)([^ ].*|)$/.exec(before);
  const kv =
    /^( *)(?:- +)?((?:"[^"]*"|'[^']*'|[^\s#'"](?:[^:#]*[^\s:#])?)) *: +([^ ].*|)$/.exec(before) ??
    /^( *)(?:- +)?((?:"[^"]*"|'[^']*'|[^\s#'"](?:[^:#]*[^\s:#])?)) *:()$/.exec(before);
  if (kv && !(item && !/:/.test(item[3]))) {
    const keyCol = item ? item[1].length + item[2].length : lead;
    const valueText = kv[3];
    const valueStart = o - valueText.length;
    const word = lastWord(valueText);
    ctx = { position: 'value', key: unquote(kv[2].trim()), prefix: word, prefixStart: o - word.length, valueText, valueStart, indent: keyCol };
    if (/:$/.test(before)) return undefined; // right after the colon: a value needs its space first
    if (/^[|>]/.test(valueText)) return undefined; // a block scalar's header
  } else if (item) {
    const content = item[3];
    const indent = item[1].length + item[2].length;
    const word = lastWord(content);
    ctx = { position: 'item', prefix: word, prefixStart: o - word.length, valueText: content, valueStart: o - content.length, indent };
  } else if (/^ *[^\s:#'"]*$/.test(before)) {
    const prefix = before.slice(lead);
    ctx = { position: 'key', prefix, prefixStart: o - prefix.length, valueText: prefix, valueStart: o - prefix.length, indent: lead };
  } else return undefined;
  // On a list entry (`- key: v`, or `- item`) the parents are those of its `-`.
  const parents = item ? parentKeys(text, line.start, item[1].length + 1, true) : parentKeys(text, line.start, ctx.indent, false);
  if (!parents) return undefined;
  return { ...ctx, path: parents };
}

/**
 * Keys of the enclosing mappings, from the root. `need`: a parent sits at a column below it; `item`: the cursor's
 * line is an entry of a list (its `-` at column need - 1), so the path ends with `-`.
 */
function parentKeys(text: string, lineStart: number, need: number, item: boolean): string[] | undefined {
  const out: string[] = item ? ['-'] : [];
  let pos = lineStart;
  let lines = 0;
  while (pos > 0 && need > 0) {
    if (++lines > MAX_LINES_UP) return undefined;
    const end = pos - 1;
    const start = text.lastIndexOf('\n', end - 1) + 1;
    pos = start;
    let t = text.slice(start, end);
    if (t.endsWith('\r')) t = t.slice(0, -1);
    const lead = /^ */.exec(t)![0].length;
    if (lead === t.length || t[lead] === '#') continue; // blank or comment
    if (lead === 0 && (t.startsWith('---') || t.startsWith('...'))) break;
    const k = keyOf(t);
    const inItem = out[out.length - 1] === '-';
    if (k && k.indent < need) {
      out.push(k.key);
      need = k.indent;
      if (k.itemIndent !== undefined) {
        out.push('-');
        need = k.itemIndent + 1;
      }
    } else if (!inItem && k?.itemIndent !== undefined && k.itemIndent < need) {
      // a pair of the same list entry, written on the entry's first line: `- name: a` above `  target: b`
      out.push('-');
      need = k.itemIndent + 1;
    } else if (!k && lead < need && /^ *-( |$)/.test(t)) {
      if (!inItem) {
        out.push('-');
        need = lead + 1;
      }
    } else if (!k && lead < need) {
      return undefined; // less indented and no key: a scalar's continuation, not a mapping we know
    }
  }
  return out.reverse();
}

/** The last run of characters a name or value can hold, before the cursor. */
function lastWord(s: string): string {
  // A backward scan: an unanchored /[\w.$/-]*$/ retries from every position (quadratic on a long line).
  let i = s.length;
  while (i > 0 && /[\w.$/-]/.test(s[i - 1])) i--;
  return s.slice(i);
}
