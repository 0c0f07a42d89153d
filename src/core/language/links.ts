/**
 * Document links: the files a compose file names open on a click (`env_file`, `label_file`, the `file:` of a
 * secret or config, `extends.file`, `include` paths and their `env_file`), resolved from the file's folder as
 * compose resolves them.
 */
import * as path from 'path';
import { get, isMap, isScalar, isSeq, YNode, YScalar } from '../model/node';
import { parseYaml } from '../model/parse';
import { Range, SourceFile } from '../model/source';

export interface DocLink {
  range: Range;
  target: string;
  what: string;
}

/** Links of one file. Never throws. */
export function documentLinks(file: SourceFile): DocLink[] {
  try {
    return linksOf(file, parseYaml(file).root);
  } catch {
    return [];
  }
}

export function linksOf(file: SourceFile, root: ReturnType<typeof parseYaml>['root']): DocLink[] {
  if (!root) return [];
  const out: DocLink[] = [];
  const dir = path.dirname(file.path);
  const add = (n: YNode | undefined, what: string): void => {
    if (!isScalar(n) || typeof n.value !== 'string' || !n.value || /\$/.test(n.value)) return;
    const v = n.value.startsWith('~') ? n.value : path.resolve(dir, n.value);
    if (v.startsWith('~')) return;
    out.push({ range: file.rangeOf(inner(n)), target: v, what });
  };
  const each = (n: YNode | undefined, f: (x: YNode) => void): void => {
    for (const x of isSeq(n) ? n.items : n ? [n] : []) f(x);
  };
  const svcs = get(root, 'services');
  if (isMap(svcs))
    for (const p of svcs.pairs) {
      for (const key of ['env_file', 'label_file']) each(get(p.value, key), (x) => add(isMap(x) ? get(x, 'path') : x, key));
      const ext = get(p.value, 'extends');
      if (isMap(ext)) add(get(ext, 'file'), 'extends.file');
    }
  for (const kind of ['secrets', 'configs']) {
    const objs = get(root, kind);
    if (isMap(objs)) for (const p of objs.pairs) add(get(p.value, 'file'), `${kind.slice(0, -1)} file`);
  }
  each(get(root, 'include'), (x) => {
    if (isMap(x)) {
      each(get(x, 'path'), (y) => add(y, 'include'));
      each(get(x, 'env_file'), (y) => add(y, 'include env_file'));
    } else add(x, 'include');
  });
  return out;
}

/** The scalar's text without its quotes. */
function inner(s: YScalar): { start: number; end: number } {
  const q = s.style === 'plain' || s.style === 'block' ? 0 : 1;
  return { start: s.span.start + q, end: s.span.end - q };
}
