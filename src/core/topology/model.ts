// The stack's topology as the linter sees it: services, the networks they share, and every link the link rules
// resolve (hosts in environment values, Mender components' default hosts, the gateway's routes, depends_on and
// links), each link red when a diagnostic says it is broken. Plain JSON: the topology webview draws it as it is.
import type { Diagnostic, Severity } from '../diagnostic';
import type { Project, Service } from '../manifest/project';
import { get, str } from '../model/node';
import type { Span } from '../model/source';
import { dnsFor, envHostLinks, serviceReferences } from '../rules/links';
import { gatewayRoutes } from '../rules/menderGateway';
import { implicitLinks } from '../rules/menderLinks';
import type { Resolution } from '../stack/networks';
import { compareText } from '../stack/text';

/** Where something is written: the editor opens it on a click. `line` and `character` are 0-based. */
export interface Location {
  file: string;
  line: number;
  character: number;
}

export interface TopologyNode {
  id: string;
  /** 'service' of the stack; 'missing': a host nothing answers; 'external': a host outside the stack (public DNS, another stack). */
  kind: 'service' | 'missing' | 'external';
  label: string;
  image?: string;
  /** The group (set of networks) the service is in. */
  group: string;
  /** Network aliases the service answers to (each once, across networks). */
  aliases: string[];
  location?: Location;
  /** The worst severity of the diagnostics inside the service's definitions, and their messages. */
  severity?: Severity;
  problems: string[];
}

export type LinkKind = 'env' | 'default' | 'route' | 'depends_on' | 'links';

export interface TopologyEdge {
  id: string;
  from: string;
  to: string;
  kind: LinkKind;
  /** What the edge shows: the variable (or depends_on) and the port. */
  label: string;
  host: string;
  variable?: string;
  port?: number;
  /** A diagnostic says this link is broken: its code, severity and message. */
  broken?: { code: string; severity: Severity; message: string };
  location: Location;
}

/** Services attached to exactly the same networks form one group (the picture's boxes around boxes). */
export interface TopologyGroup {
  id: string;
  label: string;
  networks: string[];
}

export interface Topology {
  stack: string;
  files: string[];
  nodes: TopologyNode[];
  edges: TopologyEdge[];
  groups: TopologyGroup[];
}

/** Diagnostics that say a link is broken, by the code of the rule that checked it. */
const ENV_CODES = new Set(['unresolved-host', 'unshared-network', 'mender-unresolved-endpoint']);

/** Whether the finding (its short message or its detail, where names appear unclipped) says `text`. */
function says(d: Diagnostic, text: string): boolean {
  return d.message.includes(text) || (d.detail ?? '').includes(text);
}

export function buildTopology(project: Project, diagnostics: readonly Diagnostic[]): Topology {
  const dns = dnsFor(project);
  const nodes = new Map<string, TopologyNode>();
  const groups = new Map<string, TopologyGroup>();
  for (const svc of project.services.values()) {
    const nets = dns.networksOf(svc.name).slice().sort(compareText);
    const gid = nets.length ? `net:${nets.join('+')}` : 'net:';
    if (!groups.has(gid)) groups.set(gid, { id: gid, label: nets.length ? nets.join(' + ') : 'no network', networks: nets });
    const aliases = [...new Set((dns.attachments.get(svc.name) ?? []).flatMap((a) => a.aliases.map((x) => x.name)))];
    const problems = diagnosticsIn(svc, diagnostics);
    const image = imageOf(svc);
    nodes.set(svc.name, {
      id: svc.name,
      kind: 'service',
      label: svc.name,
      group: gid,
      aliases,
      location: locate(svc.keySpan),
      ...(image ? { image } : {}),
      ...(problems.length ? { severity: worst(problems.map((d) => d.severity)) } : {}),
      problems: problems.map((d) => d.message),
    });
  }
  const edges = new Map<string, TopologyEdge>();
  const add = (e: Omit<TopologyEdge, 'id'>): void => {
    const id = `${e.kind}:${e.from}:${e.variable ?? ''}:${e.host}:${e.to}`;
    if (!edges.has(id)) edges.set(id, { id, ...e });
  };
  /** The node a host resolves to: the answering service, or a node of its own for a host nothing in the stack answers. */
  const target = (host: string, r: Resolution, broken: boolean): string => {
    if (r.kind === 'resolved') return r.service;
    if (r.kind === 'not-shared' && r.services.length) return r.services[0];
    const id = `host:${host.toLowerCase()}`;
    const kind = broken ? 'missing' : 'external';
    const old = nodes.get(id);
    if (!old) nodes.set(id, { id, kind, label: host, group: '', aliases: [], problems: [] });
    else if (broken) old.kind = 'missing';
    return id;
  };

  for (const l of envHostLinks(project, dns)) {
    const d = diagnostics.find((x) => ENV_CODES.has(x.code) && sameStart(x, l.ref.span));
    add({
      from: l.service.name,
      to: target(l.ref.host, l.resolution, !!d),
      kind: 'env',
      host: l.ref.host,
      variable: l.variable,
      ...(l.ref.port !== undefined ? { port: l.ref.port } : {}),
      label: label(l.variable, l.ref.port),
      ...(d ? { broken: brokenBy(d) } : {}),
      location: locate(l.ref.span),
    });
  }
  for (const l of implicitLinks(project)) {
    const svc = l.match.service;
    const port = l.link.port ?? portIn(l.def?.default);
    const d = diagnostics.find((x) => x.code === 'mender-implicit-host' && sameStart(x, svc.keySpan) && says(x, `at "${l.link.host}`));
    const variable = l.def ? l.def.name : undefined;
    add({
      from: svc.name,
      to: target(l.link.host, dns.resolve(svc.name, l.link.host), !!d),
      kind: 'default',
      host: l.link.host,
      ...(variable ? { variable } : {}),
      ...(port !== undefined ? { port } : {}),
      label: `${label(variable ?? l.link.host, port)} (default)`,
      ...(d ? { broken: brokenBy(d) } : {}),
      location: locate(svc.keySpan),
    });
  }
  for (const { match, route } of gatewayRoutes(project)) {
    const svc = match.service;
    const d = diagnostics.find((x) => x.code === 'mender-gateway-upstream' && sameStart(x, svc.keySpan) && says(x, `routes to "${route.host}`));
    const r = dns.resolve(svc.name, route.host);
    // An optional backend (an enterprise one) the stack does not run and nobody reports: nothing to draw.
    if (r.kind !== 'resolved' && !d) continue;
    add({
      from: svc.name,
      to: target(route.host, r, !!d),
      kind: 'route',
      host: route.host,
      ...(route.port !== undefined ? { port: route.port } : {}),
      label: label('route', route.port),
      ...(d ? { broken: brokenBy(d) } : {}),
      location: locate(svc.keySpan),
    });
  }
  for (const svc of project.services.values()) {
    for (const ref of serviceReferences(svc)) {
      const d = diagnostics.find((x) => x.code === 'unknown-service' && sameStart(x, ref.span));
      const known = project.services.has(ref.target);
      if (!known && !d) continue; // the rule is switched off: nothing to say about it
      const to = known ? ref.target : target(ref.target, { kind: 'unknown', onExternalNetwork: false }, true);
      add({ from: svc.name, to, kind: ref.kind, host: ref.target, label: ref.kind, ...(d ? { broken: brokenBy(d) } : {}), location: locate(ref.span) });
    }
  }
  // Sorted, so the same stack gives the same picture (the layout keeps boxes where they were).
  return {
    stack: project.name,
    files: project.stackFiles,
    nodes: [...nodes.values()].sort((a, b) => compareText(a.id, b.id)),
    edges: [...edges.values()].sort((a, b) => compareText(a.id, b.id)),
    groups: [...groups.values()].sort((a, b) => compareText(a.id, b.id)),
  };
}

function label(name: string, port: number | undefined): string {
  return port !== undefined ? `${name} :${port}` : name;
}

function portIn(value: string | undefined): number | undefined {
  const m = value && /:(\d{1,5})(?:\/|$)/.exec(value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, ''));
  return m ? Number(m[1]) : undefined;
}

function locate(span: Span): Location {
  const p = span.file.rangeOf(span).start;
  return { file: span.file.path, line: p.line, character: p.character };
}

function sameStart(d: Diagnostic, span: Span): boolean {
  if (d.file !== span.file.path) return false;
  const p = span.file.rangeOf(span).start;
  return d.range.start.line === p.line && d.range.start.character === p.character;
}

function brokenBy(d: Diagnostic): NonNullable<TopologyEdge['broken']> {
  return { code: d.code, severity: d.severity, message: d.message };
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };
function worst(list: Severity[]): Severity {
  return list.reduce((a, b) => (RANK[b] < RANK[a] ? b : a));
}

/** Errors and warnings written inside one of the service's definitions (its key to the end of its mapping). */
function diagnosticsIn(svc: Service, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const ranges = svc.definitions.map((def) => ({
    file: def.file.path,
    from: def.file.rangeOf(def.keySpan).start.line,
    to: def.file.rangeOf(def.node.span).end.line,
  }));
  return diagnostics.filter(
    (d) =>
      (d.severity === 'error' || d.severity === 'warning') &&
      ranges.some((r) => r.file === d.file && d.range.start.line >= r.from && d.range.start.line <= r.to),
  );
}

function imageOf(svc: Service): string | undefined {
  return str(get(svc.node, 'image'));
}
