// network-addresses: count the addresses each overlay network of the stack needs, the way swarm's allocator
// spends them (see ../stack/addresses.ts), against its subnet, before anything is deployed. A stack of a
// hundred services with two replicas each on the default /24 leaves a third of them without an address,
// and swarm says so only per task, after the deploy ("ip addresses may be exhausted").
import { get, isMap, isSeq, str, type YNode } from '../model/node';
import type { Span } from '../model/source';
import type { Service } from '../manifest/project';
import { addressDemand, DEFAULT_PREFIX, INGRESS_DEFAULT_SUBNET, parseCidr, prefixFor, usableAddresses, type AddressUser } from '../stack/addresses';
import { attachmentsOf } from '../stack/networks';
import { isPartialStack } from '../stack/partial';
import { clip } from '../stack/text';
import type { Rule, RuleContext } from './rule';
import { publishedPorts } from './swarmCompat';

/** The rule cannot know the swarm's size; it assumes a small HA swarm and says so in the message. */
export const ASSUMED_NODES = 3;

export const networkAddressesRule: Rule = {
  id: 'network-addresses',
  codes: [
    {
      code: 'network-addresses',
      severity: 'warning',
      summary: "An overlay network's subnet has fewer addresses than its services' tasks, VIPs and load balancers need.",
    },
  ],
  check(ctx) {
    if (isPartialStack(ctx.project)) return; // an overlay linted alone: its base decides networks and replicas
    const users = new Map<string, { user: AddressUser; svc: Service }[]>();
    const ingress: { user: AddressUser; svc: Service; span: Span }[] = [];
    for (const svc of ctx.project.services.values()) {
      const u = userOf(svc);
      for (const a of attachmentsOf(svc.node)) (users.get(a.network) ?? users.set(a.network, []).get(a.network)!).push({ user: u, svc });
      const ports = publishedPorts(svc.name, get(svc.node, 'ports'));
      // Ingress-published ports put every task, and the service's VIP, on the swarm's ingress network too.
      if (ports.length && u.vip) ingress.push({ user: u, svc, span: ports[0].span });
    }
    for (const [net, list] of users) checkNetwork(ctx, net, list);
    if (ingress.length) checkIngress(ctx, ingress);
  },
};

function num(n: YNode | undefined): number | undefined {
  const v = str(n);
  return v !== undefined && /^\d+$/.test(v.trim()) ? Number(v) : undefined;
}

function userOf(svc: Service): AddressUser {
  const deploy = get(svc.node, 'deploy');
  const mode = str(get(deploy, 'mode')) ?? 'replicated';
  const replicas = num(get(deploy, 'replicas')) ?? 1;
  const tasks = mode === 'global' || mode === 'global-job' ? undefined : replicas;
  const vip = (str(get(deploy, 'endpoint_mode')) ?? 'vip').toLowerCase() !== 'dnsrr';
  const upd = get(deploy, 'update_config');
  // start-first starts the new task before stopping the old one: `parallelism` tasks (default 1) twice at once.
  const startFirst = str(get(upd, 'order')) === 'start-first';
  const par = num(get(upd, 'parallelism')) ?? 1;
  const surge = startFirst ? Math.min(par === 0 ? (tasks ?? ASSUMED_NODES) : par, tasks ?? ASSUMED_NODES) : 0;
  return { service: svc.name, tasks, vip, surge };
}

interface Capacity {
  usable: number;
  subnets: string[];
  span?: Span;
  defaulted: boolean;
}

/** IPv4 subnets of `ipam.config`, or docker's default pool's /24. */
function capacityOf(def: YNode | undefined): Capacity {
  const config = get(get(def, 'ipam'), 'config');
  const subnets: string[] = [];
  let usable = 0;
  let span: Span | undefined;
  if (isSeq(config)) {
    for (const c of config.items) {
      if (!isMap(c)) continue;
      const node = get(c, 'subnet');
      const cidr = parseCidr(str(node) ?? '');
      if (!cidr || cidr.bits !== 32) continue;
      const range = parseCidr(str(get(c, 'ip_range')) ?? '');
      // Addresses are handed out from ip_range when there is one (still minus what the subnet reserves).
      usable += Math.min(usableAddresses(cidr.prefix), range?.bits === 32 ? 2 ** (32 - range.prefix) : Infinity);
      subnets.push(cidr.text);
      span ??= node!.span;
    }
  }
  if (subnets.length) return { usable, subnets, span, defaulted: false };
  return { usable: usableAddresses(DEFAULT_PREFIX), subnets: [`a /${DEFAULT_PREFIX} from the default address pool`], defaulted: true };
}

function breakdown(d: ReturnType<typeof addressDemand>): string {
  const parts = [
    `${d.tasks} for tasks${d.global.length ? ` (global ${d.global.map((g) => `"${g}"`).join(', ')} counted at one task per node)` : ''}`,
    `${d.vips} virtual IP${d.vips === 1 ? '' : 's'} (one per service in VIP endpoint mode)`,
    `${d.nodes} for load balancers (one per node with a task, assuming a swarm of ${ASSUMED_NODES} nodes: the manifest cannot say how many)`,
  ];
  if (d.surge) parts.push(`${d.surge} more while a start-first rolling update runs old and new tasks at once`);
  return parts.join(', ');
}

function checkNetwork(ctx: RuleContext, net: string, list: { user: AddressUser; svc: Service }[]): void {
  const obj = ctx.project.networks.get(net);
  const def = obj?.node;
  const ext = get(def, 'external');
  if (ext !== undefined && str(ext) !== 'false') return; // another stack or the operator sized it
  const driver = str(get(def, 'driver'));
  if (driver && driver !== 'overlay') return; // network-driver reports it; nothing is allocated from it here
  const cap = capacityOf(def);
  const d = addressDemand(
    list.map((l) => l.user),
    ASSUMED_NODES,
  );
  if (d.total <= cap.usable) return;
  const fullName = str(get(def, 'name')) ?? `${ctx.project.name}_${net}`;
  // On the subnet when one is written, else on the network's key, else (the implicit default network) on the
  // service with the most tasks: that is where the fix goes.
  const biggest = [...list].sort((a, b) => (b.user.tasks ?? ASSUMED_NODES) - (a.user.tasks ?? ASSUMED_NODES))[0];
  const span = cap.span ?? obj?.keySpan ?? get(get(biggest.svc.node, 'deploy'), 'replicas')?.span ?? biggest.svc.keySpan;
  const fix = cap.defaulted
    ? `declare the network with a larger subnet (networks: ${net}: ipam: config: - subnet: a /${prefixFor(d.total)} or larger)`
    : `give it a larger subnet in ipam: config: (a /${prefixFor(d.total)} or larger)`;
  ctx.report({
    span,
    code: 'network-addresses',
    message: `Network "${clip(net)}" has ${cap.usable} usable addresses; its services need about ${d.total}.`,
    detail:
      `Network "${net}" (${fullName}; ${cap.subnets.join(', ')}: ${cap.usable} usable addresses) is too small for ${list.length} service${list.length === 1 ? '' : 's'}: ` +
      `they need about ${d.total} — ${breakdown(d)}. Tasks beyond that are never started (swarm: "node is missing network attachments, ip addresses may be exhausted"). ` +
      `Fix: ${fix}${d.vips ? ', or set deploy.endpoint_mode: dnsrr on services nothing reaches through a virtual IP' : ''}, or spread the services over more networks.`,
  });
}

function checkIngress(ctx: RuleContext, list: { user: AddressUser; svc: Service; span: Span }[]): void {
  const cidr = parseCidr(INGRESS_DEFAULT_SUBNET)!;
  const usable = usableAddresses(cidr.prefix);
  const d = addressDemand(
    list.map((l) => l.user),
    ASSUMED_NODES,
  );
  if (d.total <= usable) return;
  const biggest = [...list].sort((a, b) => (b.user.tasks ?? ASSUMED_NODES) - (a.user.tasks ?? ASSUMED_NODES))[0];
  ctx.report({
    span: biggest.span,
    code: 'network-addresses',
    message: `The ingress network has ${usable} usable addresses; this stack's published ports need ${d.total}.`,
    detail:
      `The swarm's ingress network (${INGRESS_DEFAULT_SUBNET} unless it was recreated: ${usable} usable addresses) is too small for the ${list.length} service${list.length === 1 ? '' : 's'} of this stack that publish ports on it: ` +
      `they need about ${d.total} — ${breakdown(d)}. Fix: publish with mode: host, or recreate the ingress network with a larger subnet (docker network create --ingress --subnet ...).`,
  });
}
