// Overlay address arithmetic, as swarm's allocator spends a network's subnet: one address per task, one
// virtual IP per service in VIP endpoint mode, one load-balancer address per node with a task on the network,
// and (for the subnet itself) the network address, the broadcast address and the gateway. Shared by the lint
// rule (before the deploy) and the doctor (after it).

/** Docker's default address pool hands each overlay network a /24 unless `ipam.config` says otherwise. */
export const DEFAULT_PREFIX = 24;
/** The ingress network docker creates with the swarm: 10.0.0.0/24. */
export const INGRESS_DEFAULT_SUBNET = '10.0.0.0/24';
/** Network address, broadcast address and the gateway swarm reserves in every subnet. */
export const RESERVED_PER_SUBNET = 3;

export interface Cidr {
  text: string;
  prefix: number;
  bits: 32 | 128;
}

/** `10.250.0.0/28` -> prefix 28 of 32 bits; undefined for anything that is not a CIDR. */
export function parseCidr(text: string): Cidr | undefined {
  const m = /^\s*([0-9a-fA-F:.]+)\/(\d{1,3})\s*$/.exec(text);
  if (!m) return undefined;
  const v4 = /^\d{1,3}(\.\d{1,3}){3}$/.test(m[1]);
  const v6 = !v4 && m[1].includes(':');
  if (!v4 && !v6) return undefined;
  const bits = v4 ? 32 : 128;
  const prefix = Number(m[2]);
  if (prefix > bits) return undefined;
  return { text: m[0].trim(), prefix, bits };
}

/** Addresses in a subnet of this prefix (IPv4), and those left for tasks, VIPs and load balancers. */
export function subnetSize(prefix: number): number {
  return 2 ** (32 - prefix);
}
export function usableAddresses(prefix: number): number {
  return Math.max(0, subnetSize(prefix) - RESERVED_PER_SUBNET);
}

/** One service's use of one network. `tasks` undefined: a global service (one task per node, count unknown). */
export interface AddressUser {
  service: string;
  tasks: number | undefined;
  vip: boolean;
  /** Extra tasks alive at once during a rolling update with `order: start-first` (the update's parallelism). */
  surge: number;
}

export interface AddressDemand {
  total: number;
  tasks: number;
  vips: number;
  surge: number;
  /** Load-balancer addresses: one per node with a task on the network. */
  nodes: number;
  /** Services counted at one task per node because they are global. */
  global: string[];
}

/**
 * What the services on one network need, assuming the swarm has `assumedNodes` nodes (a manifest cannot know
 * the swarm's size): a global service has that many tasks, and the nodes with a task are at most that many
 * and at most the number of tasks.
 */
export function addressDemand(users: AddressUser[], assumedNodes: number): AddressDemand {
  const global = users.filter((u) => u.tasks === undefined).map((u) => u.service);
  const tasks = users.reduce((n, u) => n + (u.tasks ?? assumedNodes), 0);
  const vips = users.filter((u) => u.vip).length;
  const surge = users.reduce((n, u) => n + u.surge, 0);
  const nodes = Math.min(tasks + surge, assumedNodes);
  return { total: tasks + vips + surge + nodes, tasks, vips, surge, nodes, global };
}

/** The smallest IPv4 prefix whose usable addresses hold `need` (what to suggest as the fix). */
export function prefixFor(need: number): number {
  let p = 30;
  while (p > 8 && usableAddresses(p) < need) p--;
  return p;
}

/** The words swarm uses when a network ran out of addresses (task error, allocator log). */
export const ADDRESS_EXHAUSTION = /ip addresses may be exhausted|could not find an available IP|no available IPv4 addresses|address pool (is )?exhausted/i;
