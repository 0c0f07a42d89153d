import { isMap, isScalar, isSeq, makeMap, mapSet, str, YMap, YNode, YSeq } from '../model/node';

/**
 * Compose's merge of an override onto a base (`-f a.yml -f b.yml`, and `extends`): mappings merge key by key,
 * scalars are replaced, most sequences are appended, some are replaced, some are unique by a key.
 * Inputs are never mutated: aliases share nodes, so a merge must build new mappings.
 */
const REPLACED = new Set(['command', 'entrypoint', 'test' /* healthcheck.test */, 'dns', 'dns_search', 'env_file']);
const UNIQUE_BY: Record<string, (n: YNode) => string> = {
  ports: (n) => (isScalar(n) ? String(n.value) : `${str(at(n, 'target'))}:${str(at(n, 'published'))}/${str(at(n, 'protocol')) ?? 'tcp'}`),
  volumes: (n) => (isScalar(n) ? volumeTarget(String(n.value)) : (str(at(n, 'target')) ?? '')),
  secrets: (n) => (isScalar(n) ? String(n.value) : (str(at(n, 'target')) ?? str(at(n, 'source')) ?? '')),
  configs: (n) => (isScalar(n) ? String(n.value) : (str(at(n, 'target')) ?? str(at(n, 'source')) ?? '')),
  expose: (n) => String(isScalar(n) ? n.value : ''),
  cap_add: (n) => String(isScalar(n) ? n.value : ''),
  cap_drop: (n) => String(isScalar(n) ? n.value : ''),
  extra_hosts: (n) => String(isScalar(n) ? n.value : ''),
  tmpfs: (n) => String(isScalar(n) ? n.value : ''),
  security_opt: (n) => String(isScalar(n) ? n.value : ''),
};

function at(n: YNode, key: string): YNode | undefined {
  return isMap(n) ? n.index.get(key)?.value : undefined;
}

function volumeTarget(v: string): string {
  const parts = v.split(':');
  return parts.length >= 2 ? parts[1] : parts[0];
}

export function mergeNode(base: YNode, over: YNode, key = ''): YNode {
  if (isMap(base) && isMap(over)) return mergeMaps(base, over);
  if (isSeq(base) && isSeq(over)) {
    if (REPLACED.has(key)) return over;
    const keyOf = UNIQUE_BY[key];
    if (!keyOf) return { kind: 'seq', span: over.span, items: [...base.items, ...over.items] } satisfies YSeq;
    const byKey = new Map<string, YNode>();
    for (const n of base.items) byKey.set(keyOf(n), n);
    for (const n of over.items) byKey.set(keyOf(n), n);
    return { kind: 'seq', span: over.span, items: [...byKey.values()] };
  }
  // An override that is null keeps nothing but its own null (compose's `!reset`-like behaviour is not modelled).
  return over;
}

export function mergeMaps(base: YMap, over: YMap): YMap {
  const out = makeMap(over.span, [...base.pairs]);
  out.fromSeq = over.fromSeq ?? base.fromSeq;
  for (const p of over.pairs) {
    const old = out.index.get(p.key);
    if (!old) {
      mapSet(out, p);
      continue;
    }
    const v = old.value && p.value && !(isScalar(p.value) && p.value.value === null && !isScalar(old.value)) ? mergeNode(old.value, p.value, p.key) : old.value;
    mapSet(out, { key: p.key, keySpan: p.keySpan, value: v });
  }
  return out;
}
