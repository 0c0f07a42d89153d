import type { Fix, TextEdit } from '../diagnostic';
import { get, isMap, isSeq, str } from '../model/node';
import type { Project, Service } from '../manifest/project';
import { addAliasEdits, rawService } from '../fixes/edits';
import { setEnvEdits } from '../fixes/envEdits';
import { HostRef, hostsInValue } from '../stack/hosts';
import type { StackDns } from '../stack/networks';
import { compareText, editDistance } from '../stack/text';
import { serviceEnv } from './env';
import { MenderStack, servicesOf } from './match';
import type { EnvVarDef } from './model';

export interface Provider {
  service: string;
  sharesNetwork: boolean;
}

/**
 * Services that could answer `host` for `consumer`: those of the expected component, best first (a name that
 * contains the host, e.g. `mender-mongo-device-adm` for `mongo-device-adm`, then near names, then the rest).
 */
export function providersFor(stack: MenderStack, dns: StackDns, consumer: string, host: string, target: string): Provider[] {
  const mine = new Set(dns.networksOf(consumer));
  const h = host.toLowerCase();
  const score = (name: string): number => {
    const n = name.toLowerCase();
    if (n.includes(h) || h.includes(n)) return 0;
    return 1 + editDistance(n, h, 20);
  };
  return servicesOf(stack, target)
    .map((m) => m.service.name)
    .filter((n) => n !== consumer)
    .sort((a, b) => score(a) - score(b) || compareText(a, b))
    .map((service) => ({ service, sharesNetwork: dns.networksOf(service).some((n) => mine.has(n)) }));
}

/** The document text of a service where it is first written (fixes edit there). */
export function rawOf(project: Project, svc: Service) {
  const def = svc.definitions[0];
  const doc = project.documents.find((d) => d.file === def.file);
  return doc && rawService(doc, svc.name);
}

export function addAliasFix(project: Project, provider: string, alias: string, preferred: boolean): Fix | undefined {
  const svc = project.services.get(provider);
  const raw = svc && rawOf(project, svc);
  const edits = raw && addAliasEdits(raw, alias);
  return edits?.length ? { title: `Add network alias "${alias}" to "${provider}"`, edits, preferred } : undefined;
}

export function setVariableFix(project: Project, svc: Service, name: string, value: string, preferred = false): Fix | undefined {
  const raw = rawOf(project, svc);
  const edits: TextEdit[] | undefined = raw && setEnvEdits(raw, name, value);
  return edits?.length ? { title: `Set ${name}=${value} on "${svc.name}"`, edits, preferred } : undefined;
}

/** The value of `def` with its default host swapped for `provider` (keeps scheme, port and path). */
export function withHost(value: string, host: string, provider: string): string {
  const i = value.indexOf(host);
  return i < 0 ? value : value.slice(0, i) + provider + value.slice(i + host.length);
}

/** Names the service answers itself (extra_hosts, hostname): never a missing link. */
export function localNames(svc: Service): Set<string> {
  const out = new Set<string>();
  const eh = get(svc.node, 'extra_hosts');
  if (isSeq(eh))
    for (const i of eh.items) {
      const t = str(i);
      if (t) out.add(t.split(/[:=]/)[0].toLowerCase());
    }
  else if (isMap(eh)) for (const p of eh.pairs) out.add(p.key.toLowerCase());
  const hn = str(get(svc.node, 'hostname'));
  if (hn) out.add(hn.toLowerCase());
  return out;
}

/** Whether a dotted host lies in a domain the stack's own aliases use (else it is most likely public DNS). */
export function isInternalName(host: string, dns: StackDns): boolean {
  if (!host.includes('.')) return true;
  const h = host.toLowerCase();
  for (const name of dns.allNames()) {
    if (name.startsWith('tasks.')) continue;
    const labels = name.split('.');
    if (labels.length < 2) continue;
    const d = labels.slice(-2).join('.');
    if (h === d || h.endsWith('.' + d)) return true;
  }
  return false;
}

export interface EndpointProblem {
  service: string;
  def: EnvVarDef;
  ref: HostRef;
  value: string;
}

const claimCache = new WeakMap<Project, EndpointProblem[]>();

/**
 * Explicit values of catalogued endpoint variables whose host nothing in the stack answers. The catalog's
 * `mender-unresolved-endpoint` reports these with what the component expects; the generic links rule skips
 * them (see `claimedByCatalog`) so one cause gives one diagnostic.
 */
export function unresolvedEndpoints(project: Project, stack: MenderStack, dns: StackDns): EndpointProblem[] {
  const hit = claimCache.get(project);
  if (hit) return hit;
  const out: EndpointProblem[] = [];
  if (stack.isMender) {
    for (const m of stack.services.values()) {
      const env = serviceEnv(project, m.service);
      const local = localNames(m.service);
      for (const def of m.read) {
        if (!def.target || def.public) continue;
        const v = env.vars.get(def.name);
        if (!v?.entry?.node || v.value === null || v.uncertain) continue;
        for (const ref of hostsInValue(def.name, v.value, v.entry.node)) {
          if (local.has(ref.host.toLowerCase())) continue;
          const r = dns.resolve(m.service.name, ref.host);
          if (r.kind !== 'unknown' || r.onExternalNetwork || !isInternalName(ref.host, dns)) continue;
          out.push({ service: m.service.name, def, ref, value: v.value });
        }
      }
    }
  }
  claimCache.set(project, out);
  return out;
}
