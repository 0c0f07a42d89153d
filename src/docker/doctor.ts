// "Why isn't my stack converging?": one Markdown report per stack, from what the engine says now: services
// below their desired count, their failing tasks (error, node, exit code), last log lines, and the usual
// causes recognised by name, plus the linter's link findings when the manifest is at hand.
import * as path from 'node:path';
import { LABEL_NAMESPACE } from '../core/deploy/engine';
import { shortName } from '../core/deploy/plan';
import type { Diagnostic } from '../core/diagnostic';
import { NOTEWORTHY_TASK_STATES } from '../core/taskStates';
import { addressDemand, ADDRESS_EXHAUSTION, parseCidr, prefixFor, usableAddresses, type AddressDemand, type AddressUser } from '../core/stack/addresses';
import { patiently } from './patience';
import type { StackClient } from './stacks';
import type { NetworkInfo, SwarmNode, SwarmService, SwarmTask } from './types';

/** Linter findings that explain a service that cannot reach another (shown in the report's Links section). */
const LINK_CODES = new Set([
  'unresolved-host',
  'unshared-network',
  'unknown-service',
  'mender-implicit-host',
  'mender-unresolved-endpoint',
  'mender-gateway-upstream',
  'mender-url-port',
  'mender-url-scheme',
]);

export interface DoctorFinding {
  service: string;
  running: number;
  desired: number;
  tasks: { id: string; state: string; error?: string; node?: string; exitCode?: number; when?: string }[];
  causes: string[];
  logs: string[];
}

export interface DoctorReport {
  stack: string;
  healthy: boolean;
  findings: DoctorFinding[];
  markdown: string;
}

export interface DoctorOptions {
  /** The stack's lint diagnostics; link findings (unresolvable hosts) are listed as causes. */
  lint?: Diagnostic[];
  logLines?: number;
  signal?: AbortSignal;
  /** How long a slow engine is asked again before the report gives up (default 60 s). */
  timeoutMs?: number;
  /** Told when the engine is slow to answer (and asked again). */
  onSlow?: (note: string) => void;
}

/** One overlay network as the address allocator sees it: its subnets and what the services on it need. */
export interface NetworkAddresses {
  name: string;
  subnets: string[];
  usable: number;
  demand: AddressDemand;
  services: number;
}

/** Each network `svc` is attached to, with its size and the addresses all services on it need (any stack). */
export function networkAddresses(svc: SwarmService, networks: NetworkInfo[], services: SwarmService[], nodeCount: number): NetworkAddresses[] {
  const targetsOf = (s: SwarmService): string[] => (s.Spec?.TaskTemplate?.Networks ?? s.Spec?.Networks ?? []).map((n) => n.Target ?? '').filter(Boolean);
  const out: NetworkAddresses[] = [];
  for (const target of targetsOf(svc)) {
    const net = networks.find((n) => n.Id === target || n.Name === target);
    if (!net) continue;
    const cidrs = (net.IPAM?.Config ?? []).map((c) => parseCidr(c.Subnet ?? '')).filter((c): c is NonNullable<typeof c> => c?.bits === 32);
    const on = services.filter((s) => targetsOf(s).some((t) => t === net.Id || t === net.Name));
    const users: AddressUser[] = on.map((s) => {
      const m = s.Spec?.Mode;
      const tasks = m?.Replicated
        ? (m.Replicated.Replicas ?? 1)
        : m?.ReplicatedJob
          ? (m.ReplicatedJob.MaxConcurrent ?? 1)
          : (s.ServiceStatus?.DesiredTasks ?? nodeCount);
      return { service: s.Spec?.Name ?? s.ID, tasks, vip: s.Spec?.EndpointSpec?.Mode !== 'dnsrr', surge: 0 };
    });
    out.push({
      name: net.Name,
      subnets: cidrs.map((c) => c.text),
      usable: cidrs.reduce((n, c) => n + usableAddresses(c.prefix), 0),
      demand: addressDemand(users, Math.max(1, nodeCount)),
      services: on.length,
    });
  }
  return out;
}

/** "IP addresses exhausted", naming the network, its size, what its services need and the fix. */
export function exhaustionCause(nets: NetworkAddresses[], err: string): string {
  const full = nets.filter((n) => n.usable && n.demand.total > n.usable);
  const named = (full.length ? full : nets).map((n) => {
    const d = n.demand;
    return (
      `\`${n.name}\` (${n.subnets.join(', ') || 'no IPv4 subnet'}: ${n.usable} usable addresses; its ${n.services} service${n.services === 1 ? ' needs' : 's need'} about ${d.total}: ` +
      `${d.tasks} tasks, ${d.vips} virtual IP${d.vips === 1 ? '' : 's'}, ${d.nodes} load-balancer address${d.nodes === 1 ? '' : 'es'}, one per node with a task)`
    );
  });
  const need = Math.max(0, ...full.map((n) => n.demand.total));
  const vips = (full.length ? full : nets).some((n) => n.demand.vips > 0);
  return (
    `**IP addresses exhausted** on ${named.length ? `network ${named.join(' and ')}` : 'one of its networks'}: swarm cannot give the tasks an address (the daemon says: ${err}). ` +
    `Tasks beyond the subnet's size stay \`new\` or are rejected. Fix: a larger subnet in the network's \`ipam: config: - subnet:\`${need ? ` (a /${prefixFor(need + Math.ceil(need / 4))} leaves room for rolling updates)` : ''}, ` +
    `${vips ? 'or `deploy.endpoint_mode: dnsrr` on services nothing reaches through a virtual IP, ' : ''}or fewer replicas; then remove the stack and deploy it again (an existing network's subnet cannot change).`
  );
}

/** Usual causes, recognised from the task error, with what to do about each. */
export function recogniseCause(
  task: { error?: string; state?: string; exitCode?: number; node?: string },
  svc: SwarmService | undefined,
  networks?: NetworkAddresses[],
): string | undefined {
  const err = task.error ?? '';
  const image = svc?.Spec?.TaskTemplate && 'ContainerSpec' in svc.Spec.TaskTemplate ? svc.Spec.TaskTemplate.ContainerSpec?.Image : undefined;
  const on = task.node ? ` on node ${task.node}` : '';
  // Before "no suitable node": the scheduler may wrap the allocator's words in it.
  if (ADDRESS_EXHAUSTION.test(err)) return exhaustionCause(networks ?? [], err);
  if (/No such image|pull access denied|manifest unknown|repository does not exist/i.test(err)) {
    return `**No such image**: \`${image ?? '?'}\` is not present${on} and cannot be pulled. On an air-gapped swarm load it on every node (\`docker load\`) or point it at a mirror with \`--image-map\`; otherwise check the name, tag and registry credentials (\`docker login\` before deploying).`;
  }
  if (/no suitable node/i.test(err)) {
    const c = svc?.Spec?.TaskTemplate?.Placement?.Constraints;
    return `**No suitable node**: no node satisfies the placement${c?.length ? ` (\`${c.join('`, `')}\`)` : ''} or the resource reservations. Check node labels (\`docker node inspect\`), node availability and \`deploy.resources.reservations\`. The daemon says: ${err}`;
  }
  if (/insufficient resources/i.test(err))
    return `**Insufficient resources**: no node has the CPU/memory reserved by \`deploy.resources.reservations\`. ${err}`;
  if (/port .*(already|in use)|address already in use|host-mode port/i.test(err)) {
    return `**Host port in use**${on}: a host-mode published port is taken by another task or container on that node. With \`mode: host\` only one task per node can use a port: use \`deploy.mode: global\`, \`max_replicas_per_node: 1\`, or another port.`;
  }
  if (/network .* not found|could not find network/i.test(err))
    return `**Network missing**: ${err}. Deploy again (networks are created first) or create the external network.`;
  if (task.exitCode === 137)
    return `**Killed (exit 137)**${on}: out of memory (check \`deploy.resources.limits.memory\`) or killed by a health check / stop timeout.`;
  if (/non-zero exit/i.test(err))
    return `**The program exits with an error** (exit code ${task.exitCode ?? '?'})${on}: see its last log lines below. Services that need another one must retry: swarm has no start order (\`depends_on\` is ignored).`;
  if (task.state === 'complete')
    return `**The program ends** (exit 0) and the restart policy (\`${JSON.stringify(svc?.Spec?.TaskTemplate?.RestartPolicy ?? {})}\`) does not start it again: a long-running service must not exit.`;
  if (/starting container failed|OCI runtime|executable file not found|exec format error/i.test(err))
    return `**The container cannot start**${on}: ${err}. Check \`command\`/\`entrypoint\` and the image's platform.`;
  if (/healthcheck|unhealthy/i.test(err))
    return `**Health check failing**${on}: the task is killed because its health check fails; check \`healthcheck:\` and what it probes.`;
  return undefined;
}

export async function doctorReport(client: StackClient, stack: string, opts: DoctorOptions = {}): Promise<DoctorReport> {
  const { signal } = opts;
  const label = { label: [`${LABEL_NAMESPACE}=${stack}`] };
  // A busy engine (a big stack converging) may answer late: ask again until the report's own deadline.
  const slow = { deadline: Date.now() + (opts.timeoutMs ?? 60_000), signal, onSlow: opts.onSlow };
  const [services, tasks, nodes] = await patiently(
    () =>
      Promise.all([
        client.listServices({ filters: label, status: true }, signal),
        client.listTasks(label, signal),
        client.listNodes(undefined, signal).catch(() => [] as SwarmNode[]),
      ]),
    slow,
  );
  // Networks and every service on them, only when some task says the addresses ran out.
  let addressBook: Promise<{ networks: NetworkInfo[]; all: SwarmService[] }> | undefined;
  const addressesOf = async (svc: SwarmService): Promise<NetworkAddresses[]> => {
    addressBook ??= patiently(() => Promise.all([client.listNetworks(undefined, signal), client.listServices({ status: true }, signal)]), slow).then(
      ([networks, all]) => ({ networks, all }),
    );
    const { networks, all } = await addressBook;
    return networkAddresses(svc, networks, all, nodes.length);
  };
  const nodeName = new Map(nodes.map((n) => [n.ID, n.Description?.Hostname ?? n.Spec?.Name ?? n.ID]));
  const bySvc = new Map<string, SwarmTask[]>();
  for (const t of tasks) if (t.ServiceID) (bySvc.get(t.ServiceID) ?? bySvc.set(t.ServiceID, []).get(t.ServiceID)!).push(t);

  const findings: DoctorFinding[] = [];
  const ok: string[] = [];
  for (const svc of services.sort((a, b) => (a.Spec?.Name ?? '').localeCompare(b.Spec?.Name ?? ''))) {
    const name = shortName(svc.Spec?.Name ?? svc.ID, stack);
    const ts = (bySvc.get(svc.ID) ?? []).sort((a, b) => Date.parse(b.Status?.Timestamp ?? '') - Date.parse(a.Status?.Timestamp ?? ''));
    const running = ts.filter((t) => t.DesiredState === 'running' && t.Status?.State === 'running').length;
    const mode = svc.Spec?.Mode;
    const desired = mode?.Replicated ? (mode.Replicated.Replicas ?? 1) : (svc.ServiceStatus?.DesiredTasks ?? running);
    const job = !!(mode?.ReplicatedJob || mode?.GlobalJob);
    if (job || running >= desired) {
      ok.push(`${name} ${running}/${desired}`);
      continue;
    }
    const bad = ts.filter((t) => t.Status?.Err || NOTEWORTHY_TASK_STATES.has(t.Status?.State ?? '')).slice(0, 5);
    const f: DoctorFinding = {
      service: name,
      running,
      desired,
      logs: [],
      causes: [],
      tasks: bad.map((t) => ({
        id: t.ID,
        state: t.Status?.State ?? '?',
        error: t.Status?.Err ?? t.Status?.Message,
        node: t.NodeID ? (nodeName.get(t.NodeID) ?? t.NodeID) : undefined,
        exitCode: t.Status?.ContainerStatus?.ExitCode,
        when: t.Status?.Timestamp,
      })),
    };
    const nets = f.tasks.some((t) => ADDRESS_EXHAUSTION.test(t.error ?? '')) ? await addressesOf(svc) : undefined;
    for (const t of f.tasks) {
      const c = recogniseCause(t, svc, nets);
      if (c && !f.causes.includes(c)) f.causes.push(c);
    }
    const withContainer = bad.find((t) => t.Status?.ContainerStatus?.ContainerID);
    if (withContainer) f.logs = await client.lastLogLines('task', withContainer.ID, opts.logLines ?? 20, signal);
    else if (!bad.length) f.causes.push('No task reports an error yet: the tasks may still be starting (image download, health check start period).');
    findings.push(f);
  }

  const links = (opts.lint ?? []).filter((d) => LINK_CODES.has(d.code));
  const md: string[] = [`# Stack \`${stack}\`: doctor`, ''];
  if (!services.length) md.push(`No services carry the label \`${LABEL_NAMESPACE}=${stack}\`: the stack is not deployed on ${client.description.label}.`, '');
  else
    md.push(
      `${services.length} services on ${client.description.label}; ${findings.length ? `**${findings.length} below their desired count**` : 'all at their desired count'}.`,
      '',
    );
  for (const f of findings) {
    md.push(`## ${f.service}: ${f.running}/${f.desired} running`, '');
    for (const c of f.causes) md.push(`- ${c}`);
    if (f.causes.length) md.push('');
    if (f.tasks.length) {
      md.push('| task | state | node | exit | error |', '| --- | --- | --- | --- | --- |');
      for (const t of f.tasks)
        md.push(`| ${t.id.slice(0, 12)} | ${t.state} | ${t.node ?? ''} | ${t.exitCode ?? ''} | ${(t.error ?? '').replace(/\|/g, '\\|')} |`);
      md.push('');
    }
    if (f.logs.length) md.push('Last log lines:', '', '```text', ...f.logs, '```', '');
  }
  if (links.length) {
    md.push('## Links the linter cannot resolve', '');
    for (const d of links) md.push(`- \`${path.basename(d.file)}:${d.range.start.line + 1}\` ${d.message}`);
    md.push('');
  }
  if (ok.length) md.push('## At their desired count', '', ok.map((s) => `- ${s}`).join('\n'), '');
  return { stack, healthy: findings.length === 0 && services.length > 0, findings, markdown: md.join('\n') };
}
