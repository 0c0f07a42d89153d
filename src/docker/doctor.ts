// "Why isn't my stack converging?": one Markdown report per stack, from what the engine says now: services
// below their desired count, their failing tasks (error, node, exit code), last log lines, and the usual
// causes recognised by name, plus the linter's link findings when the manifest is at hand.
import * as path from 'node:path';
import { LABEL_NAMESPACE } from '../core/deploy/engine';
import { shortName } from '../core/deploy/plan';
import type { Diagnostic } from '../core/diagnostic';
import { NOTEWORTHY_TASK_STATES } from '../core/taskStates';
import type { StackClient } from './stacks';
import type { SwarmNode, SwarmService, SwarmTask } from './types';

/** Linter findings that explain a service that cannot reach another (shown in the report's Links section). */
const LINK_CODES = new Set(['unresolved-host', 'unshared-network', 'unknown-service', 'mender-implicit-host', 'mender-unresolved-endpoint', 'mender-gateway-upstream', 'mender-url-port', 'mender-url-scheme']);

export interface DoctorFinding {
  service: string;
  running: number;
  desired: number;
  tasks: { id: string; state: string; error?: string; node?: string; exitCode?: number; when?: string }[];
  causes: string[];
  logs: string[];
}

export interface DoctorReport { stack: string; healthy: boolean; findings: DoctorFinding[]; markdown: string }

export interface DoctorOptions {
  /** The stack's lint diagnostics; link findings (unresolvable hosts) are listed as causes. */
  lint?: Diagnostic[];
  logLines?: number;
  signal?: AbortSignal;
}

/** Usual causes, recognised from the task error, with what to do about each. */
export function recogniseCause(task: { error?: string; state?: string; exitCode?: number; node?: string }, svc: SwarmService | undefined): string | undefined {
  const err = task.error ?? '';
  const image = svc?.Spec?.TaskTemplate && 'ContainerSpec' in svc.Spec.TaskTemplate ? svc.Spec.TaskTemplate.ContainerSpec?.Image : undefined;
  const on = task.node ? ` on node ${task.node}` : '';
  if (/No such image|pull access denied|manifest unknown|repository does not exist/i.test(err)) {
    return `**No such image**: \`${image ?? '?'}\` is not present${on} and cannot be pulled. On an air-gapped swarm load it on every node (\`docker load\`) or point it at a mirror with \`--image-map\`; otherwise check the name, tag and registry credentials (\`docker login\` before deploying).`;
  }
  if (/no suitable node/i.test(err)) {
    const c = svc?.Spec?.TaskTemplate?.Placement?.Constraints;
    return `**No suitable node**: no node satisfies the placement${c?.length ? ` (\`${c.join('`, `')}\`)` : ''} or the resource reservations. Check node labels (\`docker node inspect\`), node availability and \`deploy.resources.reservations\`. The daemon says: ${err}`;
  }
  if (/insufficient resources/i.test(err)) return `**Insufficient resources**: no node has the CPU/memory reserved by \`deploy.resources.reservations\`. ${err}`;
  if (/port .*(already|in use)|address already in use|host-mode port/i.test(err)) {
    return `**Host port in use**${on}: a host-mode published port is taken by another task or container on that node. With \`mode: host\` only one task per node can use a port: use \`deploy.mode: global\`, \`max_replicas_per_node: 1\`, or another port.`;
  }
  if (/network .* not found|could not find network/i.test(err)) return `**Network missing**: ${err}. Deploy again (networks are created first) or create the external network.`;
  if (task.exitCode === 137) return `**Killed (exit 137)**${on}: out of memory (check \`deploy.resources.limits.memory\`) or killed by a health check / stop timeout.`;
  if (/non-zero exit/i.test(err)) return `**The program exits with an error** (exit code ${task.exitCode ?? '?'})${on}: see its last log lines below. Services that need another one must retry: swarm has no start order (\`depends_on\` is ignored).`;
  if (task.state === 'complete') return `**The program ends** (exit 0) and the restart policy (\`${JSON.stringify(svc?.Spec?.TaskTemplate?.RestartPolicy ?? {})}\`) does not start it again: a long-running service must not exit.`;
  if (/starting container failed|OCI runtime|executable file not found|exec format error/i.test(err)) return `**The container cannot start**${on}: ${err}. Check \`command\`/\`entrypoint\` and the image's platform.`;
  if (/healthcheck|unhealthy/i.test(err)) return `**Health check failing**${on}: the task is killed because its health check fails; check \`healthcheck:\` and what it probes.`;
  return undefined;
}

export async function doctorReport(client: StackClient, stack: string, opts: DoctorOptions = {}): Promise<DoctorReport> {
  const { signal } = opts;
  const label = { label: [`${LABEL_NAMESPACE}=${stack}`] };
  const [services, tasks, nodes] = await Promise.all([
    client.listServices({ filters: label, status: true }, signal),
    client.listTasks(label, signal),
    client.listNodes(undefined, signal).catch(() => [] as SwarmNode[]),
  ]);
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
    const desired = mode?.Replicated ? mode.Replicated.Replicas ?? 1 : svc.ServiceStatus?.DesiredTasks ?? running;
    const job = !!(mode?.ReplicatedJob || mode?.GlobalJob);
    if (job || running >= desired) { ok.push(`${name} ${running}/${desired}`); continue; }
    const bad = ts.filter((t) => t.Status?.Err || NOTEWORTHY_TASK_STATES.has(t.Status?.State ?? '')).slice(0, 5);
    const f: DoctorFinding = {
      service: name, running, desired, logs: [], causes: [],
      tasks: bad.map((t) => ({ id: t.ID, state: t.Status?.State ?? '?', error: t.Status?.Err ?? t.Status?.Message, node: t.NodeID ? nodeName.get(t.NodeID) ?? t.NodeID : undefined, exitCode: t.Status?.ContainerStatus?.ExitCode, when: t.Status?.Timestamp })),
    };
    for (const t of f.tasks) {
      const c = recogniseCause(t, svc);
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
  else md.push(`${services.length} services on ${client.description.label}; ${findings.length ? `**${findings.length} below their desired count**` : 'all at their desired count'}.`, '');
  for (const f of findings) {
    md.push(`## ${f.service}: ${f.running}/${f.desired} running`, '');
    for (const c of f.causes) md.push(`- ${c}`);
    if (f.causes.length) md.push('');
    if (f.tasks.length) {
      md.push('| task | state | node | exit | error |', '| --- | --- | --- | --- | --- |');
      for (const t of f.tasks) md.push(`| ${t.id.slice(0, 12)} | ${t.state} | ${t.node ?? ''} | ${t.exitCode ?? ''} | ${(t.error ?? '').replace(/\|/g, '\\|')} |`);
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
