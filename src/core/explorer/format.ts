// Small text helpers shared by the tree model, logs and the CLI: the same wording as the docker CLI where
// there is one (relative times like "Running 2 hours ago", ports like "*:18080->8080/tcp").
import type { XPortConfig } from './engineTypes';

/** docker/go-units HumanDuration: "Less than a second", "About a minute", "3 hours", "2 weeks"... */
export function humanDuration(ms: number): string {
  const seconds = Math.round(Math.max(0, ms) / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.round(seconds / 60);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(seconds / 3600);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(hours / 24 / 365)} years`;
}

/** "2 hours ago" from an RFC 3339 timestamp; undefined when the engine sent none (or the zero time). */
export function ago(timestamp: string | undefined, now: number): string | undefined {
  const t = parseTime(timestamp);
  return t === undefined ? undefined : `${humanDuration(now - t)} ago`;
}

/** Milliseconds since the epoch; Go's zero time ("0001-01-01T00:00:00Z") counts as absent. */
export function parseTime(timestamp: string | undefined): number | undefined {
  if (!timestamp || timestamp.startsWith('0001-')) return undefined;
  const t = Date.parse(timestamp);
  return Number.isFinite(t) ? t : undefined;
}

/** The image reference without its `@sha256:` pin: the digest is noise in a tree row (the tooltip keeps it). */
export function imageWithoutDigest(image: string | undefined): string {
  if (!image) return '';
  const at = image.indexOf('@');
  return at < 0 ? image : image.slice(0, at);
}

/** `*:18080->8080/tcp` for ingress, `18080->8080/tcp (host)` for host-mode ports, like `docker service ls`. */
export function formatPort(p: XPortConfig): string {
  const proto = p.Protocol ?? 'tcp';
  const target = `${p.TargetPort ?? '?'}/${proto}`;
  if (p.PublishedPort === undefined || p.PublishedPort === 0) return target;
  return p.PublishMode === 'host' ? `${p.PublishedPort}->${target} (host)` : `*:${p.PublishedPort}->${target}`;
}

/** Unique published ports; the engine repeats host-mode ports once per task in PortStatus. */
export function formatPorts(ports: readonly XPortConfig[] | undefined): string[] {
  if (!ports) return [];
  return [...new Set(ports.map(formatPort))];
}

/** Go durations come as nanoseconds: "5s", "1m30s", "2160h" (the CLI's wording for cert expiry etc.). */
export function formatNanos(ns: number | undefined): string | undefined {
  if (ns === undefined) return undefined;
  let s = Math.round(ns / 1e9);
  if (s === 0) return `${ns / 1e6}ms`;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  return `${h > 0 ? `${h}h` : ''}${m > 0 ? `${m}m` : ''}${s > 0 || (h === 0 && m === 0) ? `${s}s` : ''}`;
}

/** Days, for long durations such as certificate lifetimes ("90 days"). */
export function formatNanosAsDays(ns: number | undefined): string | undefined {
  if (ns === undefined) return undefined;
  const days = ns / 1e9 / 86400;
  return Number.isInteger(days) ? `${days} days` : formatNanos(ns);
}

export const shortId = (id: string | undefined, n = 12): string => (id ?? '').slice(0, n);

export const capitalize = (s: string): string => (s === '' ? s : s[0].toUpperCase() + s.slice(1));
