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
}

const ignored = (why: string): KeyFate => ({ cli: 'ignored', why });
const refused = (why: string, movedTo?: string): KeyFate => ({ cli: 'refused', why, ...(movedTo ? { movedTo } : {}) });
const converted: KeyFate = { cli: 'converted' };

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
  init: converted,
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
  dns_opt: converted,
  tmpfs: converted,
  volumes: converted,
  secrets: converted,
  configs: converted,
  ports: converted,
  networks: converted,
  deploy: converted,
  extra_hosts: converted,
  read_only: converted,
  group_add: converted,
  isolation: converted,
  stdin_open: converted,
  tty: converted,
  // "Ignoring unsupported options: restart", yet convertRestartPolicy maps it when no restart_policy is set.
  restart: { cli: 'ignored', why: 'it becomes deploy.restart_policy when none is set' },
  depends_on: { cli: 'unused', why: 'swarm has no start order: services must retry until their dependencies answer' },

  build: { ...ignored('swarm runs images only: build and push the image, then reference it in `image:`'), harmlessWith: 'image' },
  cgroupns_mode: ignored('swarm tasks run in the default cgroup namespace'),
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

  // Refused by the CLI; Mender Swarm resolves extends itself (the rule says so in extends-unsupported).
  extends: { cli: 'refused', why: 'Mender Swarm resolves it when it deploys or exports the stack' },
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
