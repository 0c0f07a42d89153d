import type { TextEdit } from '../diagnostic';
import { get, getPair, isMap, isScalar, isSeq, str, YMap, YNode } from '../model/node';
import type { Span } from '../model/source';
import type { ManifestDocument } from '../manifest/project';

/** Text edits that change YAML as a person would: same indentation, block style, nothing else touched. */
export function replaceSpan(span: Span, newText: string): TextEdit {
  return { file: span.file.path, range: span.file.rangeOf(span), newText };
}

export function insertAt(span: Span, offset: number, newText: string): TextEdit {
  return { file: span.file.path, range: span.file.rangeOf({ start: offset, end: offset }), newText };
}

/** A service mapping as written in one document (before merge and extends). */
export function rawService(doc: ManifestDocument, name: string): YMap | undefined {
  const s = get(get(doc.root, 'services'), name);
  return isMap(s) ? s : undefined;
}

export function isBlock(n: YNode): boolean {
  const c = n.span.file.text[n.span.start];
  return c !== '{' && c !== '[';
}

/** Offset right after the last character of a block mapping's content (end of its last value). */
export function endOfMap(m: YMap): number {
  let end = m.span.start;
  for (const p of m.pairs) end = Math.max(end, p.keySpan.end, deepEnd(p.value));
  return end;
}

export function deepEnd(n: YNode): number {
  let end = n.span.end;
  if (n.kind === 'map') for (const p of n.pairs) end = Math.max(end, deepEnd(p.value));
  else if (n.kind === 'seq') for (const i of n.items) end = Math.max(end, deepEnd(i));
  // trailing blanks and newlines belong to nothing: step back over them
  const text = n.span.file.text;
  while (end > n.span.start && /\s/.test(text[end - 1])) end--;
  return end;
}

export function keyIndent(m: YMap): number {
  const first = m.pairs[0];
  return first ? first.keySpan.file.indentAt(first.keySpan.start) : 0;
}

/**
 * Edits that add `alias` to every network of the service (its `default` network when it names none),
 * in the document that defines it first. Undefined when the YAML is in a form we would not edit for certain.
 */
export function addAliasEdits(svc: YMap, alias: string, indentUnit = 2): TextEdit[] | undefined {
  if (!isBlock(svc) || svc.pairs.length === 0) return undefined;
  const ind = ' '.repeat(keyIndent(svc));
  const u = ' '.repeat(indentUnit);
  const pair = getPair(svc, 'networks');
  const file = svc.span.file;
  const at = (offset: number, text: string): TextEdit => insertAt(svc.span, offset, text);
  if (!pair) {
    return [at(endOfMap(svc), `\n${ind}networks:\n${ind}${u}default:\n${ind}${u}${u}aliases:\n${ind}${u}${u}${u}- ${alias}`)];
  }
  const nets = pair.value;
  if (isMap(nets) && nets.fromSeq) {
    // `networks: [a, b]` / `- a`: rewrite as a mapping, each with the alias.
    if (!isBlock(nets.fromSeq)) return undefined;
    const colon = file.text.indexOf(':', pair.keySpan.end);
    const body = nets.pairs.map((p) => `\n${ind}${u}${p.key}:\n${ind}${u}${u}aliases:\n${ind}${u}${u}${u}- ${alias}`).join('');
    return [{ file: file.path, range: file.rangeOf({ start: colon + 1, end: deepEnd(nets.fromSeq) }), newText: body }];
  }
  if (!isMap(nets) || !isBlock(nets)) return undefined;
  const edits: TextEdit[] = [];
  const nind = ' '.repeat(keyIndent(nets));
  for (const p of nets.pairs) {
    const v = p.value;
    if (isScalar(v) && v.value === null) {
      const colon = file.text.indexOf(':', p.keySpan.end);
      edits.push({
        file: file.path,
        range: file.rangeOf({ start: colon + 1, end: Math.max(colon + 1, deepEnd(v)) }),
        newText: `\n${nind}${u}aliases:\n${nind}${u}${u}- ${alias}`,
      });
    } else if (isMap(v) && isBlock(v)) {
      const aliases = get(v, 'aliases');
      if (isSeq(aliases) && isBlock(aliases) && aliases.items.length) {
        if (aliases.items.some((i) => str(i) === alias)) continue;
        const last = aliases.items[aliases.items.length - 1];
        const itemInd = ' '.repeat(file.indentAt(last.span.start));
        edits.push(at(deepEnd(last), `\n${itemInd}- ${alias}`));
      } else if (!aliases) {
        const vind = ' '.repeat(keyIndent(v));
        edits.push(at(endOfMap(v), `\n${vind}aliases:\n${vind}${u}- ${alias}`));
      } else return undefined;
    } else return undefined;
  }
  return edits;
}
