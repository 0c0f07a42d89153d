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

/** Variable names whose value is an address even without a scheme or port. */
const ADDRESS_VAR = /(^|_)(HOST|HOSTNAME|HOSTS|ADDR|ADDRESS|SERVER|SERVERS|ENDPOINT|URI|URL|BROKER|BROKERS|UPSTREAM|MONGO|MONGODB|REDIS|NATS|DB_HOST|AMQP)$/i;
/** Names the service itself answers to (its own hostname, nginx-proxy's VIRTUAL_HOST, Django's ALLOWED_HOSTS): not hosts it reaches. */
const OWN_NAME_VAR = /^(HOSTNAME|VIRTUAL_HOST|LETSENCRYPT_HOST|(.*_)?ALLOWED_HOSTS?)$/i;
/** Switch-like words that stand in address variables (`USE_REDIS: enabled`). */
const NOT_A_HOST = /^(true|false|yes|no|on|off|none|null|enabled?|disabled?|auto|default|required|optional)$/i;
/**
 * `scheme://[user@]hosts`: the hosts part stops at a comma that starts the next URL of a list
 * (`http://a,https://b:8080`), so only `host[:port],host[:port]` lists (mongodb://a:1,b:2) stay together. Schemes
 * may hold `_`: Kafka listener names (`PLAINTEXT_HOST://localhost:9092`) are written as schemes.
 */
const URL_RE = /\b([a-z][a-z0-9+._-]*):\/\/(?:[^@/\s?#]*@)?((?:(?!,[a-z][a-z0-9+._-]*:\/\/)[^/\s?#])+)/gi;
const HOST_RE = /^[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?)*$/;
/** Longest environment value scanned for hosts (real ones, even lists of URLs, are far shorter). */
export const MAX_SCANNED_VALUE = 2048;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
/** Durations and sizes (`60s`, `10m`, `512M`, `1.5h`): values of `*_SERVER`-like names that are not hosts. */
const QUANTITY = /^\d+(\.\d+)?[a-z]{0,2}$/i;

export function isIpOrLocal(host: string): boolean {
  const h = host.toLowerCase();
  return IPV4.test(h) || h.startsWith('[') || h.includes(':') || h === 'localhost'
    || h === 'host.docker.internal' || h === 'gateway.docker.internal';
}

/** Hosts named in one environment value: in URLs of any scheme, `host:port`, or the bare value of an address variable. */
export function hostsInValue(varName: string, value: string, node: YScalar): HostRef[] {
  // URL_RE's look-ahead and a host's word boundaries make the scan quadratic in the worst case (`a.a.a.a...`):
  // a value longer than any real list of URLs is not scanned, so the cost per value stays bounded.
  if (value.length > MAX_SCANNED_VALUE) return [];
  const out: HostRef[] = [];
  const span = (host: string, from: number): Span => findInScalar(node, host, from);
  let m: RegExpExecArray | null;
  URL_RE.lastIndex = 0;
  let sawUrl = false;
  while ((m = URL_RE.exec(value))) {
    sawUrl = true;
    const scheme = m[1].toLowerCase();
    const hostsPart = m[2];
    let offset = m.index + m[0].length - hostsPart.length;
    // mongodb://a:27017,b:27017 names several hosts
    for (const hp of hostsPart.split(',')) {
      const { host, port } = splitHostPort(hp);
      if (host && HOST_RE.test(host) && !isIpOrLocal(host)) out.push({ host, port, scheme, kind: 'url', span: span(host, offset) });
      offset += hp.length + 1;
    }
  }
  if (sawUrl) return out;
  const v = value.trim();
  const hp = /^([A-Za-z0-9][A-Za-z0-9._-]*):(\d{1,5})$/.exec(v);
  if (hp && HOST_RE.test(hp[1]) && !isIpOrLocal(hp[1]) && /[A-Za-z]/.test(hp[1])) {
    out.push({ host: hp[1], port: Number(hp[2]), scheme: undefined, kind: 'hostport', span: span(hp[1], 0) });
    return out;
  }
  if (ADDRESS_VAR.test(varName) && !OWN_NAME_VAR.test(varName) && HOST_RE.test(v) && /[A-Za-z]/.test(v) && !QUANTITY.test(v)
    && !isIpOrLocal(v) && !NOT_A_HOST.test(v)) {
    out.push({ host: v, port: undefined, scheme: undefined, kind: 'bare', span: span(v, 0) });
  }
  return out;
}

function splitHostPort(s: string): { host: string; port: number | undefined } {
  if (s.startsWith('[')) return { host: '', port: undefined };   // IPv6 literal: not a service name
  const i = s.lastIndexOf(':');
  if (i < 0) return { host: s, port: undefined };
  const port = Number(s.slice(i + 1));
  return { host: s.slice(0, i), port: Number.isInteger(port) ? port : undefined };
}
