import type { TextEdit } from '../diagnostic';
import { getPair, isMap, isScalar, YMap } from '../model/node';
import { deepEnd, endOfMap, insertAt, isBlock, keyIndent } from './edits';

/** A value as a YAML scalar: plain when that reads back the same, else double-quoted. */
export function yamlScalar(v: string): string {
  const plainSafe = /^[A-Za-z0-9_./@+-][A-Za-z0-9_./:@+,=-]*$/.test(v) && !/^(true|false|yes|no|on|off|null|~|[-+]?\d[\d._]*)$/i.test(v);
  return plainSafe ? v : JSON.stringify(v);
}

/**
 * Edits that set `name=value` in the service's `environment`, in the form it is written in: a `- NAME=value`
 * item for a list, `NAME: value` for a mapping, a new `environment:` mapping when the service has none.
 * Undefined for flow-style (`[...]`/`{...}`) forms we would not edit for certain.
 */
export function setEnvEdits(svc: YMap, name: string, value: string, indentUnit = 2): TextEdit[] | undefined {
  if (!isBlock(svc) || svc.pairs.length === 0) return undefined;
  const u = ' '.repeat(indentUnit);
  const file = svc.span.file;
  const pair = getPair(svc, 'environment');
  if (!pair) {
    const ind = ' '.repeat(keyIndent(svc));
    return [insertAt(svc.span, endOfMap(svc), `\n${ind}environment:\n${ind}${u}${name}: ${yamlScalar(value)}`)];
  }
  const env = pair.value;
  if (isScalar(env) && env.value === null) {
    // `environment:` with nothing after it
    const ind = ' '.repeat(file.indentAt(pair.keySpan.start));
    return [insertAt(svc.span, pair.keySpan.end + 1, `\n${ind}${u}${name}: ${yamlScalar(value)}`)];
  }
  if (!isMap(env)) return undefined;
  if (env.fromSeq) {
    const seq = env.fromSeq;
    const last = seq.items[seq.items.length - 1];
    if (!isBlock(seq) || !last) return undefined;
    const itemInd = ' '.repeat(file.indentAt(last.span.start));
    const item = `${name}=${value}`;
    return [insertAt(svc.span, deepEnd(last), `\n${itemInd}- ${yamlScalar(item) === item ? item : JSON.stringify(item)}`)];
  }
  if (!isBlock(env) || env.pairs.length === 0) return undefined;
  const ind = ' '.repeat(keyIndent(env));
  return [insertAt(svc.span, endOfMap(env), `\n${ind}${name}: ${yamlScalar(value)}`)];
}
