import { asciiUpper, isAsciiAlnum, isAsciiLetter, isNameChar, isSpaceAt } from '../model/chars';
import { findInScalar, get, isMap, isScalar, YScalar } from '../model/node';
import type { Span } from '../model/source';
import type { Service } from '../manifest/project';

export interface EnvEntry {
  name: string;
  nameSpan: Span;
  /** The value after interpolation; null for `- NAME` (taken from the environment at run time). */
  value: string | null;
  node: YScalar | undefined;
}

/** The merged `environment` of a service (lists were normalised to mappings at load). */
export function envEntries(svc: Service): EnvEntry[] {
  const env = get(svc.node, 'environment');
  if (!isMap(env)) return [];
  return env.pairs.map((p) => ({
    name: p.key,
    nameSpan: p.keySpan,
    value: isScalar(p.value) && p.value.value !== null ? String(p.value.value) : null,
    node: isScalar(p.value) ? p.value : undefined,
  }));
}

export interface HostRef {
  host: string;
  port: number | undefined;
  scheme: string | undefined;
  kind: 'url' | 'hostport' | 'bare';
  span: Span;
}

/**
 * Last words (after the last `_`, any case) of variable names whose value is an address even without a scheme or
 * port: `DB_HOST`, `MONGO`, `nats_url`. A set, not a case-insensitive regex: that is compiled anew in every CLI process.
 */
const ADDRESS_WORDS = new Set([
  'HOST',
  'HOSTNAME',
  'HOSTS',
  'ADDR',
  'ADDRESS',
  'SERVER',
  'SERVERS',
  'ENDPOINT',
  'URI',
  'URL',
  'BROKER',
  'BROKERS',
  'UPSTREAM',
  'MONGO',
  'MONGODB',
  'REDIS',
  'NATS',
  'AMQP',
]);

/** A variable whose value is an address even without a scheme or port (see ADDRESS_WORDS). */
export function isAddressVar(name: string): boolean {
  return ADDRESS_WORDS.has(asciiUpper(name.slice(name.lastIndexOf('_') + 1)));
}
/** Names the service itself answers to (its own hostname, nginx-proxy's VIRTUAL_HOST, Django's ALLOWED_HOSTS): not hosts it reaches. */
const OWN_NAME_VAR = /^(HOSTNAME|VIRTUAL_HOST|LETSENCRYPT_HOST|(.*_)?ALLOWED_HOSTS?)$/i;
/** Switch-like words that stand in address variables (`USE_REDIS: enabled`). */
const NOT_A_HOST = /^(true|false|yes|no|on|off|none|null|enabled?|disabled?|auto|default|required|optional)$/i;
/** Longest environment value scanned for hosts: the scan is linear, so this only bounds the work of one value. */
export const MAX_SCANNED_VALUE = 1 << 20;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
/** Durations and sizes (`60s`, `10m`, `512M`, `1.5h`): values of `*_SERVER`-like names that are not hosts. */
const QUANTITY = /^\d+(\.\d+)?[a-z]{0,2}$/i;

export function isIpOrLocal(host: string): boolean {
  const h = host.toLowerCase();
  return IPV4.test(h) || h.startsWith('[') || h.includes(':') || h === 'localhost' || h === 'host.docker.internal' || h === 'gateway.docker.internal';
}

/**
 * What hostsInValue found, per scalar: several rules (links, the Mender URLs, Kubernetes' DNS) ask about the same
 * values, and a cold CLI lint ran the scan 52 times over today's stack's 20 values.
 */
const found = new WeakMap<YScalar, Map<string, readonly HostRef[]>>();

/** Hosts named in one environment value: in URLs of any scheme, `host:port`, or the bare value of an address variable. */
export function hostsInValue(varName: string, value: string, node: YScalar): readonly HostRef[] {
  let byKey = found.get(node);
  if (!byKey) found.set(node, (byKey = new Map<string, readonly HostRef[]>()));
  const key = `${varName}\n${value}`;
  let refs = byKey.get(key);
  if (!refs) byKey.set(key, (refs = scanValue(varName, value, node)));
  return refs;
}

function scanValue(varName: string, value: string, node: YScalar): HostRef[] {
  if (value.length > MAX_SCANNED_VALUE) return [];
  const out: HostRef[] = [];
  let sawUrl = false;
  for (const url of urlsIn(value)) {
    sawUrl = true;
    let offset = url.hostsStart;
    // mongodb://a:27017,b:27017 names several hosts
    for (const hp of value.slice(url.hostsStart, url.end).split(',')) {
      const { host, port } = splitHostPort(hp);
      if (host && isHostName(host) && !isIpOrLocal(host)) out.push({ host, port, scheme: url.scheme, kind: 'url', span: findInScalar(node, host, offset) });
      offset += hp.length + 1;
    }
  }
  if (sawUrl) return out;
  const v = value.trim();
  const hp = /^([A-Za-z0-9][A-Za-z0-9._-]*):(\d{1,5})$/.exec(v);
  if (hp && isHostName(hp[1]) && !isIpOrLocal(hp[1]) && /[A-Za-z]/.test(hp[1])) {
    out.push({ host: hp[1], port: Number(hp[2]), scheme: undefined, kind: 'hostport', span: findInScalar(node, hp[1], 0) });
    return out;
  }
  if (
    isAddressVar(varName) &&
    !OWN_NAME_VAR.test(varName) &&
    isHostName(v) &&
    /[A-Za-z]/.test(v) &&
    !QUANTITY.test(v) &&
    !isIpOrLocal(v) &&
    !NOT_A_HOST.test(v)
  ) {
    out.push({ host: v, port: undefined, scheme: undefined, kind: 'bare', span: findInScalar(node, v, 0) });
  }
  return out;
}

function splitHostPort(s: string): { host: string; port: number | undefined } {
  if (s.startsWith('[')) return { host: '', port: undefined }; // IPv6 literal: not a service name
  const i = s.lastIndexOf(':');
  if (i < 0) return { host: s, port: undefined };
  const port = Number(s.slice(i + 1));
  return { host: s.slice(0, i), port: Number.isInteger(port) ? port : undefined };
}

/** Characters of a scheme after its first letter: `[a-z0-9+._-]`, any case (Kafka's `PLAINTEXT_HOST` holds `_`). */
const isSchemeChar = (c: number): boolean => isAsciiAlnum(c) || c === 43 || c === 46 || c === 95 || c === 45;
/** Where a URL's hosts part ends: `/`, `?`, `#` or white space. */
const endsHosts = (s: string, i: number): boolean => {
  const c = s.charCodeAt(i);
  return c === 47 || c === 63 || c === 35 || isSpaceAt(s, i);
};

export interface UrlMatch {
  scheme: string;
  hostsStart: number;
  end: number;
}

/**
 * The URLs of a value, `scheme://[user@]hosts`, in one pass with no backtracking (a regex for this was quadratic on
 * `a.a.a...`: each letter after a dot started a scheme that ran to the end). The hosts part stops at a comma that
 * starts the next URL of a list (`http://a,https://b:8080`), so only `host[:port],host[:port]` lists
 * (mongodb://a:1,b:2) stay together. What it finds is what
 * `/\b([a-z][a-z0-9+._-]*):\/\/(?:[^@/\s?#]*@)?((?:(?!,[a-z][a-z0-9+._-]*:\/\/)[^/\s?#])+)/gi` finds.
 */
export function urlsIn(s: string): UrlMatch[] {
  // Most values hold no URL: one native search spares them the scan (a cold lint runs it in the interpreter).
  if (s.indexOf('://') < 0) return [];
  const n = s.length;
  // runEnd[i]: where the run of scheme characters holding i ends (filled right to left, so one pass).
  const runEnd = runEnds(s);
  const out: UrlMatch[] = [];
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (!isAsciiLetter(c) || (i > 0 && isNameChar(s.charCodeAt(i - 1)))) {
      i++;
      continue;
    }
    const e = runEnd[i];
    // Every later start in this run ends at the same place, so when this one fails they all do.
    if (!sepAt(s, e)) {
      i = e;
      continue;
    }
    const after = e + 3;
    // `user@`: everything up to an `@` met before `/`, `?`, `#` or a space.
    let u = after;
    while (u < n && s.charCodeAt(u) !== 64 && !endsHosts(s, u)) u++;
    let start = -1,
      end = -1;
    if (u < n && s.charCodeAt(u) === 64) {
      const k = hostsEnd(s, runEnd, u + 1);
      if (k > u + 1) {
        start = u + 1;
        end = k;
      }
    }
    if (start < 0) {
      // No user-info, or nothing after it: the hosts part starts right after `://` (and may hold the `@`).
      const k = hostsEnd(s, runEnd, after);
      if (k > after) {
        start = after;
        end = k;
      }
    }
    if (start < 0) {
      i = e;
      continue;
    }
    out.push({ scheme: s.slice(i, e).toLowerCase(), hostsStart: start, end });
    i = end;
  }
  return out;
}

// The scanner's helpers live out here, not as closures in urlsIn: lint scans thousands of values, and making four
// closures per value cost more than the scan.

/** One buffer for the run ends, grown as needed: a typed array per value was most of a short value's scan. */
let runEndBuffer = new Int32Array(256);
function runEnds(s: string): Int32Array {
  const n = s.length;
  if (runEndBuffer.length < n + 1) runEndBuffer = new Int32Array(Math.max(n + 1, runEndBuffer.length * 2));
  const runEnd = runEndBuffer;
  runEnd[n] = n;
  for (let i = n - 1; i >= 0; i--) runEnd[i] = isSchemeChar(s.charCodeAt(i)) ? runEnd[i + 1] : i;
  return runEnd;
}

/** `://` at i. */
function sepAt(s: string, i: number): boolean {
  return s.charCodeAt(i) === 58 && s.charCodeAt(i + 1) === 47 && s.charCodeAt(i + 2) === 47;
}

/** A scheme starts at i and `://` follows it (no word boundary asked: the comma before a listed URL is one). */
function schemeAt(s: string, runEnd: Int32Array, i: number): boolean {
  return i < s.length && isAsciiLetter(s.charCodeAt(i)) && sepAt(s, runEnd[i]);
}

/** Where a hosts part that starts at `from` ends: at `/`, `?`, `#`, white space, or a comma that starts the next URL. */
function hostsEnd(s: string, runEnd: Int32Array, from: number): number {
  const n = s.length;
  let k = from;
  while (k < n && !endsHosts(s, k) && !(s.charCodeAt(k) === 44 && schemeAt(s, runEnd, k + 1))) k++;
  return k;
}

/** A DNS-like name: dot-separated labels of letters, digits, `-` and `_`, each starting and ending with a letter or digit. */
export function isHostName(h: string): boolean {
  let labelStart = 0;
  for (let i = 0; i <= h.length; i++) {
    if (i < h.length && h.charCodeAt(i) !== 46) continue;
    if (i === labelStart || !isAsciiAlnum(h.charCodeAt(labelStart)) || !isAsciiAlnum(h.charCodeAt(i - 1))) return false;
    for (let k = labelStart + 1; k < i - 1; k++) {
      const c = h.charCodeAt(k);
      if (!isAsciiAlnum(c) && c !== 95 && c !== 45) return false;
    }
    labelStart = i + 1;
  }
  return true;
}
