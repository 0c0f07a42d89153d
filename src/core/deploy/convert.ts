import * as path from 'path';
import { diskReader, FileReader } from '../manifest/files';
import type { Project, Service } from '../manifest/project';
import { at, getPair, toPlain, YMap } from '../model/node';
import type { Span } from '../model/source';
import {
  ContainerSpec, HealthConfig, LABEL_IMAGE, LABEL_NAMESPACE, Labels, Mount, NetworkAttachment, NetworkCreate, PortConfig,
  RestartPolicy, ServiceMode, ServiceSpec, TaskSpec, UpdateConfig,
} from './engine';
import { ImageMapping, mapImage, parseBytes, parseCpus, parseDuration, shellSplit } from './units';

/**
 * Compose service -> Engine API ServiceSpec, following docker/cli's `cli/compose/convert` (what
 * `docker stack deploy` sends), so a stack we deploy looks the same to `docker stack ls/ps/rm` as one the CLI
 * deployed, and a redeploy by either tool does not see spurious changes.
 */

export type IssueSeverity = 'error' | 'warning' | 'info';
export interface ConvertIssue {
  severity: IssueSeverity;
  code: string;
  message: string;
  service?: string;
  /** Where in the manifests, when known. */
  span?: Span;
}

export interface DesiredService {
  /** The name in the manifest. */
  name: string;
  /** `<stack>_<name>`, the swarm service name. */
  fullName: string;
  spec: ServiceSpec;
  /** Engine names of the networks, secrets and configs the service needs first. */
  networks: string[];
  secrets: string[];
  configs: string[];
}

export interface DesiredNetwork { name: string; fullName: string; external: boolean; create?: NetworkCreate }

export interface DesiredObject {
  kind: 'secret' | 'config';
  name: string;
  fullName: string;
  external: boolean;
  /** Where the data comes from (absolute file), or the data itself (compose-spec `content:` / `environment:`). */
  file?: string;
  content?: string;
  labels: Labels;
}

export interface DesiredStack {
  stack: string;
  services: DesiredService[];
  networks: DesiredNetwork[];
  secrets: DesiredObject[];
  configs: DesiredObject[];
  issues: ConvertIssue[];
}

export interface ConvertOptions {
  /** Stack name; defaults to the project's. */
  stack?: string;
  imageMap?: readonly ImageMapping[];
  /** For `env_file:`; the disk by default. */
  reader?: FileReader;
  /** Environment for `environment: [NAME]` entries without a value (the CLI resolves them from its own env). */
  env?: Record<string, string | undefined>;
}

/** Keys `docker stack deploy` ignores with "Ignoring unsupported options" (docker/cli types.go) and why it matters. */
const IGNORED: Record<string, string> = {
  build: 'swarm does not build images: build and push the image, then reference it in `image:`',
  cgroupns_mode: 'swarm tasks run in the default cgroup namespace',
  cgroup_parent: 'swarm does not place tasks in a custom cgroup',
  devices: 'swarm services cannot map host devices',
  domainname: 'swarm does not set a domain name',
  external_links: 'swarm has no container links: use a shared network',
  ipc: 'swarm does not share IPC namespaces',
  links: 'swarm has no container links: services reach each other by name on a shared network',
  mac_address: 'swarm assigns MAC addresses',
  network_mode: 'swarm services attach to networks: use `networks:`',
  pid: 'swarm does not share PID namespaces',
  privileged: 'swarm services cannot run privileged; use cap_add for specific capabilities',
  security_opt: 'swarm does not apply security options',
  shm_size: 'swarm does not set /dev/shm size; mount a tmpfs at /dev/shm instead',
  userns_mode: 'swarm does not set user-namespace mode',
  container_name: 'swarm names tasks itself (<stack>_<service>.<slot>)',
  expose: 'all ports are reachable on a shared network; expose has no effect',
  depends_on: 'swarm has no start order: services must retry until their dependencies answer',
  stdin_open: '', tty: '',
};
/** Keys the CLI refuses outright ("compose file contains unsupported options"). extends is resolved by us. */
const REFUSED: Record<string, string> = {
  volume_driver: 'set `driver:` on a top-level volume instead',
  volumes_from: 'swarm cannot share one task\'s volumes with another: use a named volume in both services',
  cpu_quota: 'use deploy.resources.limits.cpus',
  cpu_shares: 'use deploy.resources.reservations.cpus',
  cpuset: 'swarm cannot pin CPUs',
  memswap_limit: 'swarm cannot limit swap',
};

const HANDLED = new Set([
  'image', 'command', 'entrypoint', 'environment', 'env_file', 'labels', 'user', 'working_dir', 'hostname', 'init',
  'stop_grace_period', 'stop_signal', 'healthcheck', 'cap_add', 'cap_drop', 'sysctls', 'ulimits', 'logging', 'dns',
  'dns_search', 'dns_opt', 'tmpfs', 'volumes', 'secrets', 'configs', 'ports', 'networks', 'deploy', 'restart',
  'extra_hosts', 'read_only', 'group_add', 'isolation', 'extends', 'mem_limit', 'mem_reservation', 'cpus', 'pids_limit',
  'stdin_open', 'tty',
]);

export function convertProject(project: Project, opts: ConvertOptions = {}): DesiredStack {
  const stack = opts.stack ?? project.name;
  const issues: ConvertIssue[] = [];
  const scope = (n: string): string => `${stack}_${n}`;
  const reader = opts.reader ?? diskReader;

  if (!stack) issues.push({ severity: 'error', code: 'deploy-stack-name', message: 'The stack name is empty.' });

  // Networks the stack declares (plus `default` when a service names none, as the CLI adds it).
  const networks = new Map<string, DesiredNetwork>();
  const declaredNets = new Map<string, Record<string, unknown>>();
  for (const [name, obj] of project.networks) declaredNets.set(name, obj.node ? asRecord(toPlain(obj.node)) : {});
  const ensureNetwork = (name: string, svc: string, span: Span | undefined): DesiredNetwork | undefined => {
    const known = networks.get(name);
    if (known) return known;
    let def = declaredNets.get(name);
    if (!def) {
      if (name !== 'default') {
        issues.push({ severity: 'error', code: 'deploy-undefined-network', service: svc, span,
          message: `Service "${svc}" uses network "${name}", which is not declared under the top-level \`networks:\`.` });
        return undefined;
      }
      def = {};
    }
    const ext = externalName(def, name);
    let dn: DesiredNetwork;
    if (ext !== undefined) dn = { name, fullName: ext, external: true };
    else {
      const fullName = typeof def.name === 'string' ? def.name : scope(name);
      const driver = typeof def.driver === 'string' && def.driver ? def.driver : 'overlay';
      if (driver !== 'overlay') {
        issues.push({ severity: driver === 'bridge' ? 'error' : 'warning', code: 'deploy-network-driver', span: project.networks.get(name)?.keySpan,
          message: `Network "${name}" uses driver "${driver}": swarm services need an overlay network to reach each other across nodes.` });
      }
      const create: NetworkCreate = {
        Name: fullName,
        Driver: driver,
        Scope: 'swarm',
        Labels: { ...strMap(def.labels), [LABEL_NAMESPACE]: stack },
      };
      const o = strMap(def.driver_opts);
      if (Object.keys(o).length) create.Options = o;
      if (def.internal === true) create.Internal = true;
      if (def.attachable === true) create.Attachable = true;
      const ipam = asRecord(def.ipam);
      if (typeof ipam.driver === 'string' || Array.isArray(ipam.config)) {
        create.IPAM = {};
        if (typeof ipam.driver === 'string') create.IPAM.Driver = ipam.driver;
        if (Array.isArray(ipam.config)) create.IPAM.Config = ipam.config.map((c) => {
          const r = asRecord(c);
          return { Subnet: strOf(r.subnet), IPRange: strOf(r.ip_range), Gateway: strOf(r.gateway) };
        });
      }
      dn = { name, fullName, external: false, create };
    }
    networks.set(name, dn);
    return dn;
  };

  const objects = (kind: 'secret' | 'config'): Map<string, DesiredObject> => {
    const out = new Map<string, DesiredObject>();
    const top = kind === 'secret' ? project.secrets : project.configs;
    for (const [name, obj] of top) {
      const def = obj.node ? asRecord(toPlain(obj.node)) : {};
      const ext = externalName(def, name);
      if (ext !== undefined) { out.set(name, { kind, name, fullName: ext, external: true, labels: {} }); continue; }
      const fullName = typeof def.name === 'string' ? def.name : scope(name);
      const o: DesiredObject = { kind, name, fullName, external: false, labels: { ...strMap(def.labels), [LABEL_NAMESPACE]: stack } };
      if (typeof def.file === 'string') o.file = path.resolve(project.projectDir, def.file);
      else if (typeof def.content === 'string') o.content = def.content;
      else if (typeof def.environment === 'string') {
        const v = opts.env?.[def.environment];
        if (v === undefined) issues.push({ severity: 'error', code: 'deploy-object-source', span: obj.keySpan, message: `${kind} "${name}" comes from environment variable ${def.environment}, which is not set.` });
        else o.content = v;
      } else issues.push({ severity: 'error', code: 'deploy-object-source', span: obj.keySpan, message: `${kind} "${name}" has neither \`file:\` nor \`external: true\`: swarm needs its data.` });
      out.set(name, o);
    }
    return out;
  };
  const secrets = objects('secret');
  const configs = objects('config');
  const usedSecrets = new Set<string>(); const usedConfigs = new Set<string>();

  const volumes = new Map<string, Record<string, unknown>>();
  for (const [name, obj] of project.volumes) volumes.set(name, obj.node ? asRecord(toPlain(obj.node)) : {});

  const services: DesiredService[] = [];
  for (const svc of project.services.values()) {
    const c = new ServiceConverter(svc, stack, project, opts, issues, reader);
    const spec = c.convert();
    // Networks: each named one, or `default`; the short service name is always an alias (docker/cli convertServiceNetworks).
    const netCfg = asRecord(c.raw.networks);
    const netNames = c.raw.networks === undefined ? ['default'] : Object.keys(netCfg);
    const attachments: NetworkAttachment[] = [];
    const netFull: string[] = [];
    for (const n of netNames) {
      const dn = ensureNetwork(n, svc.name, c.span('networks'));
      if (!dn) continue;
      const cfg = asRecord(netCfg[n]);
      const aliases = Array.isArray(cfg.aliases) ? cfg.aliases.map(String) : [];
      if (cfg.ipv4_address !== undefined || cfg.ipv6_address !== undefined) {
        issues.push({ severity: 'warning', code: 'deploy-ignored-key', service: svc.name, span: c.span('networks'),
          message: `Service "${svc.name}": a fixed ipv4_address/ipv6_address on network "${n}" is ignored by swarm (it assigns task addresses).` });
      }
      attachments.push({ Target: dn.fullName, Aliases: [...aliases, svc.name] });
      netFull.push(dn.fullName);
    }
    attachments.sort((a, b) => (a.Target ?? '').localeCompare(b.Target ?? ''));
    if (attachments.length) spec.TaskTemplate!.Networks = attachments;

    // Secrets and configs: resolve to engine names; IDs are filled in by the docker module at apply time.
    const refs = (kind: 'secret' | 'config'): string[] => {
      const list = c.raw[kind === 'secret' ? 'secrets' : 'configs'];
      if (list === undefined) return [];
      const known = kind === 'secret' ? secrets : configs;
      const used = kind === 'secret' ? usedSecrets : usedConfigs;
      const names: string[] = [];
      const out: { File: { Name: string; UID: string; GID: string; Mode: number }; Name: string }[] = [];
      (Array.isArray(list) ? list : []).forEach((item, idx) => {
        const r = typeof item === 'string' ? { source: item } : asRecord(item);
        const source = strOf(r.source);
        const obj = source ? known.get(source) : undefined;
        if (!source || !obj) {
          issues.push({ severity: 'error', code: 'deploy-undefined-object', service: svc.name, span: c.span(kind + 's'),
            message: `Service "${svc.name}" uses ${kind} "${source ?? '?'}", which is not declared under the top-level \`${kind}s:\`.` });
          return;
        }
        used.add(source);
        const target = strOf(r.target) ?? (kind === 'config' ? `/${source}` : source);
        out.push({ File: { Name: target, UID: strOf(r.uid) ?? '0', GID: strOf(r.gid) ?? '0', Mode: fileMode(svc.node, kind, idx, r.mode) }, Name: obj.fullName });
        names.push(obj.fullName);
      });
      const cs = spec.TaskTemplate!.ContainerSpec!;
      if (kind === 'secret' && out.length) cs.Secrets = out.map((o) => ({ File: o.File, SecretName: o.Name }));
      if (kind === 'config' && out.length) cs.Configs = out.map((o) => ({ File: o.File, ConfigName: o.Name }));
      return names;
    };
    const sNames = refs('secret');
    const cNames = refs('config');

    // Named volumes: scoped like the CLI's handleVolumeToMount, with the stack label and driver from the top level.
    for (const m of spec.TaskTemplate!.ContainerSpec!.Mounts ?? []) {
      if (m.Type !== 'volume' || !m.Source) continue;
      const def = volumes.get(m.Source);
      if (!def) {
        issues.push({ severity: 'error', code: 'deploy-undefined-volume', service: svc.name, span: c.span('volumes'),
          message: `Service "${svc.name}" mounts volume "${m.Source}", which is not declared under the top-level \`volumes:\`.` });
        continue;
      }
      const ext = externalName(def, m.Source);
      if (ext !== undefined) { m.Source = ext; continue; }
      m.Source = typeof def.name === 'string' ? def.name : scope(m.Source);
      m.VolumeOptions = { ...m.VolumeOptions, Labels: { ...strMap(def.labels), [LABEL_NAMESPACE]: stack } };
      if (typeof def.driver === 'string' || def.driver_opts !== undefined) {
        m.VolumeOptions.DriverConfig = { Name: strOf(def.driver), Options: strMap(def.driver_opts) };
      }
    }
    services.push({ name: svc.name, fullName: scope(svc.name), spec, networks: netFull, secrets: sNames, configs: cNames });
  }

  return {
    stack, services,
    networks: [...networks.values()],
    // Only what services use is created (the CLI does the same with its "used secrets" filter).
    secrets: [...secrets.values()].filter((s) => usedSecrets.has(s.name)),
    configs: [...configs.values()].filter((s) => usedConfigs.has(s.name)),
    issues,
  };
}

class ServiceConverter {
  readonly raw: Record<string, unknown>;
  constructor(private readonly svc: Service, private readonly stack: string, private readonly project: Project,
    private readonly opts: ConvertOptions, private readonly issues: ConvertIssue[], private readonly reader: FileReader) {
    this.raw = asRecord(toPlain(svc.node));
  }

  span(key: string, node: YMap = this.svc.node): Span { return getPair(node, key)?.keySpan ?? this.svc.keySpan; }

  private issue(severity: IssueSeverity, code: string, key: string, message: string): void {
    this.issues.push({ severity, code, service: this.svc.name, span: this.span(key), message: `Service "${this.svc.name}": ${message}` });
  }

  convert(): ServiceSpec {
    const r = this.raw;
    const name = this.svc.name;
    for (const key of Object.keys(r)) {
      if (key in REFUSED) this.issue('error', 'deploy-refused-key', key, `\`${key}\` cannot be honoured by swarm (docker stack deploy refuses it): ${REFUSED[key]}.`);
      else if (key in IGNORED) { if (IGNORED[key]) this.issue(key === 'depends_on' ? 'info' : 'warning', 'deploy-ignored-key', key, `\`${key}\` is ignored by swarm: ${IGNORED[key]}.`); }
      else if (!HANDLED.has(key) && !key.startsWith('x-')) this.issue('warning', 'deploy-ignored-key', key, `\`${key}\` is not converted for swarm and is ignored.`);
    }

    const written = strOf(r.image);
    if (!written) this.issue('error', 'deploy-no-image', 'image', 'has no `image:`; swarm cannot build, it needs an image to run.');
    const image = written ? mapImage(written, this.opts.imageMap ?? []) : '';

    const cs: ContainerSpec = {
      Image: image,
      Labels: { ...strMap(r.labels), [LABEL_NAMESPACE]: this.stack },
    };
    const entry = this.words('entrypoint'); if (entry) cs.Command = entry;
    const cmd = this.words('command'); if (cmd) cs.Args = cmd;
    if (r.hostname !== undefined) cs.Hostname = String(r.hostname);
    const env = this.environment(); if (env.length) cs.Env = env;
    if (r.working_dir !== undefined) cs.Dir = String(r.working_dir);
    if (r.user !== undefined) cs.User = String(r.user);
    if (Array.isArray(r.group_add)) cs.Groups = r.group_add.map(String);
    if (typeof r.init === 'boolean') cs.Init = r.init;
    if (r.tty === true) cs.TTY = true;
    if (r.stdin_open === true) cs.OpenStdin = true;
    if (r.read_only === true) cs.ReadOnly = true;
    if (r.stop_signal !== undefined) cs.StopSignal = String(r.stop_signal);
    if (r.stop_grace_period !== undefined) cs.StopGracePeriod = this.duration('stop_grace_period', r.stop_grace_period);
    if (r.isolation !== undefined) cs.Isolation = String(r.isolation);
    const hc = this.healthcheck(); if (hc) cs.Healthcheck = hc;
    const hosts = this.extraHosts(); if (hosts.length) cs.Hosts = hosts;
    const dns = { Nameservers: strList(r.dns), Search: strList(r.dns_search), Options: strList(r.dns_opt) };
    if (dns.Nameservers.length || dns.Search.length || dns.Options.length) cs.DNSConfig = dns;
    const sysctls = strMap(r.sysctls); if (Object.keys(sysctls).length) cs.Sysctls = sysctls;
    if (r.cap_add !== undefined) cs.CapabilityAdd = strList(r.cap_add);
    if (r.cap_drop !== undefined) cs.CapabilityDrop = strList(r.cap_drop);
    const ul = this.ulimits(); if (ul.length) cs.Ulimits = ul;
    const mounts = this.mounts(); if (mounts.length) cs.Mounts = mounts;

    const deploy = asRecord(r.deploy);
    const task: TaskSpec = { ContainerSpec: cs };
    const res = this.resources(deploy); if (res) task.Resources = res;
    const rp = this.restartPolicy(deploy); if (rp) task.RestartPolicy = rp;
    const pl = asRecord(deploy.placement);
    if (Object.keys(pl).length) {
      task.Placement = {};
      if (pl.constraints !== undefined) task.Placement.Constraints = strList(pl.constraints);
      if (Array.isArray(pl.preferences)) task.Placement.Preferences = pl.preferences.map((p) => ({ Spread: { SpreadDescriptor: String(asRecord(p).spread ?? '') } }));
      if (typeof pl.max_replicas_per_node === 'number') task.Placement.MaxReplicas = pl.max_replicas_per_node;
    }
    const logging = asRecord(r.logging);
    if (logging.driver !== undefined || logging.options !== undefined) {
      task.LogDriver = { Name: strOf(logging.driver) ?? 'json-file' };
      const o = strMap(logging.options); if (Object.keys(o).length) task.LogDriver.Options = o;
    }

    const spec: ServiceSpec = {
      Name: `${this.stack}_${name}`,
      // The CLI records the image as written (before digest pinning) on the service, to tell later whether it changed.
      Labels: { ...strMap(deploy.labels), [LABEL_NAMESPACE]: this.stack, [LABEL_IMAGE]: image },
      TaskTemplate: task,
      Mode: this.mode(deploy),
    };
    const uc = this.updateConfig(deploy, 'update_config'); if (uc) spec.UpdateConfig = uc;
    const rc = this.updateConfig(deploy, 'rollback_config'); if (rc) spec.RollbackConfig = rc;
    const ports = this.ports();
    const endpointMode = strOf(deploy.endpoint_mode)?.toLowerCase();
    if (endpointMode && endpointMode !== 'vip' && endpointMode !== 'dnsrr') this.issue('error', 'deploy-bad-value', 'deploy', `deploy.endpoint_mode must be vip or dnsrr, not "${endpointMode}".`);
    if (endpointMode === 'dnsrr' && ports.some((p) => p.PublishMode !== 'host')) {
      this.issue('error', 'deploy-bad-value', 'ports', 'endpoint_mode dnsrr cannot publish ports in ingress mode; use `mode: host` on the ports.');
    }
    spec.EndpointSpec = { Mode: endpointMode ?? 'vip' };
    if (ports.length) spec.EndpointSpec.Ports = ports;
    return spec;
  }

  private duration(key: string, v: unknown): number | undefined {
    const d = parseDuration(v);
    if (d === undefined) this.issue('error', 'deploy-bad-value', key, `\`${key}\` is not a duration: "${String(v)}" (write e.g. 10s, 1m30s).`);
    return d;
  }

  private words(key: 'command' | 'entrypoint'): string[] | undefined {
    const v = this.raw[key];
    if (v === undefined || v === null) return undefined;
    if (Array.isArray(v)) return v.map(String);
    const w = shellSplit(String(v));
    if ('error' in w) { this.issue('error', 'deploy-bad-value', key, `\`${key}\` cannot be split into words: ${w.error}.`); return undefined; }
    return w;
  }

  /** env_file first, then `environment:`; sorted `K=V`, as the CLI's convertEnvironment. A bare `K` takes the caller's env. */
  private environment(): string[] {
    const vals = new Map<string, string | null>();
    const files = this.raw.env_file === undefined ? [] : Array.isArray(this.raw.env_file) ? this.raw.env_file : [this.raw.env_file];
    for (const f of files) {
      const p = typeof f === 'string' ? f : strOf(asRecord(f).path);
      if (!p) continue;
      const abs = path.resolve(this.project.projectDir, p);
      const t = this.reader.read(abs);
      if ('error' in t) {
        if (typeof f === 'object' && asRecord(f).required === false) continue;
        this.issue('error', 'deploy-env-file', 'env_file', `cannot read env_file ${t.error}.`); continue;
      }
      for (const line of t.text.split(/\r?\n/)) {
        const s = line.trim();
        if (!s || s.startsWith('#')) continue;
        const eq = s.indexOf('=');
        if (eq < 0) vals.set(s, null); else vals.set(s.slice(0, eq), s.slice(eq + 1));
      }
    }
    const env = asRecord(this.raw.environment);
    for (const [k, v] of Object.entries(env)) vals.set(k, v === null || v === undefined ? null : String(v));
    const out: string[] = [];
    for (const [k, v] of vals) {
      if (v !== null) out.push(`${k}=${v}`);
      else {
        const fromEnv = this.opts.env?.[k];
        out.push(fromEnv === undefined ? k : `${k}=${fromEnv}`);
      }
    }
    return out.sort();
  }

  private healthcheck(): HealthConfig | undefined {
    const h = this.raw.healthcheck;
    if (h === undefined || h === null) return undefined;
    const r = asRecord(h);
    if (r.disable === true) return { Test: ['NONE'] };
    const hc: HealthConfig = {};
    if (typeof r.test === 'string') hc.Test = ['CMD-SHELL', r.test];
    else if (Array.isArray(r.test)) hc.Test = r.test.map(String);
    for (const [k, f] of [['interval', 'Interval'], ['timeout', 'Timeout'], ['start_period', 'StartPeriod'], ['start_interval', 'StartInterval']] as const) {
      if (r[k] !== undefined) hc[f] = this.duration('healthcheck', r[k]);
    }
    if (typeof r.retries === 'number') hc.Retries = r.retries;
    return hc;
  }

  /** docker/cli convertExtraHosts: "host:ip" becomes the hosts-file order "ip host". */
  private extraHosts(): string[] {
    const eh = this.raw.extra_hosts;
    const pairs: [string, string][] = [];
    if (Array.isArray(eh)) for (const e of eh.map(String)) {
      const i = e.indexOf(':'); const j = e.indexOf('=');
      const at = j > 0 ? j : i;
      if (at > 0) pairs.push([e.slice(0, at), e.slice(at + 1)]);
    } else for (const [k, v] of Object.entries(asRecord(eh))) pairs.push([k, String(v)]);
    return pairs.map(([h, ip]) => `${ip} ${h}`);
  }

  private ulimits(): { Name: string; Soft: number; Hard: number }[] {
    const u = asRecord(this.raw.ulimits);
    return Object.keys(u).sort().map((name) => {
      const v = u[name];
      if (typeof v === 'number') return { Name: name, Soft: v, Hard: v };
      const r = asRecord(v);
      return { Name: name, Soft: Number(r.soft ?? 0), Hard: Number(r.hard ?? 0) };
    });
  }

  private mounts(): Mount[] {
    const out: Mount[] = [];
    const vols = Array.isArray(this.raw.volumes) ? this.raw.volumes : [];
    for (const v of vols) {
      if (typeof v === 'string') {
        const parts = v.split(':');
        let src = ''; let target = parts[0]; let mode = '';
        if (parts.length >= 2) { src = parts[0]; target = parts[1]; mode = parts[2] ?? ''; }
        const m: Mount = { Target: target };
        const isPath = src.startsWith('/') || src.startsWith('.') || src.startsWith('~');
        if (!src) m.Type = 'volume';
        else if (isPath) { m.Type = 'bind'; m.Source = this.hostPath(src); }
        else { m.Type = 'volume'; m.Source = src; }
        const opts = mode.split(',').filter(Boolean);
        if (opts.includes('ro')) m.ReadOnly = true;
        if (opts.includes('nocopy')) m.VolumeOptions = { NoCopy: true };
        const prop = opts.find((o) => /^r?(shared|slave|private)$/.test(o));
        if (prop && m.Type === 'bind') m.BindOptions = { Propagation: prop };
        if (m.Type === 'bind') this.bindWarning(src);
        out.push(m);
      } else {
        const r = asRecord(v);
        const type = (strOf(r.type) ?? 'volume') as Mount['Type'];
        const m: Mount = { Type: type, Target: strOf(r.target) };
        const src = strOf(r.source);
        if (src) m.Source = type === 'bind' ? this.hostPath(src) : src;
        if (r.read_only === true) m.ReadOnly = true;
        const b = asRecord(r.bind); if (b.propagation !== undefined) m.BindOptions = { Propagation: String(b.propagation) };
        const vo = asRecord(r.volume); if (vo.nocopy === true) m.VolumeOptions = { NoCopy: true };
        const t = asRecord(r.tmpfs);
        if (t.size !== undefined || t.mode !== undefined) m.TmpfsOptions = { SizeBytes: parseBytes(t.size), Mode: typeof t.mode === 'number' ? t.mode : undefined };
        if (type === 'bind' && src) this.bindWarning(src);
        out.push(m);
      }
    }
    const tmpfs = this.raw.tmpfs === undefined ? [] : Array.isArray(this.raw.tmpfs) ? this.raw.tmpfs : [this.raw.tmpfs];
    for (const t of tmpfs.map(String)) {
      const [target, opt] = t.split(':');
      const m: Mount = { Type: 'tmpfs', Target: target };
      const size = /(?:^|,)size=([^,]+)/.exec(opt ?? '')?.[1];
      if (size) m.TmpfsOptions = { SizeBytes: parseBytes(size) };
      out.push(m);
    }
    return out;
  }

  private hostPath(p: string): string {
    if (p.startsWith('~')) return path.join(process.env.HOME ?? '/', p.slice(1));
    return path.resolve(this.project.projectDir, p);
  }

  private bindWarning(src: string): void {
    this.issue('info', 'deploy-bind-mount', 'volumes', `bind mount of "${src}": the path must exist on every node a task can be scheduled on.`);
  }

  private resources(deploy: Record<string, unknown>): TaskSpec['Resources'] | undefined {
    const res = asRecord(deploy.resources);
    const lim = asRecord(res.limits); const resv = asRecord(res.reservations);
    const out: NonNullable<TaskSpec['Resources']> = {};
    const limits: NonNullable<NonNullable<TaskSpec['Resources']>['Limits']> = {};
    const cpu = lim.cpus ?? this.raw.cpus;
    if (cpu !== undefined) limits.NanoCPUs = this.cpus(cpu);
    const mem = lim.memory ?? this.raw.mem_limit;
    if (mem !== undefined) limits.MemoryBytes = this.bytes(mem);
    const pids = lim.pids ?? this.raw.pids_limit;
    if (typeof pids === 'number') limits.Pids = pids;
    if (Object.keys(limits).length) out.Limits = limits;
    const reservations: NonNullable<NonNullable<TaskSpec['Resources']>['Reservations']> = {};
    if (resv.cpus !== undefined) reservations.NanoCPUs = this.cpus(resv.cpus);
    const rmem = resv.memory ?? this.raw.mem_reservation;
    if (rmem !== undefined) reservations.MemoryBytes = this.bytes(rmem);
    if (Array.isArray(resv.generic_resources)) {
      reservations.GenericResources = resv.generic_resources.map((g) => {
        const d = asRecord(asRecord(g).discrete_resource_spec);
        return { DiscreteResourceSpec: { Kind: strOf(d.kind), Value: Number(d.value) } };
      });
    }
    if (resv.devices !== undefined) this.issue('warning', 'deploy-ignored-key', 'deploy', 'deploy.resources.reservations.devices is not supported by swarm; use generic_resources.');
    if (Object.keys(reservations).length) out.Reservations = reservations;
    return Object.keys(out).length ? out : undefined;
  }

  private cpus(v: unknown): number | undefined {
    const n = parseCpus(v);
    if (n === undefined) this.issue('error', 'deploy-bad-value', 'deploy', `"${String(v)}" is not a CPU count (write e.g. '0.5').`);
    return n;
  }
  private bytes(v: unknown): number | undefined {
    const n = parseBytes(v);
    if (n === undefined) this.issue('error', 'deploy-bad-value', 'deploy', `"${String(v)}" is not a size (write e.g. 512M, 1G).`);
    return n;
  }

  /** deploy.restart_policy wins; else `restart:` as the CLI's convertRestartPolicy maps it. */
  private restartPolicy(deploy: Record<string, unknown>): RestartPolicy | undefined {
    if (deploy.restart_policy !== undefined) {
      const r = asRecord(deploy.restart_policy);
      const rp: RestartPolicy = {};
      if (r.condition !== undefined) rp.Condition = String(r.condition);
      if (r.delay !== undefined) rp.Delay = this.duration('deploy', r.delay);
      if (typeof r.max_attempts === 'number') rp.MaxAttempts = r.max_attempts;
      if (r.window !== undefined) rp.Window = this.duration('deploy', r.window);
      return rp;
    }
    const restart = this.raw.restart;
    if (restart === undefined || restart === null) return undefined;
    const s = String(restart);
    this.issue('info', 'deploy-restart', 'restart', `\`restart: ${s}\` becomes the swarm restart policy (as docker stack deploy does); prefer deploy.restart_policy.`);
    const m = /^(no|always|unless-stopped|on-failure)(?::(\d+))?$/.exec(s);
    if (!m) { this.issue('error', 'deploy-bad-value', 'restart', `unknown restart policy "${s}" (no, always, unless-stopped, on-failure[:N]).`); return undefined; }
    switch (m[1]) {
      case 'no': return undefined;
      case 'always': case 'unless-stopped': return { Condition: 'any' };
      default: return { Condition: 'on-failure', MaxAttempts: m[2] ? parseInt(m[2], 10) : 0 };
    }
  }

  private mode(deploy: Record<string, unknown>): ServiceMode {
    const mode = strOf(deploy.mode) ?? 'replicated';
    const replicas = deploy.replicas === undefined ? 1 : Number(deploy.replicas);
    if (!Number.isInteger(replicas) || replicas < 0) this.issue('error', 'deploy-bad-value', 'deploy', `deploy.replicas must be a non-negative integer, not "${String(deploy.replicas)}".`);
    switch (mode) {
      case 'global':
        if (deploy.replicas !== undefined) this.issue('error', 'deploy-bad-value', 'deploy', 'deploy.replicas cannot be set with mode global.');
        return { Global: {} };
      case 'global-job': return { GlobalJob: {} };
      case 'replicated-job': return { ReplicatedJob: { MaxConcurrent: replicas, TotalCompletions: replicas } };
      case 'replicated': return { Replicated: { Replicas: replicas } };
      default:
        this.issue('error', 'deploy-bad-value', 'deploy', `unknown deploy.mode "${mode}" (replicated, global, replicated-job, global-job).`);
        return { Replicated: { Replicas: replicas } };
    }
  }

  private updateConfig(deploy: Record<string, unknown>, key: 'update_config' | 'rollback_config'): UpdateConfig | undefined {
    if (deploy[key] === undefined || deploy[key] === null) return undefined;
    const r = asRecord(deploy[key]);
    const uc: UpdateConfig = { Parallelism: typeof r.parallelism === 'number' ? r.parallelism : 1, Order: strOf(r.order) ?? '' };
    if (r.delay !== undefined) uc.Delay = this.duration('deploy', r.delay);
    if (r.failure_action !== undefined) uc.FailureAction = String(r.failure_action);
    if (r.monitor !== undefined) uc.Monitor = this.duration('deploy', r.monitor);
    if (r.max_failure_ratio !== undefined) uc.MaxFailureRatio = Number(r.max_failure_ratio);
    return uc;
  }

  /** Short (`[ip:]published[-range]:target[-range][/proto]`) and long syntax; sorted like the CLI's convertEndpointSpec. */
  private ports(): PortConfig[] {
    const out: PortConfig[] = [];
    const list = Array.isArray(this.raw.ports) ? this.raw.ports : [];
    for (const p of list) {
      if (typeof p === 'number') { out.push({ Protocol: 'tcp', TargetPort: p, PublishMode: 'ingress' }); continue; }
      if (typeof p === 'string') {
        const m = parseShortPort(p.trim());
        if (!m) { this.issue('error', 'deploy-bad-value', 'ports', `cannot read port "${p}".`); continue; }
        const { proto, t0, t1, p0, p1 } = m;
        if (m.ip) this.issue('warning', 'deploy-ignored-key', 'ports', `the host IP in "${p}" is ignored by swarm: published ports listen on every node.`);
        if (p0 !== undefined && p1! - p0 !== t1 - t0) { this.issue('error', 'deploy-bad-value', 'ports', `port ranges in "${p}" differ in length.`); continue; }
        for (let i = 0; i <= t1 - t0; i++) {
          const pc: PortConfig = { Protocol: proto, TargetPort: t0 + i, PublishMode: 'ingress' };
          if (p0 !== undefined) pc.PublishedPort = p0 + i;
          out.push(pc);
        }
        continue;
      }
      const r = asRecord(p);
      const pc: PortConfig = { Protocol: (strOf(r.protocol) ?? 'tcp') as PortConfig['Protocol'], TargetPort: Number(r.target), PublishMode: (strOf(r.mode) ?? 'ingress') as PortConfig['PublishMode'] };
      if (r.published !== undefined) pc.PublishedPort = Number(r.published);
      if (typeof r.name === 'string') pc.Name = r.name;
      out.push(pc);
    }
    return out.sort((a, b) => (a.PublishedPort ?? 0) - (b.PublishedPort ?? 0) || (a.TargetPort ?? 0) - (b.TargetPort ?? 0) || (a.Protocol ?? '').localeCompare(b.Protocol ?? ''));
  }
}

/** `[ip:][published[-end]:]target[-end][/proto]`, split from the right so an IPv6 host in brackets keeps its colons. */
function parseShortPort(s: string): { ip?: string; proto: PortConfig['Protocol']; t0: number; t1: number; p0?: number; p1?: number } | undefined {
  let proto: PortConfig['Protocol'] = 'tcp';
  const slash = s.lastIndexOf('/');
  if (slash >= 0) {
    const pr = s.slice(slash + 1);
    if (pr !== 'tcp' && pr !== 'udp' && pr !== 'sctp') return undefined;
    proto = pr; s = s.slice(0, slash);
  }
  let ip: string | undefined;
  const br = /^\[([^\]]+)\]:(.*)$/.exec(s);
  if (br) { ip = br[1]; s = br[2]; }
  const parts = s.split(':');
  if (parts.length > 3 || (ip && parts.length > 2)) return undefined;
  if (parts.length === 3) ip = parts.shift();
  const range = (t: string): [number, number] | undefined => {
    const m = /^(\d+)(?:-(\d+))?$/.exec(t);
    return m ? [+m[1], m[2] ? +m[2] : +m[1]] : undefined;
  };
  const t = range(parts[parts.length - 1]);
  if (!t) return undefined;
  if (parts.length === 1) return { ip, proto, t0: t[0], t1: t[1] };
  if (parts[0] === '') return { ip, proto, t0: t[0], t1: t[1] };
  const pub = range(parts[0]);
  if (!pub) return undefined;
  return { ip, proto, t0: t[0], t1: t[1], p0: pub[0], p1: pub[1] };
}

/**
 * A secret/config file mode. Compose files are read as YAML 1.1 by the CLI, where `0400` is octal; our YAML 1.2
 * parser reads it as decimal 400, so the written text decides.
 */
function fileMode(svcNode: YMap, kind: 'secret' | 'config', idx: number, v: unknown): number {
  if (v === undefined || v === null) return 0o444;
  const n = at(svcNode, [kind + 's', idx, 'mode']);
  const written = n?.kind === 'scalar' ? n.span.file.text.slice(n.span.start, n.span.end).replace(/^["']|["']$/g, '') : String(v);
  if (/^0o?[0-7]+$/.test(written)) return parseInt(written.replace(/^0o?/, '') || '0', 8);
  return typeof v === 'number' ? v : parseInt(String(v), 8);
}

/** `external: true` / `external: {name}` (v3.0-3.4) -> the engine name; undefined when not external. */
function externalName(def: Record<string, unknown>, key: string): string | undefined {
  const ext = def.external;
  if (ext === true) return typeof def.name === 'string' ? def.name : key;
  if (ext && typeof ext === 'object') return strOf(asRecord(ext).name) ?? (typeof def.name === 'string' ? def.name : key);
  return undefined;
}

export function asRecord(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
function strOf(v: unknown): string | undefined {
  return v === undefined || v === null ? undefined : String(v);
}
function strList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v.map(String) : [String(v)];
}
/** A mapping (or `K=V` list) of strings; null values become "" as compose does for labels. */
function strMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(v)) for (const s of v.map(String)) { const i = s.indexOf('='); if (i < 0) out[s] = ''; else out[s.slice(0, i)] = s.slice(i + 1); }
  else for (const [k, val] of Object.entries(asRecord(v))) out[k] = val === null || val === undefined ? '' : String(val);
  return out;
}
