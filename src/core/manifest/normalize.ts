import { get, isMap, isScalar, isSeq, makeMap, mapSet, subSpan, YMap, YPair, YScalar } from '../model/node';

/**
 * Compose accepts several keys either as a list (`- KEY=value`) or a mapping. Rules and merges want one
 * form, so lists become mappings whose keys and values keep the exact spans inside the list item.
 */
const KEY_VALUE_LISTS = ['environment', 'labels', 'sysctls'];
const NAME_LISTS = ['networks', 'depends_on'];

export function normalizeServices(root: YMap): void {
  const services = get(root, 'services');
  if (!isMap(services)) return;
  for (const pair of services.pairs) {
    const svc = pair.value;
    if (!isMap(svc)) continue;
    for (const key of KEY_VALUE_LISTS) normalizeKeyValue(svc, key);
    for (const key of NAME_LISTS) normalizeNames(svc, key);
    const deploy = get(svc, 'deploy');
    if (isMap(deploy)) normalizeKeyValue(deploy, 'labels');
    const build = get(svc, 'build');
    if (isMap(build)) normalizeKeyValue(build, 'args');
  }
}

/** Replace a list under `key` by a mapping built from its scalar items (wrong types are the schema rule's to report). */
function listToMap(parent: YMap, key: string, pairOf: (item: YScalar) => YPair): void {
  const pair = parent.index.get(key);
  if (!pair || !isSeq(pair.value)) return;
  const seq = pair.value;
  const out = makeMap(seq.span);
  out.fromSeq = seq;
  for (const item of seq.items) if (isScalar(item) && item.value !== null) mapSet(out, pairOf(item));
  mapSet(parent, { key, keySpan: pair.keySpan, value: out });
}

/** `- KEY=value` items: the key and the value keep their exact spans inside the item. */
function normalizeKeyValue(parent: YMap, key: string): void {
  listToMap(parent, key, keyValuePair);
}

/** `- name` items (networks, depends_on): a mapping of names to null. */
function normalizeNames(parent: YMap, key: string): void {
  listToMap(parent, key, namePair);
}

// The item converters are plain functions, not closures made per call: normalising runs several times per service.

function keyValuePair(item: YScalar): YPair {
  const text = String(item.value);
  const eq = text.indexOf('=');
  const name = eq < 0 ? text : text.slice(0, eq);
  const keySpan = subSpan(item, 0, name.length);
  const value: YScalar =
    eq < 0
      ? { kind: 'scalar', value: null, span: keySpan, style: 'plain' }
      : { kind: 'scalar', value: text.slice(eq + 1), span: subSpan(item, eq + 1, text.length), style: 'plain' };
  if (eq >= 0 && value.span === item.span) value.style = item.style; // no exact mapping: keep the item's style
  return { key: name, keySpan, value };
}

function namePair(item: YScalar): YPair {
  return { key: String(item.value), keySpan: item.span, value: { kind: 'scalar', value: null, span: item.span, style: 'plain' } };
}
