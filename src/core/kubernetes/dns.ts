import { hasRole, type ServiceMatch } from '../catalog/match';
import { dnsFor } from '../rules/links';
import { defaultHost } from '../rules/menderLinks';
import { envEntries, hostsInValue } from '../stack/hosts';
import type { Project } from '../manifest/project';
import type { KubeIssue } from './context';
import type { Span } from '../model/source';
import { isDns1035Label, toDns1035Label, withSuffix } from './names';

/** A host a service names in its environment that the stack answers (swarm's DNS), and the name that answers it in the cluster. */
export interface KubeLink {
  service: string;
  variable: string;
  /** As written. */
  host: string;
  port: number | undefined;
  /** The compose service that answers it. */
  target: string;
  /** The Service name written into the value (the host itself when it is one already). */
  kubeHost: string;
  /** Reached by the component's default (the catalog), the variable unset, or with no variable at all. */
  byDefault?: boolean;
}

/**
 * A name Kubernetes refuses (or one already taken there), and the name the export gives it: the export words these
 * as its findings, and the k8s-name lint rule reports the same ones while typing.
 */
export interface KubeRename {
  kind: 'service' | 'alias' | 'alias-clash';
  service: string;
  /** As written. */
  name: string;
  /** The object or Service name it gets. */
  to: string;
  span?: Span;
  /** The name it would have had, and which object already has it (when taken: an alias-clash, a service's). */
  wanted?: string;
  holder?: string;
}

/**
 * Names in the cluster. Each compose service gets one object name (an RFC 1035 label: Services demand it); each
 * network alias gets a Service of its own with the same selector, named after the alias; a dotted alias such as
 * `s3.docker.mender.io` cannot be a Service name, so its Service is `s3-docker-mender-io` and the environment
 * values that name the alias are rewritten to it. Every name swarm answers for a service (its name, `<stack>_<name>`,
 * `tasks.<name>`, its aliases) maps to the Service that answers it in the cluster.
 */
export class KubeNames {
  /** compose service -> its object name */
  readonly ofService = new Map<string, string>();
  /** compose service -> alias Services (alias as written, Service name) */
  readonly aliases = new Map<string, { alias: string; name: string }[]>();
  /** lower-cased host swarm answers -> Service name */
  readonly hosts = new Map<string, string>();
  /** Each name that is not its own in the cluster, in the order found. */
  readonly renames: KubeRename[] = [];
  private readonly taken = new Map<string, string>();

  constructor(
    readonly project: Project,
    readonly stack: string,
    readonly namespace: string,
    private readonly issues: KubeIssue[],
  ) {
    for (const svc of project.services.values()) {
      const wanted = toDns1035Label(svc.name);
      const holder = this.taken.get(wanted);
      const name = this.claim(wanted, `service ${svc.name}`);
      this.ofService.set(svc.name, name);
      if (name !== svc.name) {
        this.renames.push({ kind: 'service', service: svc.name, name: svc.name, to: name, span: svc.keySpan, wanted, holder });
        issues.push({
          severity: 'warning',
          code: 'k8s-name',
          service: svc.name,
          span: svc.keySpan,
          message: `Service "${svc.name}": Kubernetes refuses the name (RFC 1035: lower case letters, digits and '-', starting with a letter, at most 63 characters): its objects are named "${name}".`,
        });
      }
      for (const h of [svc.name, `${project.name}_${svc.name}`, `${stack}_${svc.name}`, `tasks.${svc.name}`, `tasks.${stack}_${svc.name}`])
        this.hosts.set(h.toLowerCase(), name);
    }
    const dns = dnsFor(project);
    for (const svc of project.services.values()) {
      const own = this.ofService.get(svc.name)!;
      const list: { alias: string; name: string }[] = [];
      for (const att of dns.attachments.get(svc.name) ?? []) {
        for (const a of att.aliases) {
          const key = a.name.toLowerCase();
          if (this.hosts.has(key)) continue; // the service's own name, or an alias already given a Service
          let name = toDns1035Label(a.name);
          if (name === own) {
            this.hosts.set(key, own);
            continue;
          }
          const holder = this.taken.get(name);
          if (holder) {
            const renamed = this.claim(withSuffix(toDns1035Label(a.name, 56), 'alias'), `alias ${a.name}`);
            this.renames.push({ kind: 'alias-clash', service: svc.name, name: a.name, to: renamed, span: a.span, wanted: name, holder });
            issues.push({
              severity: 'warning',
              code: 'k8s-name',
              service: svc.name,
              span: a.span,
              message: `Alias "${a.name}" of service "${svc.name}" would be the Service "${name}", which ${holder} already is: its Service is "${renamed}".`,
            });
            name = renamed;
          } else this.claim(name, `alias ${a.name}`);
          if (!isDns1035Label(a.name)) {
            this.renames.push({ kind: 'alias', service: svc.name, name: a.name, to: name, span: a.span });
            issues.push({
              severity: 'info',
              code: 'k8s-name',
              service: svc.name,
              span: a.span,
              message: `Alias "${a.name}" of service "${svc.name}" cannot be a Service name${a.name.includes('.') ? ' (no dots)' : ''}: its Service is "${name}", and environment values naming it are rewritten to that.`,
            });
          }
          this.hosts.set(key, name);
          list.push({ alias: a.name, name });
        }
      }
      this.aliases.set(svc.name, list);
    }
  }

  private claim(name: string, who: string): string {
    let n = name;
    let i = 2;
    while (this.taken.has(n)) n = withSuffix(name, String(i++));
    this.taken.set(n, who);
    return n;
  }

  /** Names taken so far (a Service for published ports must not clash with them). */
  isTaken(name: string): boolean {
    return this.taken.has(name);
  }
  take(name: string, who: string): string {
    return this.claim(name, who);
  }

  /**
   * The links of one service: each host in its environment that swarm's DNS answers on a network it shares, and
   * the environment with each such host rewritten to the Service that answers it (when the names differ).
   */
  linksOf(service: string, env: Map<string, string>, issues: KubeIssue[], publicVars: ReadonlySet<string> = new Set()): KubeLink[] {
    const svc = this.project.services.get(service);
    if (!svc) return [];
    const dns = dnsFor(this.project);
    const out: KubeLink[] = [];
    for (const e of envEntries(svc)) {
      // A public endpoint (devices' view of the storage, a host the service serves) is not a link inside the stack.
      if (e.value === null || !e.node || !env.has(e.name) || publicVars.has(e.name)) continue;
      let value = env.get(e.name)!;
      for (const ref of hostsInValue(e.name, e.value, e.node)) {
        const r = dns.resolve(service, ref.host);
        if (r.kind !== 'resolved') continue;
        const kubeHost = this.hosts.get(ref.host.toLowerCase().replace(/\.$/, '')) ?? this.ofService.get(r.service)!;
        out.push({ service, variable: e.name, host: ref.host, port: ref.port, target: r.service, kubeHost });
        if (kubeHost !== ref.host.toLowerCase()) {
          const next = replaceHost(value, ref.host, kubeHost);
          if (next !== value) {
            issues.push({
              severity: 'info',
              code: 'k8s-host-renamed',
              service,
              span: ref.span,
              message: `Service "${service}": ${e.name} names "${ref.host}", which is the Service "${kubeHost}" in the cluster: written as "${kubeHost}".`,
            });
            value = next;
          }
        }
      }
      env.set(e.name, value);
    }
    return out;
  }
}

/**
 * The hosts a Mender component reaches by default (the catalog: a variable's default while it is unset, or a
 * fixed link) that the stack answers. A default naming a host whose Service has another name is written as the
 * variable, with the Service's name; a fixed link cannot be, and is reported.
 */
export function implicitLinksOf(names: KubeNames, m: ServiceMatch, env: Map<string, string>, issues: KubeIssue[]): KubeLink[] {
  const dns = dnsFor(names.project);
  const service = m.service.name;
  const out: KubeLink[] = [];
  const one = (host: string, value: string, variable: string | undefined): void => {
    const r = dns.resolve(service, host);
    if (r.kind !== 'resolved') return;
    const kubeHost = names.hosts.get(host.toLowerCase()) ?? names.ofService.get(r.service)!;
    const port = new RegExp(`${host.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d{1,5})`, 'i').exec(value)?.[1];
    out.push({ service, variable: variable ?? '(fixed)', host, port: port ? Number(port) : undefined, target: r.service, kubeHost, byDefault: true });
    if (kubeHost === host.toLowerCase()) return;
    if (variable) {
      env.set(variable, replaceHost(value, host, kubeHost));
      issues.push({
        severity: 'info',
        code: 'k8s-host-renamed',
        service,
        span: m.service.keySpan,
        message: `Service "${service}": ${variable} is unset, so it reaches "${host}" by default, which is the Service "${kubeHost}" in the cluster: ${variable} is written with "${kubeHost}".`,
      });
    } else {
      issues.push({
        severity: 'warning',
        code: 'k8s-untranslated',
        service,
        span: m.service.keySpan,
        message: `Service "${service}" reaches "${host}" with no variable to change it, and Kubernetes cannot name a Service so: the cluster's DNS must answer it: add \`rewrite name ${host} ${kubeHost}.${names.namespace}.svc.cluster.local\` to CoreDNS's Corefile (see the README).`,
      });
    }
  };
  for (const def of m.facts.env) {
    if (!def.default || !def.target || env.has(def.name) || (def.when && !hasRole(m.service, def.when))) continue;
    const host = defaultHost(def.default);
    if (host) one(host, def.default, def.name);
  }
  for (const link of m.facts.links ?? []) one(link.host, `${link.host}${link.port ? `:${link.port}` : ''}`, undefined);
  return out;
}

/** `value` with `host` (whole names only, any case) replaced by `to`. */
export function replaceHost(value: string, host: string, to: string): string {
  const lower = value.toLowerCase();
  const h = host.toLowerCase();
  const hostChar = (c: string | undefined): boolean => !!c && /[A-Za-z0-9_-]/.test(c);
  let out = '';
  let at = 0;
  for (let i = lower.indexOf(h); i >= 0; i = lower.indexOf(h, i + h.length)) {
    const before = value[i - 1];
    const after = value[i + h.length];
    // A whole name: not inside a longer label, nor a prefix of a longer dotted name.
    if (hostChar(before) || before === '.' || hostChar(after) || (after === '.' && hostChar(value[i + h.length + 1]))) continue;
    out += value.slice(at, i) + to;
    at = i + h.length;
  }
  return out + value.slice(at);
}
