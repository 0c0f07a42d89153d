import type { Project } from '../../manifest/project';
import { toPlain } from '../../model/node';
import type { Span } from '../../model/source';
import { LABEL_NAMESPACE, NetworkAttachment, NetworkCreate } from '../engine';
import type { ServiceContext } from './context';
import type { ConvertIssue, DesiredNetwork } from './types';
import { asRecord, externalName, strMap, strOf } from './values';

/** The stack's networks as services use them (plus `default` when a service names none, as the CLI adds it). */
export class StackNetworks {
  private readonly used = new Map<string, DesiredNetwork>();
  private readonly declared = new Map<string, Record<string, unknown>>();

  constructor(
    private readonly project: Project,
    private readonly stack: string,
    private readonly issues: ConvertIssue[],
  ) {
    for (const [name, obj] of project.networks) this.declared.set(name, obj.node ? asRecord(toPlain(obj.node)) : {});
  }

  get list(): DesiredNetwork[] {
    return [...this.used.values()];
  }

  /**
   * A service's attachments: each network it names, or `default`; the short service name is always an alias
   * (docker/cli convertServiceNetworks). Sorted by target like the CLI.
   */
  attach(ctx: ServiceContext): { attachments: NetworkAttachment[]; names: string[] } {
    const netCfg = asRecord(ctx.raw.networks);
    const netNames = ctx.raw.networks === undefined ? ['default'] : Object.keys(netCfg);
    const attachments: NetworkAttachment[] = [];
    const names: string[] = [];
    for (const n of netNames) {
      const dn = this.ensure(n, ctx.name, ctx.span('networks'));
      if (!dn) continue;
      const cfg = asRecord(netCfg[n]);
      const aliases = Array.isArray(cfg.aliases) ? cfg.aliases.map(String) : [];
      if (cfg.ipv4_address !== undefined || cfg.ipv6_address !== undefined) {
        this.issues.push({
          severity: 'warning',
          code: 'deploy-ignored-key',
          service: ctx.name,
          span: ctx.span('networks'),
          message: `Service "${ctx.name}": a fixed ipv4_address/ipv6_address on network "${n}" is ignored by swarm (it assigns task addresses).`,
        });
      }
      attachments.push({ Target: dn.fullName, Aliases: [...aliases, ctx.name] });
      names.push(dn.fullName);
    }
    attachments.sort((a, b) => (a.Target ?? '').localeCompare(b.Target ?? ''));
    return { attachments, names };
  }

  private ensure(name: string, svc: string, span: Span | undefined): DesiredNetwork | undefined {
    const known = this.used.get(name);
    if (known) return known;
    let def = this.declared.get(name);
    if (!def) {
      if (name !== 'default') {
        this.issues.push({
          severity: 'error',
          code: 'deploy-undefined-network',
          service: svc,
          span,
          message: `Service "${svc}" uses network "${name}", which is not declared under the top-level \`networks:\`.`,
        });
        return undefined;
      }
      def = {};
    }
    const ext = externalName(def, name);
    const dn: DesiredNetwork = ext !== undefined ? { name, fullName: ext, external: true } : this.create(name, def);
    this.used.set(name, dn);
    return dn;
  }

  /** docker/cli convertNetworks: overlay, swarm scope, the stack label. */
  private create(name: string, def: Record<string, unknown>): DesiredNetwork {
    const fullName = typeof def.name === 'string' ? def.name : `${this.stack}_${name}`;
    const driver = typeof def.driver === 'string' && def.driver ? def.driver : 'overlay';
    if (driver !== 'overlay') {
      this.issues.push({
        severity: driver === 'bridge' ? 'error' : 'warning',
        code: 'deploy-network-driver',
        span: this.project.networks.get(name)?.keySpan,
        message: `Network "${name}" uses driver "${driver}": swarm services need an overlay network to reach each other across nodes.`,
      });
    }
    const create: NetworkCreate = {
      Name: fullName,
      Driver: driver,
      Scope: 'swarm',
      Labels: { ...strMap(def.labels), [LABEL_NAMESPACE]: this.stack },
    };
    const o = strMap(def.driver_opts);
    if (Object.keys(o).length) create.Options = o;
    if (def.internal === true) create.Internal = true;
    if (def.attachable === true) create.Attachable = true;
    const ipam = asRecord(def.ipam);
    if (typeof ipam.driver === 'string' || Array.isArray(ipam.config)) {
      create.IPAM = {};
      if (typeof ipam.driver === 'string') create.IPAM.Driver = ipam.driver;
      if (Array.isArray(ipam.config))
        create.IPAM.Config = ipam.config.map((c) => {
          const r = asRecord(c);
          return { Subnet: strOf(r.subnet), IPRange: strOf(r.ip_range), Gateway: strOf(r.gateway) };
        });
    }
    return { name, fullName, external: false, create };
  }
}
