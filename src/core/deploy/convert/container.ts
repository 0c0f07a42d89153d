import * as path from 'path';
import { ContainerSpec, HealthConfig, LABEL_NAMESPACE } from '../engine';
import { mapImage, shellSplit } from '../units';
import type { ServiceContext } from './context';
import { mounts } from './mounts';
import { asRecord, plainText, strList, strMap, strOf } from './values';

/** The container part of the spec (docker/cli convertService's ContainerSpec), mounts included. */
export function containerSpec(ctx: ServiceContext): ContainerSpec {
  const r = ctx.raw;
  const written = strOf(r.image);
  if (!written) ctx.issue('error', 'deploy-no-image', 'image', 'has no `image:`; swarm cannot build, it needs an image to run.');
  const image = written ? mapImage(written, ctx.opts.imageMap ?? []) : '';

  const cs: ContainerSpec = {
    Image: image,
    Labels: { ...strMap(r.labels), [LABEL_NAMESPACE]: ctx.stack },
  };
  const entry = words(ctx, 'entrypoint');
  if (entry) cs.Command = entry;
  const cmd = words(ctx, 'command');
  if (cmd) cs.Args = cmd;
  if (r.hostname !== undefined) cs.Hostname = plainText(r.hostname);
  const env = environment(ctx);
  if (env.length) cs.Env = env;
  if (r.working_dir !== undefined) cs.Dir = plainText(r.working_dir);
  if (r.user !== undefined) cs.User = plainText(r.user);
  if (Array.isArray(r.group_add)) cs.Groups = r.group_add.map(String);
  if (typeof r.init === 'boolean') cs.Init = r.init;
  if (r.tty === true) cs.TTY = true;
  if (r.stdin_open === true) cs.OpenStdin = true;
  if (r.read_only === true) cs.ReadOnly = true;
  if (r.stop_signal !== undefined) cs.StopSignal = plainText(r.stop_signal);
  if (r.stop_grace_period !== undefined) cs.StopGracePeriod = ctx.duration('stop_grace_period', r.stop_grace_period);
  if (r.isolation !== undefined) cs.Isolation = plainText(r.isolation);
  const hc = healthcheck(ctx);
  if (hc) cs.Healthcheck = hc;
  const hosts = extraHosts(r.extra_hosts);
  if (hosts.length) cs.Hosts = hosts;
  const dns = { Nameservers: strList(r.dns), Search: strList(r.dns_search), Options: strList(r.dns_opt) };
  if (dns.Nameservers.length || dns.Search.length || dns.Options.length) cs.DNSConfig = dns;
  const sysctls = strMap(r.sysctls);
  if (Object.keys(sysctls).length) cs.Sysctls = sysctls;
  if (r.cap_add !== undefined || r.cap_drop !== undefined) {
    const { add, drop } = effectiveCapabilities(strList(r.cap_add), strList(r.cap_drop));
    if (r.cap_add !== undefined) cs.CapabilityAdd = add;
    if (r.cap_drop !== undefined) cs.CapabilityDrop = drop;
  }
  const ul = ulimits(r.ulimits);
  if (ul.length) cs.Ulimits = ul;
  const m = mounts(ctx);
  if (m.length) cs.Mounts = m;
  // The CLI always sends Privileges (nil credential spec and SELinux context); the engine stores them so.
  cs.Privileges = { CredentialSpec: null, SELinuxContext: null };
  return cs;
}

/**
 * docker/cli (opts.EffectiveCapAddCapDrop): upper-cased, `CAP_` prefixed (except ALL), ALL alone when present,
 * a capability both added and dropped is only added, each list sorted without duplicates.
 */
export function effectiveCapabilities(add: string[], drop: string[]): { add: string[]; drop: string[] } {
  const norm = (caps: string[]): Set<string> => {
    const s = new Set(caps.map((c) => c.trim().toUpperCase()).map((c) => (c === 'ALL' || c.startsWith('CAP_') ? c : `CAP_${c}`)));
    return s.has('ALL') ? new Set(['ALL']) : s;
  };
  const a = norm(add);
  const d = norm(drop);
  return { add: [...a].sort(), drop: [...d].filter((c) => !a.has(c)).sort() };
}

function words(ctx: ServiceContext, key: 'command' | 'entrypoint'): string[] | undefined {
  const v = ctx.raw[key];
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v.map(String);
  const w = shellSplit(plainText(v));
  if ('error' in w) {
    ctx.issue('error', 'deploy-bad-value', key, `\`${key}\` cannot be split into words: ${w.error}.`);
    return undefined;
  }
  return w;
}

/** env_file first, then `environment:`; sorted `K=V`, as the CLI's convertEnvironment. A bare `K` takes the caller's env (kept bare when unset). */
function environment(ctx: ServiceContext): string[] {
  const vals = new Map<string, string | null>();
  const envFile = ctx.raw.env_file;
  const files = envFile === undefined ? [] : Array.isArray(envFile) ? envFile : [envFile];
  for (const f of files) {
    const p = typeof f === 'string' ? f : strOf(asRecord(f).path);
    if (!p) continue;
    const t = ctx.reader.read(path.resolve(ctx.project.projectDir, p));
    if ('error' in t) {
      if (typeof f === 'object' && asRecord(f).required === false) continue;
      ctx.issue('error', 'deploy-env-file', 'env_file', `cannot read env_file ${t.error}.`);
      continue;
    }
    for (const line of t.text.split(/\r?\n/)) {
      const s = line.trim();
      if (!s || s.startsWith('#')) continue;
      const eq = s.indexOf('=');
      // A bare name in an env file takes the caller's value, and is left out when unset (docker's ParseEnvFile).
      if (eq < 0) {
        const v = ctx.opts.env?.[s];
        if (v !== undefined) vals.set(s, v);
      } else vals.set(s.slice(0, eq), s.slice(eq + 1));
    }
  }
  for (const [k, v] of Object.entries(asRecord(ctx.raw.environment))) vals.set(k, v === null || v === undefined ? null : plainText(v));
  const out: string[] = [];
  for (const [k, v] of vals) {
    if (v !== null) out.push(`${k}=${v}`);
    else {
      const fromEnv = ctx.opts.env?.[k];
      out.push(fromEnv === undefined ? k : `${k}=${fromEnv}`);
    }
  }
  return out.sort();
}

function healthcheck(ctx: ServiceContext): HealthConfig | undefined {
  const h = ctx.raw.healthcheck;
  if (h === undefined || h === null) return undefined;
  const r = asRecord(h);
  if (r.disable === true) return { Test: ['NONE'] };
  const hc: HealthConfig = {};
  if (typeof r.test === 'string') hc.Test = ['CMD-SHELL', r.test];
  else if (Array.isArray(r.test)) hc.Test = r.test.map(String);
  for (const [k, f] of [
    ['interval', 'Interval'],
    ['timeout', 'Timeout'],
    ['start_period', 'StartPeriod'],
    ['start_interval', 'StartInterval'],
  ] as const) {
    if (r[k] !== undefined) hc[f] = ctx.duration('healthcheck', r[k]);
  }
  if (typeof r.retries === 'number') hc.Retries = r.retries;
  return hc;
}

/** docker/cli convertExtraHosts: "host:ip" becomes the hosts-file order "ip host". */
function extraHosts(eh: unknown): string[] {
  const pairs: [string, string][] = [];
  if (Array.isArray(eh))
    for (const e of eh.map(String)) {
      const i = e.indexOf(':');
      const j = e.indexOf('=');
      const at = j > 0 ? j : i;
      if (at > 0) pairs.push([e.slice(0, at), e.slice(at + 1)]);
    }
  else for (const [k, v] of Object.entries(asRecord(eh))) pairs.push([k, String(v)]);
  return pairs.map(([h, ip]) => `${ip} ${h}`);
}

function ulimits(v: unknown): { Name: string; Soft: number; Hard: number }[] {
  const u = asRecord(v);
  return Object.keys(u)
    .sort()
    .map((name) => {
      const x = u[name];
      if (typeof x === 'number') return { Name: name, Soft: x, Hard: x };
      const r = asRecord(x);
      return { Name: name, Soft: Number(r.soft ?? 0), Hard: Number(r.hard ?? 0) };
    });
}
