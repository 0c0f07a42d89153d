import { makeMap, mapSet, type YMap, type YNode, type YScalar, type YSeq } from './node';
import { AliasBudget, MAX_DEPTH } from './aliasBudget';
import type { SourceFile, Span } from './source';
import { FlowReader } from './yamlFlow';
import { blockScalarValue, type Chomping, keyColon, MAX_KEY, NOT_PLAIN_START, plainKey, plainValue, readQuoted, REFUSED, spacesFrom } from './yamlScalars';

/**
 * The first and fastest path for YAML as compose files are written: block mappings and lists, one-line plain and
 * quoted scalars, one-line flow lists and mappings, literal and folded block scalars, comments, anchors, aliases and
 * merge keys.
 * It reads the text once and builds the located tree itself, with no parser library loaded (a cold CLI lint spent
 * ~5 ms loading js-yaml and parsing with it, then rebuilding the tree from its events). On anything else (tabs, CR,
 * tags, multi-line plain or quoted scalars, a plain scalar that may be a number other than a plain
 * integer or decimal, a duplicate key, an empty list item, any doubt) it returns undefined and parseYaml takes
 * js-yaml's path, then the `yaml` library's. test/unit/core/model/blockYaml.test.ts checks that every tree it gives
 * is, span for span, the one those paths give, on every YAML file of the repository and thousands of damaged copies.
 */
export function readBlockYaml(file: SourceFile, maxExpanded: number): YMap | undefined {
  // Blanks at the very end: js-yaml declines some such ends, and the `yaml` library's ranges then differ.
  if (UNSUPPORTED_CHAR.test(file.text) || file.text.endsWith(' ')) return undefined;
  try {
    return new BlockReader(file, new AliasBudget(maxExpanded)).document();
  } catch {
    // REFUSED, the alias budget or nesting limit (the next path reports those), or a bug here: the next path decides.
    return undefined;
  }
}

/** Characters this reader leaves to the libraries: control characters (tab, CR) and code points YAML treats apart. */
const UNSUPPORTED_CHAR = /[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\ufeff\ufffe\uffff]/;

class BlockReader {
  private readonly t: string;
  /** Each line's first offset and its end (its `\n`, or the end of the text). */
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** The line being read. */
  private ln = 0;
  private readonly anchors = new Map<string, YNode>();
  private readonly flows: FlowReader;

  constructor(
    private readonly file: SourceFile,
    private readonly budget: AliasBudget,
  ) {
    this.flows = new FlowReader(file);
    const t = (this.t = file.text);
    // No line after a final line break: a block scalar kept with `|+` would count it as one more blank.
    for (let s = 0; s < t.length;) {
      let e = t.indexOf('\n', s);
      if (e < 0) e = t.length;
      this.starts.push(s);
      this.ends.push(e);
      s = e + 1;
    }
  }

  document(): YMap {
    this.skip();
    const s = this.starts[this.ln];
    // `---` may open the document (a comment after it at most)
    if (this.ln < this.starts.length && this.t.startsWith('---', s) && this.isMarker(s, this.ends[this.ln])) {
      this.restOfLine(s + 3);
      this.ln++;
      this.skip();
    }
    if (this.ln >= this.starts.length || this.indent(this.ln) !== 0) throw REFUSED;
    const root = this.mapping(0, 0);
    this.skip();
    if (this.ln < this.starts.length) throw REFUSED;
    return root;
  }

  private span(start: number, end: number): Span {
    return { file: this.file, start, end };
  }

  /** Past blank lines and lines holding only a comment. */
  private skip(): void {
    const t = this.t;
    for (; this.ln < this.starts.length; this.ln++) {
      let i = this.starts[this.ln];
      const e = this.ends[this.ln];
      while (i < e && t.charCodeAt(i) === 32) i++;
      if (i < e && t.charCodeAt(i) !== 35) return;
    }
  }

  private indent(ln: number): number {
    const t = this.t;
    const s = this.starts[ln];
    let i = s;
    while (t.charCodeAt(i) === 32) i++;
    return i - s;
  }

  private spaces(i: number, e: number): number {
    return spacesFrom(this.t, i, e);
  }

  /** From `i` to the line's end only blanks and a comment may follow (a `#` after a blank). */
  private restOfLine(i: number): void {
    const e = this.ends[this.ln];
    const j = this.spaces(i, e);
    if (j < e && !(this.t.charCodeAt(j) === 35 && j > i)) throw REFUSED;
  }

  /** A document marker (`---` or `...`) starting a line at `i`: a second document, or the end of this one. */
  private isMarker(i: number, e: number): boolean {
    const t = this.t;
    return (t.startsWith('---', i) || t.startsWith('...', i)) && (i + 3 === e || t.charCodeAt(i + 3) === 32);
  }

  /** A `- ` (or a lone `-`) at `i` on the current line. */
  private isItem(i: number, e: number): boolean {
    return this.t.charCodeAt(i) === 45 && (i + 1 === e || this.t.charCodeAt(i + 1) === 32);
  }

  /** The block mapping whose keys are at column `col` of the current line and the lines after it at that indent. */
  private mapping(col: number, depth: number): YMap {
    if (depth > MAX_DEPTH) throw REFUSED;
    const t = this.t;
    const m = makeMap(this.span(0, 0), []);
    const merges: YNode[] = [];
    let first = -1;
    let end = 0;
    for (;;) {
      const ls = this.starts[this.ln] + col;
      const le = this.ends[this.ln];
      // (a key starting `---` or `...` at the left margin is read apart by the libraries, as a marker or not)
      if (this.isItem(ls, le) || (col === 0 && (t.startsWith('---', ls) || t.startsWith('...', ls)))) throw REFUSED;
      const ks = ls;
      let ke: number;
      let key: string;
      let after: number;
      const c = t.charCodeAt(ls);
      if (c === 34 || c === 39) {
        const q = readQuoted(this.t, ls, le);
        ke = q.end;
        key = q.value;
        const j = this.spaces(ke, le);
        if (t.charCodeAt(j) !== 58 || !(j + 1 === le || t.charCodeAt(j + 1) === 32)) throw REFUSED;
        after = j + 1;
      } else {
        if (NOT_PLAIN_START.has(t[ls]) || (c === 45 && ls + 1 < le && t.charCodeAt(ls + 1) === 32)) throw REFUSED;
        const colon = keyColon(t, ls, le);
        if (colon < 0) throw REFUSED;
        ke = colon;
        while (ke > ls && t.charCodeAt(ke - 1) === 32) ke--;
        key = plainKey(t.slice(ls, ke));
        after = colon + 1;
        if (key === '<<') {
          // A merge key (`<<: *defaults`), as compose honours it: its pairs join after the mapping's own.
          merges.push(this.value(after, col, depth + 1, true));
          if (first < 0) first = ks;
          if (this.next(col)) continue;
          break;
        }
      }
      if (ke - ks > MAX_KEY || m.index.has(key)) throw REFUSED;
      const value = this.value(after, col, depth + 1, true);
      mapSet(m, { key, keySpan: this.span(ks, ke), value });
      if (first < 0) first = ks;
      end = Math.max(end, ke, value.span.end);
      if (this.next(col)) continue;
      break;
    }
    const own = m.pairs.length;
    for (const src of merges) {
      // earlier sources win, and the mapping's own keys over all of them
      const sources = src.kind === 'seq' ? src.items : [src];
      for (const x of sources) {
        if (x.kind !== 'map') throw REFUSED; // the libraries report it
        for (const p of x.pairs) if (!m.index.has(p.key)) mapSet(m, p);
      }
    }
    // js-yaml's path takes a merge only when it brings as many new keys as there are merge keys; the `yaml`
    // library's path takes the others, with ranges of its own: left to it, so both readings stay the same.
    if (m.pairs.length !== own + merges.length) throw REFUSED;
    m.span.start = first;
    m.span.end = Math.max(first, end); // a merge key's own text is not counted, as js-yaml's path counts it
    return m;
  }

  /** Past the entry just read: whether the next line is another entry at `col` (else the block ended). */
  private next(col: number): boolean {
    this.skip();
    if (this.ln >= this.starts.length) return false;
    const ind = this.indent(this.ln);
    if (ind === col) return true;
    if (ind < col) return false;
    throw REFUSED;
  }

  /** Whether the text at `i` is `key: ...` (a compact mapping in a list item). */
  private isKey(i: number, e: number): boolean {
    const t = this.t;
    const c = t.charCodeAt(i);
    if (c === 34 || c === 39) {
      let j = i + 1;
      for (; j < e; j++) {
        const d = t.charCodeAt(j);
        if (c === 34 && d === 92) j++;
        else if (d === c) {
          if (c === 39 && t.charCodeAt(j + 1) === 39) j++;
          else break;
        }
      }
      if (j >= e) return false;
      j = this.spaces(j + 1, e);
      return t.charCodeAt(j) === 58 && (j + 1 === e || t.charCodeAt(j + 1) === 32);
    }
    if (NOT_PLAIN_START.has(t[i])) return false;
    return keyColon(t, i, e) >= 0;
  }

  /**
   * What follows `key:` or `- ` at `from` on the current line: a value on the line, or a block on the lines below
   * (`parent`: the indent of the mapping or list it belongs to). Leaves the current line past what it read.
   */
  private value(from: number, parent: number, depth: number, inMap: boolean): YNode {
    if (depth > MAX_DEPTH) throw REFUSED;
    const t = this.t;
    const le = this.ends[this.ln];
    let i = this.spaces(from, le);
    let anchor: string | undefined;
    if (t.charCodeAt(i) === 38) {
      const s = i + 1;
      i = this.name(s, le);
      anchor = t.slice(s, i);
      i = this.spaces(i, le);
    }
    let node: YNode;
    if (i === le || t.charCodeAt(i) === 35) {
      this.ln++;
      node = this.below(parent, depth, inMap, from);
      // `key: &a` over nothing, or `-` over nothing: the libraries decide what that is.
      if (node.kind === 'scalar' && (anchor !== undefined || !inMap)) throw REFUSED;
    } else {
      const c = t.charCodeAt(i);
      if (c === 42) {
        if (anchor !== undefined) throw REFUSED;
        const e = this.name(i + 1, le);
        this.restOfLine(e);
        this.ln++;
        return this.alias(t.slice(i + 1, e), i, e, depth);
      }
      if (c === 124 || c === 62) node = this.blockScalar(i, parent);
      else {
        node = this.inline(i, le, depth);
        this.ln++;
      }
    }
    if (anchor !== undefined) this.anchors.set(anchor, node);
    return node;
  }

  /** An anchor's or alias's name from `i`: up to a blank or the line's end, never empty. */
  private name(i: number, e: number): number {
    const t = this.t;
    const s = i;
    while (i < e && t.charCodeAt(i) !== 32) {
      const c = t[i];
      if (c === ',' || c === '[' || c === ']' || c === '{' || c === '}') throw REFUSED;
      i++;
    }
    if (i === s) throw REFUSED;
    return i;
  }

  private alias(name: string, start: number, end: number, depth: number): YNode {
    const target = this.anchors.get(name);
    if (!target) throw REFUSED;
    const at = this.span(start, end);
    if (target.kind === 'scalar') return { kind: 'scalar', value: target.value, span: at, style: 'plain' };
    this.budget.aliasDepth(target, depth, at);
    this.budget.charge(target, at);
    return target;
  }

  /** The block below a `key:` or `-` with nothing after it; a null at `emptyAt` when there is none. */
  private below(parent: number, depth: number, inMap: boolean, emptyAt: number): YNode {
    this.skip();
    if (this.ln < this.starts.length) {
      const ind = this.indent(this.ln);
      const s = this.starts[this.ln] + ind;
      const item = this.isItem(s, this.ends[this.ln]);
      if (ind > parent) return item ? this.sequence(ind, depth) : this.mapping(ind, depth);
      // A list may stand at its key's own indent (`ports:` then `- 80:80` below it).
      if (ind === parent && item && inMap) return this.sequence(ind, depth);
    }
    return { kind: 'scalar', value: null, span: this.span(emptyAt, emptyAt), style: 'plain' };
  }

  private sequence(col: number, depth: number): YSeq {
    if (depth > MAX_DEPTH) throw REFUSED;
    const items: YNode[] = [];
    const start = this.starts[this.ln] + col;
    let end = start;
    for (;;) {
      const ls = this.starts[this.ln] + col;
      const le = this.ends[this.ln];
      if (!this.isItem(ls, le)) throw REFUSED;
      const i = this.spaces(ls + 1, le);
      let item: YNode;
      if (i < le && this.isItem(i, le)) throw REFUSED; // `- - a`
      if (i < le && this.isKey(i, le)) item = this.mapping(i - this.starts[this.ln], depth + 1);
      else item = this.value(ls + 1, col, depth + 1, false);
      items.push(item);
      end = Math.max(end, item.span.end);
      this.skip();
      if (this.ln >= this.starts.length) break;
      const ind = this.indent(this.ln);
      if (ind === col && this.isItem(this.starts[this.ln] + col, this.ends[this.ln])) continue;
      if (ind <= col) break;
      throw REFUSED;
    }
    return { kind: 'seq', span: this.span(start, end), items };
  }

  /** A value written on one line at `i`: a quoted or plain scalar, or a flow list or mapping. */
  private inline(i: number, le: number, depth: number): YNode {
    const t = this.t;
    const c = t.charCodeAt(i);
    if (c === 91 || c === 123) {
      const f = this.flows.flow(i, le, depth);
      this.restOfLine(f.span.end);
      return f;
    }
    if (c === 34 || c === 39) {
      const q = readQuoted(this.t, i, le);
      this.restOfLine(q.end);
      return { kind: 'scalar', value: q.value, span: this.span(i, q.end), style: c === 34 ? 'double' : 'single' };
    }
    if (NOT_PLAIN_START.has(t[i]) || (c === 45 && (i + 1 === le || t.charCodeAt(i + 1) === 32))) throw REFUSED;
    let e = le;
    for (let j = i; j < le; j++) {
      const d = t.charCodeAt(j);
      if (d === 35 && t.charCodeAt(j - 1) === 32) {
        e = j;
        break;
      }
      // `a: b: c` is an error; `a:` at the end of a value too
      if (d === 58 && (j + 1 === le || t.charCodeAt(j + 1) === 32)) throw REFUSED;
    }
    while (e > i && t.charCodeAt(e - 1) === 32) e--;
    return { kind: 'scalar', value: plainValue(t.slice(i, e)), span: this.span(i, e), style: 'plain' };
  }

  /**
   * A literal (`|`) or folded (`>`) block scalar, its header at `i`, with clip, strip (`-`) or keep (`+`) chomping;
   * `parent`: the indent its text must go deeper than. An indentation digit, leading blank lines, more-indented
   * folded lines and a last line without a line break are left to the libraries.
   */
  private blockScalar(i: number, parent: number): YScalar {
    const t = this.t;
    const folded = t.charCodeAt(i) === 62;
    let j = i + 1;
    let chomp: Chomping = 'clip';
    if (t[j] === '-' || t[j] === '+') chomp = t[j++] === '-' ? 'strip' : 'keep';
    this.restOfLine(j);
    this.ln++;
    const n = this.ln < this.starts.length ? this.indent(this.ln) : 0;
    if (this.ln >= this.starts.length || this.starts[this.ln] + n === this.ends[this.ln] || n <= parent) throw REFUSED;
    const lines: string[] = [];
    let last = -1; // the last line with text
    for (; this.ln < this.starts.length; this.ln++) {
      const s = this.starts[this.ln];
      const e = this.ends[this.ln];
      const ind = this.indent(this.ln);
      if (s + ind === e) {
        // a blank line: more blanks than the indent would be text
        if (e - s > n) throw REFUSED;
        lines.push('');
        continue;
      }
      if (ind < n) break;
      const line = t.slice(s + n, e);
      if (folded && (ind > n || t.charCodeAt(e - 1) === 32)) throw REFUSED; // more-indented or trailing blanks: kept apart
      lines.push(line);
      last = this.ln;
    }
    // The text must end in a line break for the chomping below (clip keeps exactly one).
    if (this.ends[last] === t.length) throw REFUSED;
    const value = blockScalarValue(lines, folded, chomp);
    let end = this.ends[last];
    while (t.charCodeAt(end - 1) === 32) end--;
    return { kind: 'scalar', value, span: this.span(i, end), style: 'block' };
  }
}
