// Service and task logs as the docker CLI prints them (`docker service logs`):
//   2026-11-25T13:52:35.123456789Z mender_api-gateway.1.b7ofnkc1e6xo@node0    | the line
// The engine sends swarm context as ids (`details`: node, service and task ids); the names come from the
// explorer's last snapshot, so this costs no extra API call per line. The grammar in
// syntaxes/swarm-log.tmLanguage.json colours exactly this layout.
import type { SwarmSnapshot } from './snapshot';
import { shortId } from './format';

/** One demultiplexed log line (the shape of src/docker/demux.ts LogRecord). */
export interface LogLineInput {
  stream: 'stdout' | 'stderr';
  line: string;
  timestamp?: string;
  details?: Record<string, string>;
}

export interface LogNames {
  service(id: string): string | undefined;
  node(id: string): string | undefined;
  /** Task slot or, for global services, undefined. */
  slot(taskId: string): number | undefined;
}

export function logNamesFromSnapshot(s: SwarmSnapshot | undefined): LogNames {
  const services = new Map<string, string>();
  const nodes = new Map<string, string>();
  const slots = new Map<string, number>();
  for (const svc of s?.services ?? []) if (svc.Spec?.Name) services.set(svc.ID, svc.Spec.Name);
  for (const n of s?.nodes ?? []) nodes.set(n.ID, n.Description?.Hostname ?? n.Spec?.Name ?? shortId(n.ID));
  for (const t of s?.tasks ?? []) if (t.Slot) slots.set(t.ID, t.Slot);
  return { service: (id) => services.get(id), node: (id) => nodes.get(id), slot: (id) => slots.get(id) };
}

/** `name.slot.taskid@node` (or `name.nodeid.taskid@node` for global services, as the CLI does). */
export function logContext(details: Record<string, string> | undefined, names: LogNames): string | undefined {
  if (!details) return undefined;
  const taskId = details['com.docker.swarm.task.id'];
  const serviceId = details['com.docker.swarm.service.id'];
  const nodeId = details['com.docker.swarm.node.id'];
  if (!taskId && !serviceId) return undefined;
  const service = (serviceId && names.service(serviceId)) || details['com.docker.swarm.service.name'] || shortId(serviceId);
  const slot = taskId ? names.slot(taskId) : undefined;
  const node = nodeId ? (names.node(nodeId) ?? shortId(nodeId)) : '';
  const task = taskId ? shortId(taskId) : '';
  return `${service}.${slot ?? shortId(nodeId)}.${task}${node ? `@${node}` : ''}`;
}

export interface FormatOptions {
  timestamps: boolean;
  /** Pad the context column to this width so the `|` line up (the CLI pads per stream too). */
  contextWidth?: number;
}

export function formatLogLine(rec: LogLineInput, names: LogNames, opts: FormatOptions): string {
  const parts: string[] = [];
  if (opts.timestamps && rec.timestamp) parts.push(rec.timestamp);
  const ctx = logContext(rec.details, names);
  if (ctx) parts.push(`${ctx.padEnd(opts.contextWidth ?? 0)} |`);
  parts.push(rec.stream === 'stderr' ? markStderr(rec.line) : rec.line);
  return parts.join(' ');
}

/** stderr lines get no prefix in the CLI either; kept as a hook so the decision is in one place. */
function markStderr(line: string): string {
  return line;
}
