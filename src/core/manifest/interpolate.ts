import { isNameChar, isNameStart } from '../model/chars';
import type { VarOrigin, VarUse } from '../model/node';

/** Where variables come from, in compose's order: the process environment beats `.env`. */
export interface VarSource {
  lookup(name: string): { value: string; origin: VarOrigin } | undefined;
}

export interface InterpolationResult {
  value: string;
  vars: VarUse[];
  errors: { start: number; end: number; message: string }[];
}

/** How deep `${A:-${B:-...}}` may nest; compose files use two or three levels. Deeper is an error, not a stack overflow. */
export const MAX_INTERPOLATION_DEPTH = 32;

/**
 * Compose's interpolation: `$$`, `$VAR`, `${VAR}`, `${VAR:-d}`, `${VAR-d}`, `${VAR:?e}`, `${VAR?e}`,
 * `${VAR:+r}`, `${VAR+r}`, with nested expressions in defaults. Offsets in `vars` are into `text`.
 */
export function interpolate(text: string, vars: VarSource): InterpolationResult {
  const res: InterpolationResult = { value: '', vars: [], errors: [] };
  res.value = expand(text, 0, text.length, vars, res, 0);
  return res;
}

function expand(text: string, from: number, to: number, vars: VarSource, res: InterpolationResult, depth: number): string {
  if (depth > MAX_INTERPOLATION_DEPTH) {
    res.errors.push({ start: from, end: to, message: `Invalid interpolation: expressions nested more than ${MAX_INTERPOLATION_DEPTH} levels deep.` });
    return text.slice(from, to);
  }
  let out = '';
  let i = from;
  while (i < to) {
    const c = text[i];
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    const n = text[i + 1];
    if (n === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (n === '{') {
      const close = matchBrace(text, i + 2, to);
      if (close < 0) {
        res.errors.push({ start: i, end: to, message: `Invalid interpolation: "${text.slice(i, to)}" has no closing brace.` });
        out += text.slice(i, to);
        break;
      }
      out += braced(text, i, close, vars, res, depth);
      i = close + 1;
      continue;
    }
    if (n !== undefined && isNameStart(n.charCodeAt(0))) {
      let j = i + 1;
      while (j < to && isNameChar(text.charCodeAt(j))) j++;
      const name = text.slice(i + 1, j);
      const found = vars.lookup(name);
      res.vars.push({ name, start: i, end: j, value: found?.value, origin: found?.origin ?? { kind: 'unset' }, hasDefault: false });
      out += found?.value ?? '';
      i = j;
      continue;
    }
    out += '$';
    i++; // a lone `$` is kept as written, like compose
  }
  return out;
}

function matchBrace(text: string, from: number, to: number): number {
  let depth = 1;
  for (let i = from; i < to; i++) {
    if (text[i] === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function braced(text: string, start: number, close: number, vars: VarSource, res: InterpolationResult, depth: number): string {
  const bodyStart = start + 2;
  let j = bodyStart;
  while (j < close && isNameChar(text.charCodeAt(j))) j++;
  const name = text.slice(bodyStart, j);
  if (!name || !isNameStart(name.charCodeAt(0))) {
    res.errors.push({ start, end: close + 1, message: `Invalid interpolation: "${text.slice(start, close + 1)}" does not start with a variable name.` });
    return text.slice(start, close + 1);
  }
  const found = vars.lookup(name);
  const use: VarUse = { name, start, end: close + 1, value: found?.value, origin: found?.origin ?? { kind: 'unset' }, hasDefault: false };
  res.vars.push(use);
  if (j === close) return found?.value ?? '';
  const colon = text[j] === ':';
  const op = text[colon ? j + 1 : j];
  const argStart = colon ? j + 2 : j + 1;
  const isSet = found !== undefined && (!colon || found.value !== '');
  switch (op) {
    case '-': {
      use.hasDefault = true;
      if (isSet) return found.value;
      use.origin = { kind: 'default' };
      const v = expand(text, argStart, close, vars, res, depth + 1);
      use.value = v;
      return v;
    }
    case '?': {
      use.required = text.slice(argStart, close) || `${name} is required`;
      if (isSet) return found.value;
      return '';
    }
    case '+': {
      use.hasDefault = true; // `+` never fails: empty when unset
      return isSet ? expand(text, argStart, close, vars, res, depth + 1) : '';
    }
    default:
      res.errors.push({
        start,
        end: close + 1,
        message: `Invalid interpolation: "${text.slice(start, close + 1)}" (expected :-, -, :?, ?, :+ or + after the name).`,
      });
      return text.slice(start, close + 1);
  }
}
