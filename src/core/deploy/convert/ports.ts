import type { PortConfig, ServiceSpec } from '../engine';
import type { ServiceContext } from './context';
import { asRecord, strOf } from './values';

/** `ports:` and deploy.endpoint_mode as the endpoint spec (docker/cli convertEndpointSpec). */
export function endpointSpec(ctx: ServiceContext): NonNullable<ServiceSpec['EndpointSpec']> {
  const list = ports(ctx);
  const endpointMode = strOf(ctx.deploy.endpoint_mode)?.toLowerCase();
  if (endpointMode && endpointMode !== 'vip' && endpointMode !== 'dnsrr')
    ctx.issue('error', 'deploy-bad-value', 'deploy', `deploy.endpoint_mode must be vip or dnsrr, not "${endpointMode}".`);
  if (endpointMode === 'dnsrr' && list.some((p) => p.PublishMode !== 'host')) {
    ctx.issue('error', 'deploy-bad-value', 'ports', 'endpoint_mode dnsrr cannot publish ports in ingress mode; use `mode: host` on the ports.');
  }
  const spec: NonNullable<ServiceSpec['EndpointSpec']> = { Mode: endpointMode ?? 'vip' };
  if (list.length) spec.Ports = list;
  return spec;
}

/** Short (`[ip:]published[-range]:target[-range][/proto]`) and long syntax; sorted like the CLI's convertEndpointSpec. */
function ports(ctx: ServiceContext): PortConfig[] {
  const out: PortConfig[] = [];
  const list = Array.isArray(ctx.raw.ports) ? ctx.raw.ports : [];
  for (const p of list) {
    if (typeof p === 'number') {
      out.push({ Protocol: 'tcp', TargetPort: p, PublishMode: 'ingress' });
      continue;
    }
    if (typeof p === 'string') {
      const m = parseShortPort(p.trim());
      if (!m) {
        ctx.issue('error', 'deploy-bad-value', 'ports', `cannot read port "${p}".`);
        continue;
      }
      const { proto, t0, t1, p0, p1 } = m;
      if (m.ip) ctx.issue('warning', 'deploy-ignored-key', 'ports', `the host IP in "${p}" is ignored by swarm: published ports listen on every node.`);
      if (p0 !== undefined && p1! - p0 !== t1 - t0) {
        ctx.issue('error', 'deploy-bad-value', 'ports', `port ranges in "${p}" differ in length.`);
        continue;
      }
      for (let i = 0; i <= t1 - t0; i++) {
        const pc: PortConfig = { Protocol: proto, TargetPort: t0 + i, PublishMode: 'ingress' };
        if (p0 !== undefined) pc.PublishedPort = p0 + i;
        out.push(pc);
      }
      continue;
    }
    const r = asRecord(p);
    const pc: PortConfig = {
      Protocol: (strOf(r.protocol) ?? 'tcp') as PortConfig['Protocol'],
      TargetPort: Number(r.target),
      PublishMode: (strOf(r.mode) ?? 'ingress') as PortConfig['PublishMode'],
    };
    if (r.published !== undefined) pc.PublishedPort = Number(r.published);
    if (typeof r.name === 'string') pc.Name = r.name;
    out.push(pc);
  }
  return out.sort(
    (a, b) =>
      (a.PublishedPort ?? 0) - (b.PublishedPort ?? 0) || (a.TargetPort ?? 0) - (b.TargetPort ?? 0) || (a.Protocol ?? '').localeCompare(b.Protocol ?? ''),
  );
}

/** `[ip:][published[-end]:]target[-end][/proto]`, split from the right so an IPv6 host in brackets keeps its colons. */
function parseShortPort(s: string): { ip?: string; proto: PortConfig['Protocol']; t0: number; t1: number; p0?: number; p1?: number } | undefined {
  let proto: PortConfig['Protocol'] = 'tcp';
  const slash = s.lastIndexOf('/');
  if (slash >= 0) {
    const pr = s.slice(slash + 1);
    if (pr !== 'tcp' && pr !== 'udp' && pr !== 'sctp') return undefined;
    proto = pr;
    s = s.slice(0, slash);
  }
  let ip: string | undefined;
  const br = /^\[([^\]]+)\]:(.*)$/.exec(s);
  if (br) {
    ip = br[1];
    s = br[2];
  }
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
