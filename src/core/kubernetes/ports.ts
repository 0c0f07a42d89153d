import type { IContainerPort } from 'kubernetes-models/v1/ContainerPort';
import type { IServicePort } from 'kubernetes-models/v1/ServicePort';
import type { KubeServiceContext } from './context';
import type { Labels } from './labels';

export interface PortKey {
  port: number;
  protocol: 'TCP' | 'UDP' | 'SCTP';
}

/**
 * The ports a service listens on, as far as the stack says: swarm reaches every port of a task without a word,
 * Kubernetes only the ports a Service lists. So: `ports` targets, `expose`, the ports the Mender catalog knows the
 * component listens on, and the ports other services' links name.
 */
export function listenPorts(ctx: KubeServiceContext, catalogPorts: number[], linkPorts: number[]): PortKey[] {
  const out = new Map<string, PortKey>();
  const add = (port: number, protocol: PortKey['protocol'] = 'TCP'): void => {
    if (Number.isInteger(port) && port > 0 && port < 65536) out.set(`${port}/${protocol}`, { port, protocol });
  };
  for (const p of ctx.spec.EndpointSpec?.Ports ?? []) if (p.TargetPort) add(p.TargetPort, proto(p.Protocol));
  const expose = ctx.raw.expose;
  for (const e of Array.isArray(expose) ? expose : []) {
    const m = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i.exec(String(e));
    if (!m) continue;
    const from = Number(m[1]);
    const to = Math.min(Number(m[2] ?? m[1]), from + 100);
    for (let p = from; p <= to; p++) add(p, proto(m[3]));
  }
  for (const p of catalogPorts) add(p);
  for (const p of linkPorts) add(p);
  return [...out.values()].sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
}

function proto(p: string | undefined): PortKey['protocol'] {
  const u = (p ?? 'tcp').toUpperCase();
  return u === 'UDP' ? 'UDP' : u === 'SCTP' ? 'SCTP' : 'TCP';
}

/** IANA service names: at most 15 characters, lower case, with a letter. */
export function portName(p: PortKey): string {
  return `${p.protocol.toLowerCase()}-${p.port}`;
}

export function containerPorts(ports: PortKey[]): IContainerPort[] {
  return ports.map((p) => ({ name: portName(p), containerPort: p.port, protocol: p.protocol }));
}

/**
 * The Service answering a name for the service's pods: ClusterIP with its ports; headless when swarm's endpoint
 * mode is dnsrr (DNS answers the tasks' addresses) or when no port is known (DNS still answers the pods).
 */
export function clusterService(
  name: string,
  namespace: string,
  labels: Labels,
  selector: Labels,
  ports: PortKey[],
  headless: boolean,
  annotations?: Record<string, string>,
): Record<string, unknown> {
  const spec: Record<string, unknown> = { selector: { ...selector } };
  if (headless || !ports.length) spec.clusterIP = 'None';
  if (ports.length) spec.ports = ports.map((p): IServicePort => ({ name: portName(p), port: p.port, targetPort: p.port, protocol: p.protocol }));
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace, labels, ...(annotations ? { annotations } : {}) }, spec };
}

/**
 * Published ports: a Service of type NodePort (the published port as the node port when it is in Kubernetes'
 * 30000-32767 range, else one the cluster picks) or LoadBalancer (the published port as the port).
 */
export function publishedService(
  ctx: KubeServiceContext,
  name: string,
  namespace: string,
  labels: Labels,
  selector: Labels,
  type: 'NodePort' | 'LoadBalancer',
): Record<string, unknown> | undefined {
  const published = (ctx.spec.EndpointSpec?.Ports ?? []).filter((p) => p.PublishedPort && p.TargetPort);
  if (!published.length) return undefined;
  const ports: IServicePort[] = [];
  for (const p of published) {
    const key = { port: p.TargetPort!, protocol: proto(p.Protocol) };
    const sp: IServicePort = {
      name: `${key.protocol.toLowerCase()}-${p.PublishedPort}`,
      port: type === 'LoadBalancer' ? p.PublishedPort! : key.port,
      targetPort: key.port,
      protocol: key.protocol,
    };
    if (type === 'NodePort') {
      if (p.PublishedPort! >= 30000 && p.PublishedPort! <= 32767) sp.nodePort = p.PublishedPort;
      else
        ctx.issue(
          'info',
          'k8s-approximated',
          'ports',
          `published port ${p.PublishedPort} is a NodePort the cluster picks (node ports are 30000-32767): read it with \`kubectl get service ${name}\`, or export with the LoadBalancer setting to keep ${p.PublishedPort}.`,
        );
    }
    if (p.PublishMode === 'host')
      ctx.issue(
        'info',
        'k8s-approximated',
        'ports',
        `port ${p.PublishedPort} is published in host mode on swarm: exported as a ${type} Service (a hostPort on the container is the closer, rarer choice).`,
      );
    if (!ports.some((x) => x.name === sp.name)) ports.push(sp);
  }
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace, labels }, spec: { type, selector: { ...selector }, ports } };
}
