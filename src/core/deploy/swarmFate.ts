/**
 * What becomes of each compose service key on swarm: what `docker stack deploy` does with it (docker/cli
 * `cli/compose/types` "Ignoring unsupported options" / "Ignoring deprecated options", and the v3 schema and
 * `stack/loader.go` for what it refuses), and what Mender Swarm's deploy and export do instead where they
 * differ. The swarm-compat rule, the converter and export all read this one table.
 */
export type CliFate =
  /** Sent to the engine. */
  | 'converted'
  /** Accepted, with no effect on swarm (depends_on). */
  | 'unused'
  /** "Ignoring unsupported options". */
  | 'ignored'
  /** "Ignoring deprecated options". */
  | 'deprecated'
  /** The CLI refuses the file. */
  | 'refused';

export interface KeyFate {
  cli: CliFate;
  /** Why, or what to write instead. */
  why?: string;
  /**
   * A key the CLI refuses (compose v2 resource keys) that Mender Swarm's deploy converts and export writes
   * under `deploy:`: the path it goes to.
   */
  movedTo?: string;
  /**
   * An ignored key whose loss does not matter when the service also sets this key (`build` beside `image`: swarm
   * runs the image): then the finding is an info, not a warning.
   */
  harmlessWith?: string;
  /**
   * What Mender Swarm's deploy does where it differs from the CLI: `converted`, a key the CLI's schema refuses that
   * the engine takes (dns_opt, scale); `ignored`, a key it drops with a note (profiles, pull_policy; credential_spec,
   * which the CLI sends). Absent: as the CLI (`movedTo` keys are converted; other refused keys are refused too).
   */
  ours?: 'converted' | 'ignored';
  /** The CLI refuses it by its schema ("Additional property ... is not allowed"), not as an "unsupported option". */
  bySchema?: boolean;
  /** The compose v3 schema version that first takes it (export writes a 3.8 file and leaves later keys out). */
  since?: string;
}

const ignored = (why: string): KeyFate => ({ cli: 'ignored', why });
const refused = (why: string, movedTo?: string): KeyFate => ({ cli: 'refused', why, ...(movedTo ? { movedTo } : {}) });
const converted: KeyFate = { cli: 'converted' };
/** Refused by the CLI's schema; Mender Swarm's deploy sends it to the engine. */
const oursOnly = (why: string): KeyFate => ({ cli: 'refused', bySchema: true, ours: 'converted', why });
/** Refused by the CLI's schema (compose-spec keys docker/cli's v3 schema never took); Mender Swarm's deploy drops it. */
const notForSwarm = (why: string): KeyFate => ({ cli: 'refused', bySchema: true, ours: 'ignored', why });

export const SWARM_FATE: Readonly<Record<string, KeyFate>> = {
  // Converted to the service spec (docker/cli convertService).
  image: converted,
  command: converted,
  entrypoint: converted,
  environment: converted,
  env_file: converted,
  labels: converted,
  user: converted,
  working_dir: converted,
  hostname: converted,
  init: { cli: 'converted', since: '3.7' },
  stop_grace_period: converted,
  stop_signal: converted,
  healthcheck: converted,
  cap_add: converted,
  cap_drop: converted,
  sysctls: converted,
  ulimits: converted,
  logging: converted,
  dns: converted,
  dns_search: converted,
  tmpfs: converted,
  volumes: converted,
  secrets: { cli: 'converted', since: '3.1' },
  configs: { cli: 'converted', since: '3.3' },
  ports: converted,
  networks: converted,
  deploy: converted,
  extra_hosts: converted,
  read_only: converted,
  isolation: { cli: 'converted', since: '3.5' },
  stdin_open: converted,
  tty: converted,
  // "Ignoring unsupported options: restart", yet convertRestartPolicy maps it when no restart_policy is set.
  restart: { cli: 'ignored', why: 'it becomes deploy.restart_policy when none is set' },
  depends_on: { cli: 'unused', why: 'swarm has no start order: services must retry until their dependencies answer' },

  build: { ...ignored('swarm runs images only: build and push the image, then reference it in `image:`'), harmlessWith: 'image' },
  cgroupns_mode: { ...ignored('swarm tasks run in the default cgroup namespace'), since: '3.9' },
  cgroup_parent: ignored('swarm does not place tasks in a custom cgroup'),
  devices: ignored('swarm services cannot map host devices'),
  domainname: ignored('swarm does not set a domain name'),
  external_links: ignored('swarm has no container links: use a shared network'),
  ipc: ignored('swarm does not share IPC namespaces'),
  links: ignored('services on a shared network already reach each other by name'),
  mac_address: ignored('swarm assigns MAC addresses'),
  network_mode: ignored('services join overlay networks; use `networks:`'),
  pid: ignored('swarm does not share PID namespaces'),
  privileged: ignored('swarm services cannot run privileged; use cap_add for specific capabilities'),
  security_opt: ignored('swarm does not apply security options'),
  shm_size: ignored('swarm does not set /dev/shm size; mount a tmpfs at /dev/shm instead'),
  userns_mode: ignored('swarm does not set user-namespace mode'),
  container_name: { cli: 'deprecated', why: 'swarm names tasks itself (<stack>_<service>.<slot>)' },
  expose: { cli: 'deprecated', why: 'ports are reachable on the overlay network without it' },

  // Taken by the CLI (credential_spec since v3.3, oom_score_adj since v3.13) but not sent by Mender Swarm's deploy.
  credential_spec: { cli: 'converted', ours: 'ignored', why: "Windows gMSA credential specs are not sent by Mender Swarm's deploy", since: '3.3' },
  oom_score_adj: {
    cli: 'converted',
    ours: 'ignored',
    why: "engines before API 1.46 have no OOM score for services; Mender Swarm's deploy does not send it",
    since: '3.13',
  },

  // Refused by the CLI's schema ("Additional property ... is not allowed"), yet the engine takes them.
  dns_opt: oursOnly("Mender Swarm's deploy sends them as the service's DNS options"),
  group_add: oursOnly("Mender Swarm's deploy sends them as the container's supplementary groups"),
  scale: {
    ...oursOnly("compose's replica count, used when deploy.replicas is not set: write deploy.replicas"),
    movedTo: 'deploy.replicas',
  },

  // compose-spec keys the CLI's schema refuses and swarm has no place for: Mender Swarm's deploy drops them.
  profiles: notForSwarm("Mender Swarm's deploy runs every service of the files, whatever its profiles: leave the others out of the stack's files"),
  pull_policy: notForSwarm('swarm pulls the image on each node as it starts a task'),
  pull_refresh_after: notForSwarm('swarm pulls the image on each node as it starts a task'),
  platform: notForSwarm('constrain node.platform.os / node.platform.arch under deploy.placement instead'),
  develop: notForSwarm('a development setting (compose watch)'),
  attach: notForSwarm('a setting of the compose CLI (log attachment)'),
  annotations: notForSwarm('swarm services carry no container annotations; use labels'),
  label_file: notForSwarm('its labels are not read: write them under labels'),
  blkio_config: notForSwarm('swarm has no block-IO weights'),
  cgroup: notForSwarm('swarm tasks run in the default cgroup namespace'),
  cpu_count: notForSwarm('use deploy.resources.limits.cpus'),
  cpu_percent: notForSwarm('use deploy.resources.limits.cpus'),
  cpu_period: notForSwarm('use deploy.resources.limits.cpus'),
  cpu_rt_period: notForSwarm('swarm has no real-time CPU settings'),
  cpu_rt_runtime: notForSwarm('swarm has no real-time CPU settings'),
  device_cgroup_rules: notForSwarm('swarm services cannot map host devices'),
  gpus: notForSwarm('use deploy.resources.reservations.generic_resources'),
  mem_swappiness: notForSwarm('swarm has no swap settings per service'),
  oom_kill_disable: notForSwarm('swarm does not disable the OOM killer per service'),
  storage_opt: notForSwarm('swarm has no per-container storage options'),
  runtime: notForSwarm("swarm runs tasks with the engine's default runtime"),
  uts: notForSwarm('swarm does not share UTS namespaces'),
  post_start: notForSwarm('swarm has no lifecycle hooks: run it from the entrypoint'),
  pre_stop: notForSwarm('swarm has no lifecycle hooks: handle the stop signal'),
  models: notForSwarm('a compose setting for AI models, not a container'),
  provider: notForSwarm('a compose provider service is not a container'),
  use_api_socket: notForSwarm("swarm does not mount the engine's socket by this key: bind-mount it"),

  // Refused by the CLI; Mender Swarm resolves extends itself (the rule says so in extends-unsupported).
  extends: { cli: 'refused', ours: 'converted', why: 'Mender Swarm resolves it when it deploys or exports the stack' },
  volume_driver: refused('declare the driver on a top-level volume instead'),
  volumes_from: refused('share a named volume between the services instead'),
  cpu_quota: refused('use deploy.resources.limits.cpus'),
  cpu_shares: refused('use deploy.resources.reservations.cpus / limits.cpus'),
  cpuset: refused('use deploy.resources (swarm has no cpuset)'),
  memswap_limit: refused('swarm has no swap limit; use deploy.resources.limits.memory'),
  // Compose v2 resource keys: not in the v3 schema, so the CLI refuses them; our deploy and export move them.
  mem_limit: refused('use deploy.resources.limits.memory', 'deploy.resources.limits.memory'),
  mem_reservation: refused('use deploy.resources.reservations.memory', 'deploy.resources.reservations.memory'),
  cpus: refused('use deploy.resources.limits.cpus', 'deploy.resources.limits.cpus'),
  pids_limit: refused('use deploy.resources.limits.pids', 'deploy.resources.limits.pids'),
};

export function swarmFate(key: string): KeyFate | undefined {
  return Object.prototype.hasOwnProperty.call(SWARM_FATE, key) ? SWARM_FATE[key] : undefined;
}

/** What Mender Swarm's deploy does with a key of this fate (see KeyFate.ours). */
export function deployFate(f: KeyFate): 'converted' | 'ignored' | 'deprecated' | 'unused' | 'refused' {
  if (f.ours) return f.ours;
  if (f.cli === 'refused') return f.movedTo ? 'converted' : 'refused';
  return f.cli;
}

/**
 * Keys under `deploy:` the compose specification has and the docker CLI's schema refuses ("Additional property ...
 * is not allowed"), by their path under deploy, with why and what Mender Swarm's deploy does instead.
 */
export const DEPLOY_REFUSED: Readonly<Record<string, string>> = {
  'resources.reservations.devices':
    "swarm reserves devices (GPUs) as generic_resources the nodes' engines advertise; Mender Swarm's deploy leaves it out: write deploy.resources.reservations.generic_resources",
};

/** The compose v3 file version export writes. */
export const EXPORT_VERSION = '3.8';

/** Whether `docker stack deploy` takes the service key in a file of EXPORT_VERSION (export writes only these). */
export function inExportedFile(key: string): boolean {
  const f = swarmFate(key);
  return !!f && f.cli !== 'refused' && !laterThanFile('service', key, EXPORT_VERSION);
}

/** healthcheck keys and top-level sections later v3 schemas took (the others are in every v3 file). */
const HEALTHCHECK_SINCE: Readonly<Record<string, string>> = { start_period: '3.4', start_interval: '3.12' };
const TOP_LEVEL_SINCE: Readonly<Record<string, string>> = { secrets: '3.1', configs: '3.3' };

const own = <T>(table: Readonly<Record<string, T>>, key: string): T | undefined => (Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined);

/**
 * The v3 schema version that first takes a key (`where`: a service key, a healthcheck key or a top-level section),
 * when it is later than the file's explicit `version: "3.N"`: the docker CLI reads a file with its version's schema
 * ("Additional property init is not allowed" in a 3.4 file). `version: "3"` is the newest schema to recent CLIs.
 */
export function laterThanFile(where: 'service' | 'healthcheck' | 'top', key: string, fileVersion: string): string | undefined {
  if (!/^3\.\d+$/.test(fileVersion)) return undefined;
  const since = where === 'service' ? swarmFate(key)?.since : own(where === 'healthcheck' ? HEALTHCHECK_SINCE : TOP_LEVEL_SINCE, key);
  return since && versionNumber(since) > versionNumber(fileVersion) ? since : undefined;
}

/** "3.13" -> 3.13 compared as major.minor (3.9 < 3.13). */
function versionNumber(v: string): number {
  const [major, minor] = v.split('.').map(Number);
  return major * 1000 + (minor || 0);
}

/**
 * Keys of top-level secrets and configs that `docker stack deploy` refuses (its schema: "Additional property ... is
 * not allowed") and Mender Swarm's deploy takes: the data inline or from the environment.
 */
const OBJECT_FATE: Readonly<Record<'secrets' | 'configs', Readonly<Record<string, string>>>> = {
  secrets: { environment: "Mender Swarm's deploy creates the secret from that variable; for the docker CLI, write it to a file and use file:" },
  configs: {
    content: "Mender Swarm's deploy creates the config from this text; for the docker CLI, write it to a file and use file:",
    environment: "Mender Swarm's deploy creates the config from that variable; for the docker CLI, write it to a file and use file:",
  },
};

/** Why `docker stack deploy` refuses this key of a top-level secret or config, when it does (OBJECT_FATE). */
export function objectFate(section: 'secrets' | 'configs', key: string): string | undefined {
  return own(OBJECT_FATE[section], key);
}
