import { makeMap, mapSet, type YMap, type YNode, type YSeq } from './node';
import { MAX_DEPTH } from './aliasBudget';
import type { SourceFile, Span } from './source';
import { MAX_KEY, NOT_PLAIN_START, plainKey, plainValue, readQuoted, REFUSED, spacesFrom } from './yamlScalars';

/**
 * Flow lists and mappings (`[a, b]`, `{k: v}`) for the block reader (blockYaml.ts): on one line, nested ones too,
 * plain and quoted scalars in them; anything else (an alias, an anchor, a line break, a trailing comma) is REFUSED.
 */
export class FlowReader {
  private readonly t: string;
  constructor(private readonly file: SourceFile) {
    this.t = file.text;
  }

  private span(start: number, end: number): Span {
    return { file: this.file, start, end };
  }

  /** A flow list or mapping that closes on its own line (nested ones too). */
  flow(i: number, le: number, depth: number): YMap | YSeq {
    if (depth > MAX_DEPTH) throw REFUSED;
    const t = this.t;
    const open = t.charCodeAt(i);
    const close = open === 91 ? 93 : 125;
    const items: YNode[] = [];
    const m = open === 123 ? makeMap(this.span(i, i), []) : undefined;
    let j = spacesFrom(t, i + 1, le);
    if (t.charCodeAt(j) !== close) {
      for (;;) {
        if (m) {
          const ks = j;
          let key: string;
          let ke: number;
          const c = t.charCodeAt(j);
          if (c === 34 || c === 39) {
            const q = readQuoted(t, j, le);
            key = q.value;
            ke = q.end;
            j = spacesFrom(t, ke, le);
          } else {
            if (NOT_PLAIN_START.has(t[j]) || (c === 45 && t.charCodeAt(j + 1) === 32)) throw REFUSED;
            j = this.flowPlainEnd(j, le);
            ke = j;
            while (ke > ks && t.charCodeAt(ke - 1) === 32) ke--;
            if (ke === ks) throw REFUSED;
            key = plainKey(t.slice(ks, ke));
            if (key === '<<') throw REFUSED;
          }
          if (t.charCodeAt(j) !== 58 || t.charCodeAt(j + 1) !== 32 || m.index.has(key) || ke - ks > MAX_KEY) throw REFUSED;
          j = spacesFrom(t, j + 1, le);
          const value = this.flowItem(j, le, depth + 1);
          mapSet(m, { key, keySpan: this.span(ks, ke), value });
          j = spacesFrom(t, value.span.end, le);
        } else {
          const item = this.flowItem(j, le, depth + 1);
          items.push(item);
          j = spacesFrom(t, item.span.end, le);
        }
        const c = t.charCodeAt(j);
        if (c === close) break;
        if (c !== 44) throw REFUSED;
        j = spacesFrom(t, j + 1, le);
        if (t.charCodeAt(j) === close) throw REFUSED; // a trailing comma
      }
    }
    const sp = this.span(i, j + 1);
    if (m) {
      m.span = sp;
      return m;
    }
    return { kind: 'seq', span: sp, items };
  }

  private flowItem(j: number, le: number, depth: number): YNode {
    const t = this.t;
    const c = t.charCodeAt(j);
    if (c === 91 || c === 123) return this.flow(j, le, depth);
    if (c === 34 || c === 39) {
      const q = readQuoted(t, j, le);
      return { kind: 'scalar', value: q.value, span: this.span(j, q.end), style: c === 34 ? 'double' : 'single' };
    }
    if (NOT_PLAIN_START.has(t[j]) || (c === 45 && t.charCodeAt(j + 1) === 32)) throw REFUSED;
    const s = j;
    let e = this.flowPlainEnd(j, le);
    while (e > s && t.charCodeAt(e - 1) === 32) e--;
    if (e === s) throw REFUSED;
    return { kind: 'scalar', value: plainValue(t.slice(s, e)), span: this.span(s, e), style: 'plain' };
  }

  /** Where a plain scalar in a flow collection ends: at `,`, `]`, `}` or a `:`; a comment or `[`/`{` in it is refused. */
  private flowPlainEnd(j: number, le: number): number {
    const t = this.t;
    for (; j < le; j++) {
      const c = t.charCodeAt(j);
      if (c === 44 || c === 93 || c === 125) return j;
      if (c === 58) {
        // `key: value` in a flow mapping; `host:9333` is one scalar; a `:` before an indicator is left to the libraries
        const d = t.charCodeAt(j + 1);
        if (d === 32) return j;
        if (j + 1 === le || d === 44 || d === 91 || d === 93 || d === 123 || d === 125) throw REFUSED;
      }
      if (c === 91 || c === 123 || (c === 35 && t.charCodeAt(j - 1) === 32)) throw REFUSED;
    }
    throw REFUSED; // not closed on this line
  }
}
