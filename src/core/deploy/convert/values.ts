/** Reading plain compose values (from toPlain) without trusting their shape. */

export function asRecord(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
/** A plain value as text: a scalar as String() writes it; a mapping or list (which the schema refuses) as JSON, not "[object Object]". */
export function plainText(v: unknown): string {
  return typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
}
export function strOf(v: unknown): string | undefined {
  return v === undefined || v === null ? undefined : plainText(v);
}
export function strList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v.map(String) : [plainText(v)];
}
/** A mapping (or `K=V` list) of strings; null values become "" as compose does for labels. */
export function strMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(v))
    for (const s of v.map(String)) {
      const i = s.indexOf('=');
      if (i < 0) out[s] = '';
      else out[s.slice(0, i)] = s.slice(i + 1);
    }
  else for (const [k, val] of Object.entries(asRecord(v))) out[k] = val === null || val === undefined ? '' : plainText(val);
  return out;
}

/** `external: true` / `external: {name}` (v3.0-3.4) -> the engine name; undefined when not external. */
export function externalName(def: Record<string, unknown>, key: string): string | undefined {
  const ext = def.external;
  if (ext === true) return typeof def.name === 'string' ? def.name : key;
  if (ext && typeof ext === 'object') return strOf(asRecord(ext).name) ?? (typeof def.name === 'string' ? def.name : key);
  return undefined;
}
