import * as fs from 'fs';
import * as path from 'path';
import { get, isMap, isScalar, isSeq, str, YMap, YNode, YScalar } from '../model/node';
import { parseYaml } from '../model/parse';
import { SourceFile, Span } from '../model/source';
import type { Project, Service } from '../manifest/project';
import { asciiLower } from '../model/chars';
import { trimTrailing } from './text';

/**
 * Traefik's dynamic configuration as a stack declares it: the labels of its services (docker/swarm provider)
 * and, when the gateway's file provider points at a file or directory the stack mounts (a bind mount or a swarm
 * config), that file's routers, services and middlewares. Names are case-sensitive; field names are not.
 */

export interface LabelRef {
  service: string;
  name: string;
  value: string;
  span: Span;
  scalar?: YScalar;
}

export interface TraefikConfig {
  /** Routers from labels: name -> where declared, its `service` and `middlewares` labels. */
  routers: Map<string, { owner: string; service?: LabelRef; middlewares?: LabelRef }>;
  /** Services the labels define (merged across services, as traefik does), with their load-balancer port labels. */
  services: Map<string, { owners: Set<string>; ports: LabelRef[] }>;
  middlewares: Set<string>;
  /** The file provider's content, when the gateway has one the stack mounts and it could be read. */
  file?: {
    paths: string[];
    /** Routers of the file: name -> the scalar of its `service` (spans in the traefik file). */
    routers: Map<string, YScalar | undefined>;
    services: Set<string>;
    middlewares: Set<string>;
    /**
     * loadBalancer server URLs of the file's services, and the forwardAuth addresses of its middlewares (`auth`:
     * `service` is then the middleware's name): traefik connects to both.
     */
    servers: { service: string; url: YScalar; auth?: boolean }[];
  };
  /** The gateway has a file provider whose files are not part of the stack (or unreadable): `@file` names are unknown. */
  fileUnknown: boolean;
  gateway?: Service;
}

/** `key=value` labels in both forms compose accepts, with the span of each value (or list item). */
export function labelsOf(svc: Service): { key: string; value: string; span: Span; scalar?: YScalar }[] {
  const out: { key: string; value: string; span: Span; scalar?: YScalar }[] = [];
  for (const node of [get(svc.node, 'labels'), get(get(svc.node, 'deploy'), 'labels')]) {
    if (isMap(node)) {
      for (const p of node.pairs) {
        const v = p.value;
        if (isScalar(v) && v.value !== null) out.push({ key: p.key, value: String(v.value), span: v.span, scalar: v });
      }
    } else if (isSeq(node)) {
      for (const i of node.items) {
        if (!isScalar(i) || typeof i.value !== 'string') continue;
        const eq = i.value.indexOf('=');
        if (eq > 0) out.push({ key: i.value.slice(0, eq), value: i.value.slice(eq + 1), span: i.span, scalar: i });
      }
    }
  }
  return out;
}

const ROUTER = /^traefik\.http\.routers\.([^.]+)\.(.+)$/i;
const SERVICE = /^traefik\.http\.services\.([^.]+)\.(.+)$/i;
const MIDDLEWARE = /^traefik\.http\.middlewares\.([^.]+)\./i;

const cache = new WeakMap<Project, TraefikConfig>();

export function traefikConfig(project: Project): TraefikConfig {
  const hit = cache.get(project);
  if (hit) return hit;
  const cfg: TraefikConfig = { routers: new Map(), services: new Map(), middlewares: new Set(), fileUnknown: false };
  for (const svc of project.services.values()) {
    const labels = labelsOf(svc);
    if (labels.some((l) => l.key.toLowerCase() === 'traefik.enable' && l.value.trim().toLowerCase() === 'false')) continue;
    for (const l of labels) {
      const r = ROUTER.exec(l.key);
      if (r) {
        const router = cfg.routers.get(r[1]) ?? { owner: svc.name };
        const field = r[2].toLowerCase();
        const ref = { service: svc.name, name: r[1], value: l.value, span: l.span, scalar: l.scalar };
        if (field === 'service') router.service = ref;
        if (field === 'middlewares') router.middlewares = ref;
        cfg.routers.set(r[1], router);
        continue;
      }
      const s = SERVICE.exec(l.key);
      if (s) {
        const entry = cfg.services.get(s[1]) ?? { owners: new Set<string>(), ports: [] };
        entry.owners.add(svc.name);
        if (s[2].toLowerCase() === 'loadbalancer.server.port')
          entry.ports.push({ service: svc.name, name: s[1], value: l.value, span: l.span, scalar: l.scalar });
        cfg.services.set(s[1], entry);
        continue;
      }
      const m = MIDDLEWARE.exec(l.key);
      if (m) cfg.middlewares.add(m[1]);
    }
  }
  const gw = [...project.services.values()].find((s) => isTraefikImage(str(get(s.node, 'image')) ?? ''));
  if (gw) {
    cfg.gateway = gw;
    const target = fileProviderTarget(gw);
    if (target) {
      const files = hostFiles(project, gw, target);
      if (!files) cfg.fileUnknown = true;
      else cfg.file = readFileProvider(project, files) ?? undefined;
      if (files && !cfg.file) cfg.fileUnknown = true;
    }
  }
  cache.set(project, cfg);
  return cfg;
}

/** The path in the container the gateway's file provider reads (`--providers.file.directory=` or `.filename=`). */
/**
 * An image of Traefik (`traefik:v2.10`, `docker.io/library/traefik@sha256:...`, any case): what
 * `/(^|\/)traefik(:|@|$)/i` says, without a case-insensitive regex compiled in every CLI process.
 */
export function isTraefikImage(image: string): boolean {
  const s = asciiLower(image);
  for (let i = s.indexOf('traefik'); i >= 0; i = s.indexOf('traefik', i + 1)) {
    const end = i + 'traefik'.length;
    if ((i === 0 || s[i - 1] === '/') && (end === s.length || s[end] === ':' || s[end] === '@')) return true;
  }
  return false;
}

function fileProviderTarget(gw: Service): string | undefined {
  const args = [get(gw.node, 'command'), get(gw.node, 'entrypoint')].flatMap((n) =>
    isSeq(n) ? n.items.map((i) => str(i) ?? '') : (str(n) ?? '').split(/\s+/),
  );
  for (let i = 0; i < args.length; i++) {
    const m = /^--providers\.file\.(directory|filename)(?:=(.*))?$/i.exec(args[i].trim());
    if (m) return m[2] ?? args[i + 1];
  }
  return undefined;
}

/** Host files behind a container path, through a bind mount or a swarm config; undefined when not part of the stack. */
function hostFiles(project: Project, gw: Service, target: string): string[] | undefined {
  const t = trimTrailing(target, '/');
  const vols = get(gw.node, 'volumes');
  // Mender's 3.x files fill the provider's directory file by file (one bind mount per YAML file, overlays adding theirs).
  const out: string[] = [];
  // Anything else put into the directory (a named volume, a config written inline) is not read: then nothing is sure.
  let unread = false;
  if (isSeq(vols))
    for (const v of vols.items) {
      const [src, dst] = isMap(v) ? [str(get(v, 'source')), str(get(v, 'target'))] : (str(v) ?? '').split(':');
      if (!src || !dst || !/^[./~]/.test(src)) {
        if (dst && (trimTrailing(dst, '/') === t || dst.startsWith(t + '/') || t.startsWith(trimTrailing(dst, '/') + '/'))) unread = true;
        continue;
      }
      const d = trimTrailing(dst, '/');
      if (d.startsWith(t + '/') && isYaml(d)) out.push(path.resolve(project.projectDir, src));
      if (t !== d && !t.startsWith(d + '/')) continue;
      const host = path.resolve(project.projectDir, src, path.relative(d, t));
      return listYaml(host);
    }
  const cfgs = get(gw.node, 'configs');
  if (isSeq(cfgs)) {
    for (const c of cfgs.items) {
      const source = str(c) ?? str(get(c, 'source'));
      const dst = str(get(c, 'target')) ?? (source ? `/${source}` : undefined);
      if (!source || !dst || (dst !== t && !dst.startsWith(t + '/'))) continue;
      const file = str(get(project.configs.get(source)?.node, 'file'));
      if (file) out.push(path.resolve(project.projectDir, file));
      else unread = true;
    }
  }
  return out.length && !unread ? out : undefined;
}

/** A file Traefik's file provider reads as YAML (this linter reads no other kind). */
const isYaml = (file: string): boolean => /\.ya?ml$/i.test(file);

function listYaml(host: string): string[] | undefined {
  try {
    const st = fs.statSync(host);
    // Traefik reads TOML too (Mender's early 3.x demo gave it a tls.toml): what is not YAML is not read, so not judged.
    if (st.isFile()) return isYaml(host) ? [host] : undefined;
    const names = fs.readdirSync(host);
    if (names.some((f) => /\.toml$/i.test(f))) return undefined;
    return names
      .filter((f) => isYaml(f))
      .sort()
      .map((f) => path.join(host, f));
  } catch {
    return isYaml(host) ? [host] : undefined; // the editor's unsaved file may not be on disk
  }
}

function readFileProvider(project: Project, files: string[]): TraefikConfig['file'] | undefined {
  const out: NonNullable<TraefikConfig['file']> = { paths: files, routers: new Map(), services: new Set(), middlewares: new Set(), servers: [] };
  for (const f of files) {
    const r = project.reader.read(f);
    if ('error' in r) return undefined;
    const root = parseYaml(new SourceFile(f, r.text)).root;
    const http = get(root, 'http');
    const names = (n: YNode | undefined): YMap['pairs'] => (isMap(n) ? n.pairs : []);
    for (const p of names(get(http, 'routers'))) {
      const sv = get(p.value, 'service');
      out.routers.set(p.key, isScalar(sv) && typeof sv.value === 'string' ? sv : undefined);
    }
    for (const p of names(get(http, 'services'))) {
      out.services.add(p.key);
      const lb = get(p.value, 'loadBalancer') ?? get(p.value, 'loadbalancer');
      const servers = get(lb, 'servers');
      if (isSeq(servers))
        for (const sv of servers.items) {
          const u = get(sv, 'url');
          if (isScalar(u) && typeof u.value === 'string') out.servers.push({ service: p.key, url: u });
        }
    }
    for (const p of names(get(http, 'middlewares'))) {
      out.middlewares.add(p.key);
      const address = get(get(p.value, 'forwardAuth') ?? get(p.value, 'forwardauth'), 'address');
      if (isScalar(address) && typeof address.value === 'string') out.servers.push({ service: p.key, url: address, auth: true });
    }
  }
  return out;
}
