/**
 * Kubernetes object names. Services must be RFC 1035 labels (lower case letters, digits and '-', starting with a
 * letter, ending with a letter or digit, at most 63 characters); namespaces and the other objects RFC 1123 labels or
 * subdomains. One rule for all (the RFC 1035 label, the strictest), so a service's Deployment, Service and volumes
 * share its name and a host the stack names maps to one Service name.
 */
export const MAX_LABEL = 63;

export function isDns1035Label(name: string): boolean {
  return name.length > 0 && name.length <= MAX_LABEL && /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name);
}

/** The namespace a stack gets when none is given (an RFC 1123 label: the RFC 1035 one closest to the stack's name). */
export function namespaceOf(stack: string): string {
  return toDns1035Label(stack);
}

/** The RFC 1035 label closest to `name`: lower-cased, other characters as '-', runs folded, a letter first, cut to fit. */
export function toDns1035Label(name: string, max = MAX_LABEL): string {
  let s = '';
  for (const ch of name.toLowerCase()) {
    const ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
    if (ok) s += ch;
    else if (!s.endsWith('-')) s += '-';
  }
  s = trimDashes(s);
  if (!s) s = 'x';
  if (!(s[0] >= 'a' && s[0] <= 'z')) s = `x-${s}`;
  if (s.length > max) s = `${trimDashes(s.slice(0, max - 7))}-${shortHash(name)}`;
  return s;
}

function trimDashes(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s[a] === '-') a++;
  while (b > a && s[b - 1] === '-') b--;
  return s.slice(a, b);
}

/** Six hex digits of FNV-1a: names cut to fit stay apart. */
export function shortHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return (h >>> 8).toString(16).padStart(6, '0');
}

/** `name` with `-suffix`, the name part cut so the whole stays a label. */
export function withSuffix(name: string, suffix: string): string {
  const room = MAX_LABEL - suffix.length - 1;
  return `${name.length > room ? trimDashes(name.slice(0, room)) : name}-${suffix}`;
}

/** Label values: at most 63 characters of [A-Za-z0-9._-], beginning and ending alphanumeric (or empty). */
export function isLabelValue(v: string): boolean {
  return v.length <= MAX_LABEL && /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(v);
}

/** Label and annotation keys: an optional DNS-subdomain prefix and '/', then a name of at most 63 characters. */
export function isQualifiedKey(k: string): boolean {
  const slash = k.lastIndexOf('/');
  const name = slash < 0 ? k : k.slice(slash + 1);
  const prefix = slash < 0 ? undefined : k.slice(0, slash);
  if (prefix !== undefined && (prefix.length > 253 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(prefix))) return false;
  return name.length > 0 && name.length <= MAX_LABEL && /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(name);
}

/** Keys of Secret and ConfigMap data. */
export function toDataKey(name: string): string {
  let s = '';
  for (const ch of name) s += /[-._a-zA-Z0-9]/.test(ch) ? ch : '_';
  return s.slice(0, 253) || 'data';
}
