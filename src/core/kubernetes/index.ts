import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { menderStack, parseImage } from '../catalog/match';
import type { ComponentDef, KubernetesFacts } from '../catalog/model';
import type { LoadedStack } from '../deploy/stack';
import { LABEL_NAMESPACE } from '../deploy/engine';
import { containerOf, envOf } from './container';
import { KubeServiceContext, type KubeIssue, type KubeOptions } from './context';
import { implicitLinksOf, KubeNames, type KubeLink } from './dns';
import { DEPLOY_FATE, kubeFate } from './fate';
import { placementOf } from './affinity';
import { isDns1035Label, isQualifiedKey, namespaceOf, toDns1035Label, withSuffix } from './names';
import { diskReadFile, KubeObjects } from './objects';
import { clusterService, containerPorts, listenPorts, publishedService, type PortKey } from './ports';
import { selectorOf, serviceLabels, stackLabels } from './labels';
import { claimOf, volumesOf } from './volumes';
import { workloadKind, workloadOf } from './workload';

/**
 * A linted stack -> Kubernetes manifests, as docker/cli's converter does it for swarm: one small function per part
 * (container.ts, probes.ts, resources.ts, affinity.ts, volumes.ts, objects.ts, ports.ts, dns.ts, workload.ts).
 * The input is the stack deploy loads (core/deploy/stack: overlays, include, extends, interpolation resolved, and
 * the swarm service specs), so what is exported is what would be deployed. Everything that does not translate is
 * a finding (fate.ts), never a silent drop.
 */
export type { KubeIssue, KubeOptions, KubeLink };
export type KubeObject = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
};

export interface KubeFile {
  name: string;
  objects: KubeObject[];
}

export interface KubeExport {
  stack: string;
  namespace: string;
  /** In write order; the kustomization lists them. */
  files: KubeFile[];
  issues: KubeIssue[];
  /** Every host a service names that swarm answers, and the Service name that answers it in the cluster. */
  links: KubeLink[];
  /** compose service -> the names of the Services that answer it (its own, then its aliases'). */
  services: Map<string, { name: string; kind: string; serviceNames: string[]; ports: PortKey[] }>;
}

export function exportKubernetes(loaded: LoadedStack, opts: KubeOptions = {}): KubeExport {
  const { project, desired } = loaded;
  const stack = desired.stack;
  const issues: KubeIssue[] = [];
  const namespace = opts.namespace ?? namespaceOf(stack);
  if (!isDns1035Label(namespace))
    throw new Error(`namespace "${namespace}" is not an RFC 1123 label (lower case letters, digits and '-', at most 63 characters)`);
  if (!opts.namespace && namespace !== stack) {
    issues.push({
      severity: 'warning',
      code: 'k8s-name',
      message: `Kubernetes refuses the stack name "${stack}" as a namespace (RFC 1123): the namespace is "${namespace}".`,
    });
  }
  const stackLabel = toDns1035Label(stack);
  const labels = stackLabels(stackLabel);
  const names = new KubeNames(project, stack, namespace, issues);
  const catalog = menderStack(project);
  const objects = new KubeObjects(desired, issues, opts.readFile ?? diskReadFile);
  const size = opts.volumeSize ?? '1Gi';

  // First every service's environment and links (a link's port is a port its target listens on).
  const ctxs: KubeServiceContext[] = [];
  const envs = new Map<string, Map<string, string>>();
  const links: KubeLink[] = [];
  for (const d of desired.services) {
    const svc = project.services.get(d.name);
    if (!svc) continue;
    const ctx = new KubeServiceContext(svc, d, names.ofService.get(d.name)!, stack, project, issues);
    ctxs.push(ctx);
    const env = envOf(ctx);
    const match = catalog.isMender ? catalog.services.get(d.name) : undefined;
    links.push(...names.linksOf(d.name, env, issues, new Set(match?.read.filter((v) => v.public || v.served).map((v) => v.name))));
    if (match) links.push(...implicitLinksOf(names, match, env, issues));
    envs.set(d.name, env);
  }

  const files: KubeFile[] = [{ name: 'namespace.yaml', objects: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels } }] }];
  const services: KubeExport['services'] = new Map();
  for (const ctx of ctxs) {
    untranslatedKeys(ctx);
    const name = ctx.name;
    const own = serviceLabels(stackLabel, name);
    const selector = selectorOf(stackLabel, name);
    const match = catalog.services.get(ctx.svc.name);
    const component = match?.component ?? componentOfImage(catalog.catalog.components, ctx.container.Image);
    const facts: KubernetesFacts | undefined = component?.kubernetes;
    const stateful = facts?.workload === 'StatefulSet' ? facts : undefined;
    const kind = workloadKind(ctx, !!stateful);
    const catalogPorts = match?.facts.ports ?? component?.eras.any?.ports ?? [];
    const ports = listenPorts(
      ctx,
      catalogPorts,
      links.filter((l) => l.target === ctx.svc.name && l.port).map((l) => l.port!),
    );

    const vols = volumesOf(ctx, size, stateful);
    const objs = objects.mountsOf(ctx);
    const container = containerOf(ctx, envs.get(ctx.svc.name)!);
    if (ports.length) container.ports = containerPorts(ports);
    const mounts = [...vols.mounts, ...objs.mounts];
    if (mounts.length) container.volumeMounts = mounts;
    const podSpec: IPodSpec = { containers: [container] };
    const volumes = [...vols.volumes, ...objs.volumes];
    // Claims of a StatefulSet are templates; of any other workload, PersistentVolumeClaims of their own.
    const claimObjects: KubeObject[] = [];
    if (kind !== 'StatefulSet') {
      for (const c of vols.claims) {
        const claimName = withSuffix(name, c.name);
        volumes.push({ name: c.name, persistentVolumeClaim: { claimName } });
        claimObjects.push(claimOf(claimName, c, own, namespace) as KubeObject);
      }
      if (vols.claims.length && (kind === 'DaemonSet' || (ctx.spec.Mode?.Replicated?.Replicas ?? 1) > 1)) {
        ctx.issue(
          'warning',
          'k8s-approximated',
          'volumes',
          `${vols.claims.length} volume claim(s) are ReadWriteOnce: the ${kind === 'DaemonSet' ? 'pods on different nodes' : 'replicas'} cannot all mount them (swarm gives each node its own local volume); a ReadWriteMany storage class or a StatefulSet is needed.`,
        );
      }
    }
    if (volumes.length) podSpec.volumes = volumes;
    Object.assign(podSpec, placementOf(ctx, selector), podExtras(ctx));
    const template = { labels: { ...own }, annotations: annotationsOf(ctx, ctx.container.Labels, 'labels'), spec: podSpec };

    const workload = workloadOf(
      ctx,
      kind,
      name,
      namespace,
      own,
      selector,
      template,
      kind === 'StatefulSet' ? vols.claims : [],
      name,
      annotationsOf(ctx, ctx.spec.Labels, 'deploy'),
    );
    const headless = ctx.spec.EndpointSpec?.Mode === 'dnsrr';
    const svcObjects: KubeObject[] = [clusterService(name, namespace, own, selector, ports, headless) as KubeObject];
    const serviceNames = [name];
    for (const a of names.aliases.get(ctx.svc.name) ?? []) {
      svcObjects.push(clusterService(a.name, namespace, own, selector, ports, headless, { 'mender-swarm/alias': a.alias }) as KubeObject);
      serviceNames.push(a.name);
    }
    if ((ctx.spec.EndpointSpec?.Ports ?? []).some((p) => p.PublishedPort)) {
      const pubName = names.take(withSuffix(name, 'published'), `published ports of ${ctx.svc.name}`);
      const pub = publishedService(ctx, pubName, namespace, own, selector, opts.publish ?? 'NodePort');
      if (pub) svcObjects.push(pub as KubeObject);
    }
    if (!ports.length)
      ctx.issue(
        'info',
        'k8s-approximated',
        'ports',
        `no port is known (no ports, expose, catalog entry or link names one): its Service "${name}" is headless, so DNS answers the pods' addresses on any port.`,
      );
    files.push({ name: `${name}.yaml`, objects: [workload as KubeObject, ...claimObjects, ...svcObjects] });
    services.set(ctx.svc.name, { name, kind, serviceNames, ports });
  }
  const objs = objects.objects(namespace, labels) as KubeObject[];
  const secrets = objs.filter((o) => o.kind === 'Secret');
  const configs = objs.filter((o) => o.kind === 'ConfigMap');
  if (secrets.length) files.push({ name: 'secrets.yaml', objects: secrets });
  if (configs.length) files.push({ name: 'configs.yaml', objects: configs });
  networksNote(loaded, issues);
  return { stack, namespace, files, issues, links, services };
}

/** Every compose key (and deploy: key) the service sets that Kubernetes has no place for, with what was done instead. */
function untranslatedKeys(ctx: KubeServiceContext): void {
  for (const [key, value] of Object.entries(ctx.raw)) {
    if (value === undefined || value === null || value === false || key.startsWith('x-')) continue;
    const f = kubeFate(key);
    if (f?.fate === 'dropped')
      ctx.issue(key === 'depends_on' || key === 'links' ? 'info' : 'warning', 'k8s-untranslated', key, `\`${key}\` not exported: ${f.why}.`);
  }
  for (const [key, value] of Object.entries(ctx.deploy)) {
    const f = DEPLOY_FATE[key];
    if (value !== undefined && f?.fate === 'dropped') ctx.issue('info', 'k8s-untranslated', 'deploy', `deploy.${key} not exported: ${f.why}.`);
  }
  const rp = ctx.task.RestartPolicy;
  if (rp && (rp.Condition === 'none' || rp.Condition === 'on-failure' || rp.MaxAttempts)) {
    ctx.issue(
      'info',
      'k8s-approximated',
      ctx.raw.restart !== undefined ? 'restart' : 'deploy',
      `restart condition "${rp.Condition ?? 'any'}"${rp.MaxAttempts ? ` with ${rp.MaxAttempts} attempt(s)` : ''} exported as the pods' only policy, Always: a Deployment's pods always restart (a Job is for work that ends).`,
    );
  }
}

/** The pod-level keys: hostname, stop grace, sysctls, extra hosts, DNS settings. */
function podExtras(ctx: KubeServiceContext): Partial<IPodSpec> {
  const cs = ctx.container;
  const out: Partial<IPodSpec> = {};
  if (cs.Hostname) {
    if (isDns1035Label(cs.Hostname) || /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(cs.Hostname)) out.hostname = cs.Hostname;
    else
      ctx.issue(
        'warning',
        'k8s-untranslated',
        'hostname',
        `hostname "${cs.Hostname}" not exported: a pod's hostname is an RFC 1123 label (no templates, no dots).`,
      );
  }
  if (cs.StopGracePeriod !== undefined) out.terminationGracePeriodSeconds = Math.ceil(cs.StopGracePeriod / 1e9);
  if (cs.Sysctls && Object.keys(cs.Sysctls).length)
    out.securityContext = { sysctls: Object.entries(cs.Sysctls).map(([name, value]) => ({ name, value: String(value) })) };
  const aliases = new Map<string, string[]>();
  for (const h of cs.Hosts ?? []) {
    const words = h.split(/\s+/).filter(Boolean);
    const ip = words.find((w) => /^[\d.]+$|:/.test(w));
    if (!ip) {
      ctx.issue('warning', 'k8s-untranslated', 'extra_hosts', `extra host "${h}" not exported: hostAliases need an IP address.`);
      continue;
    }
    aliases.set(ip, [...(aliases.get(ip) ?? []), ...words.filter((w) => w !== ip)]);
  }
  if (aliases.size) out.hostAliases = [...aliases].map(([ip, hostnames]) => ({ ip, hostnames }));
  const dns = cs.DNSConfig;
  if (dns && (dns.Nameservers?.length || dns.Search?.length || dns.Options?.length)) {
    out.dnsConfig = {
      ...(dns.Nameservers?.length ? { nameservers: dns.Nameservers } : {}),
      ...(dns.Search?.length ? { searches: dns.Search } : {}),
      ...(dns.Options?.length
        ? {
            options: dns.Options.map((o) => {
              const [name, value] = o.split(':');
              return value === undefined ? { name } : { name, value };
            }),
          }
        : {}),
    };
    if (dns.Nameservers?.length)
      ctx.issue('info', 'k8s-approximated', 'dns', 'dns servers are added after the cluster DNS (dnsPolicy ClusterFirst), so Service names still resolve.');
  }
  return out;
}

/** Compose labels as annotations (values are free there); keys Kubernetes refuses are reported. The stack's own labels are left out. */
function annotationsOf(ctx: KubeServiceContext, labels: Record<string, string> | undefined, key: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k === LABEL_NAMESPACE || k.startsWith('com.docker.stack.')) continue;
    if (isQualifiedKey(k)) out[k] = v;
    else
      ctx.issue(
        'warning',
        'k8s-untranslated',
        key,
        `label "${k}" not exported: Kubernetes annotation keys are at most 63 characters of letters, digits, '-', '_' and '.' (with an optional DNS prefix and '/').`,
      );
  }
  return Object.keys(out).length ? out : undefined;
}

/** A store the catalog knows by its image, for stacks that are not Mender's (a MongoDB alone). */
function componentOfImage(components: ComponentDef[], image: string | undefined): ComponentDef | undefined {
  if (!image) return undefined;
  const name = parseImage(image).name;
  return components.find((c) => c.kubernetes && c.match.images.some((p) => p.name === name));
}

/** Networks: all pods of a namespace reach each other; separate overlay networks are not isolation there. */
function networksNote(loaded: LoadedStack, issues: KubeIssue[]): void {
  const nets = loaded.desired.networks.filter((n) => !n.external);
  if (nets.length > 1) {
    issues.push({
      severity: 'info',
      code: 'k8s-approximated',
      message: `the stack's ${nets.length} networks (${nets.map((n) => n.name).join(', ')}) are one flat namespace in the cluster: every pod reaches every Service (write NetworkPolicies to isolate them). Names stay as swarm resolves them.`,
    });
  }
  for (const n of loaded.desired.networks.filter((x) => x.external)) {
    issues.push({
      severity: 'info',
      code: 'k8s-untranslated',
      message: `external network "${n.name}" not exported: services of other stacks are reached through their own namespace (<service>.<namespace>).`,
    });
  }
}
