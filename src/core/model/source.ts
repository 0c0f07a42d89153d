/** A file's text with a line table, so offsets convert to line/column cheaply. */
export interface Position {
  line: number;
  character: number;
} // both 0-based, like LSP/VS Code
export interface Range {
  start: Position;
  end: Position;
}

export class SourceFile {
  private lineStarts: number[] | undefined;
  constructor(
    readonly path: string,
    readonly text: string,
  ) {}

  positionAt(offset: number): Position {
    const starts = (this.lineStarts ??= computeLineStarts(this.text));
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0,
      hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - starts[lo] };
  }

  offsetAt(pos: Position): number {
    const starts = (this.lineStarts ??= computeLineStarts(this.text));
    if (pos.line >= starts.length) return this.text.length;
    return Math.min(starts[Math.max(0, pos.line)] + pos.character, this.text.length);
  }

  rangeOf(span: { start: number; end: number }): Range {
    return { start: this.positionAt(span.start), end: this.positionAt(span.end) };
  }

  /** Indentation (in spaces) of the line holding `offset`. */
  indentAt(offset: number): number {
    const line = this.positionAt(offset).line;
    const start = this.offsetAt({ line, character: 0 });
    let i = start;
    while (this.text[i] === ' ') i++;
    return i - start;
  }
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return starts;
}

/** Where something is: a file and a [start, end) offset range in it. */
export interface Span {
  file: SourceFile;
  start: number;
  end: number;
}

export function spanRange(span: Span): Range {
  return span.file.rangeOf(span);
}

/** Whether `inner` lies within `outer` (the same file, inside its range). */
export function spanWithin(inner: Span, outer: Span): boolean {
  return inner.file === outer.file && inner.start >= outer.start && inner.end <= outer.end;
}

/**
 * Whether the tree parsed from this file may share nodes: only aliases (`*name`, merge keys' too) make the parsers
 * put one node in two places, and an alias is always written with a `*`. A walk that must visit a shared node once
 * needs its set of visited nodes only then.
 */
export function mayShareNodes(file: SourceFile): boolean {
  return file.text.includes('*');
}
