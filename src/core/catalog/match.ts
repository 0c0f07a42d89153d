import { get, isSeq, str, YNode } from '../model/node';
import type { Project, Service } from '../manifest/project';
import { componentById, menderCatalog, unknownEraFacts } from './load';
import { ANY_ERA, Catalog, ComponentDef, ComponentEra, ImagePattern, UNKNOWN_ERA } from './model';

/** An image reference taken apart; variables left unresolved become empty parts. */
export interface ImageRef {
  /** Repository path segments (registry host included when written). */
  path: string[];
  /** Last segment: the image's own name. */
  name: string;
  tag: string | undefined;
  /** The written text used `${...}` somewhere in the path (a registry/repository variable). */
  variablePath: boolean;
}

const VAR = /\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g;

/** Parses `registry/ns/name:tag@digest`. `${VAR}` parts are kept as `$` so their position is known. */
export function parseImage(text: string): ImageRef {
  const marked = text.trim().replace(VAR, '$');
  const noDigest = marked.split('@')[0];
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  const repo = colon > slash ? noDigest.slice(0, colon) : noDigest;
  const tag = colon > slash ? noDigest.slice(colon + 1) : undefined;
  const path = repo.split('/');
  const name = path[path.length - 1];
  return { path, name, tag: tag === '$' || tag === '' ? undefined : tag, variablePath: path.slice(0, -1).some((p) => p.includes('$')) };
}

export interface ServiceMatch {
  service: Service;
  component: ComponentDef;
  /** The era whose facts apply to this service, and the facts. */
  era: string;
  facts: ComponentEra;
  via: 'image' | 'name';
  edition?: 'enterprise';
  /** How the era was decided, for hovers and messages. */
  eraReason: string;
  /** The image (as written) and its parsed form, when the service has one. */
  image?: ImageRef;
}

export interface MenderStack {
  catalog: Catalog;
  /** False for stacks that are not Mender's: the catalog rules then say nothing. */
  isMender: boolean;
  era: string;
  eraReason: string;
  services: Map<string, ServiceMatch>;
}

interface Candidate {
  component: ComponentDef; via: 'image' | 'name'; pattern?: ImagePattern; image?: ImageRef; strong: boolean;
  /** The service has no `image` here (an overlay's fragment, or a build). */
  imageless?: boolean;
}

/** The service's image: the written text (variables kept) when they left the value without a name. */
function imageOf(svc: Service): ImageRef | undefined {
  const n = get(svc.node, 'image');
  if (n?.kind !== 'scalar' || n.value === null) return undefined;
  const value = parseImage(String(n.value));
  const written = n.interpolation ? parseImage(n.interpolation.written) : value;
  // An unset variable leaves `//deployments:`; the written form still tells the name and that the path was variable.
  return { ...value, name: value.name || (written.name.includes('$') ? '' : written.name), variablePath: written.variablePath,
    tag: value.tag ?? (written.tag?.includes('$') ? undefined : written.tag) };
}

function matchImage(catalog: Catalog, img: ImageRef): Candidate | undefined {
  const name = img.name.toLowerCase();
  if (!name || name.includes('$')) return undefined;
  const path = img.path.map((p) => p.toLowerCase());
  for (const c of catalog.components) {
    for (const p of c.match.images) {
      if (p.name !== name) continue;
      if (p.namespaces && !img.variablePath && !p.namespaces.some((ns) => path.slice(0, -1).includes(ns))) continue;
      const strong = path.includes('mendersoftware') || path.includes('registry.mender.io') || img.variablePath;
      return { component: c, via: 'image', pattern: p, image: img, strong };
    }
  }
  return undefined;
}

function matchName(catalog: Catalog, name: string): Candidate | undefined {
  const n = name.toLowerCase();
  const c = catalog.components.find((k) => k.match.names.includes(n));
  return c && { component: c, via: 'name', strong: n.startsWith('mender-') };
}

function composeVersion(project: Project): string {
  for (const d of project.documents) {
    if (d.role !== 'stack') continue;
    const v = str(get(d.root, 'version'));
    if (v !== undefined) return v;
  }
  return '';
}

/** Whether the service's command or name contains `word` (the workflows worker runs `workflows worker`). */
export function hasRole(svc: Service, word: string): boolean {
  if (svc.name.toLowerCase().includes(word)) return true;
  return commandText(svc).toLowerCase().split(/\s+/).includes(word);
}

export function commandText(svc: Service): string {
  const parts = (n: YNode | undefined): string => (isSeq(n) ? n.items.map((i) => str(i) ?? '').join(' ') : str(n) ?? '');
  return `${parts(get(svc.node, 'entrypoint'))} ${parts(get(svc.node, 'command'))}`.trim();
}

const cache = new WeakMap<Project, MenderStack>();

/**
 * Which services are which Mender components, and which era the stack is. The era is a vote: images that exist
 * in one era only (deviceadm, the nginx gateway, workflows, traefik, nats), clear image tags, and the compose
 * version; a service's own clear evidence overrides the stack's era for that service.
 */
export function menderStack(project: Project, catalog: Catalog = menderCatalog()): MenderStack {
  const hit = cache.get(project);
  if (hit && hit.catalog === catalog) return hit;
  const cands = new Map<string, Candidate>();
  for (const svc of project.services.values()) {
    const img = imageOf(svc);
    const c = (img && matchImage(catalog, img)) ?? matchName(catalog, svc.name);
    if (c) cands.set(svc.name, { ...c, image: img, imageless: get(svc.node, 'image') === undefined });
  }
  const menderCands = [...cands.values()].filter((c) => c.component.mender);
  const isMender = menderCands.some((c) => c.strong) || menderCands.length >= 2;

  // The unknown era is a candidate too, last: on a tie, silence beats a wrong era.
  const eraIds = [...catalog.eras.map((e) => e.id), UNKNOWN_ERA];
  const votes = new Map<string, number>(eraIds.map((e) => [e, 0]));
  const reasons = new Map<string, string[]>(eraIds.map((e) => [e, []]));
  const vote = (era: string, why: string): void => { votes.set(era, (votes.get(era) ?? 0) + 1); reasons.get(era)?.push(why); };
  const version = composeVersion(project);
  const byVersion = catalog.eras.find((e) => new RegExp(e.composeVersion).test(version));
  if (byVersion) vote(byVersion.id, version ? `compose version "${version}"` : 'no compose version');
  const serviceEra = new Map<string, EraEvidence>();
  for (const [name, c] of cands) {
    const own = clearEra(catalog, c);
    if (!own) continue;
    serviceEra.set(name, own);
    if (own.vote !== false) vote(own.era, `${name}: ${own.why}`);
  }
  // Ties go to the newest era: it is what a new stack is written for. Build dates between the catalog's eras
  // (the unknown era) win a tie: silence beats a wrong era.
  const known = catalog.eras.map((e) => e.id);
  let era = known[known.length - 1];
  for (const id of known) if ((votes.get(id) ?? 0) > (votes.get(era) ?? 0)) era = id;
  if ((votes.get(UNKNOWN_ERA) ?? 0) > 0 && (votes.get(UNKNOWN_ERA) ?? 0) >= (votes.get(era) ?? 0)) era = UNKNOWN_ERA;
  const eraReason = (reasons.get(era) ?? []).slice(0, 3).join('; ') || 'default';

  const services = new Map<string, ServiceMatch>();
  for (const [name, c] of cands) {
    const own = serviceEra.get(name);
    let useEra = own && (c.component.eras[own.era] || own.era === UNKNOWN_ERA) ? own.era : era;
    let why = own && useEra === own.era ? own.why : `the stack's era (${eraReason})`;
    let facts: ComponentEra;
    if (useEra === UNKNOWN_ERA) {
      // Only what every era says alike (an era-independent component keeps all its facts).
      facts = unknownEraFacts(catalog, c.component);
      if (c.component.eras[ANY_ERA]) useEra = ANY_ERA;
    } else if (c.component.eras[useEra]) {
      facts = c.component.eras[useEra];
    } else if (c.component.eras[ANY_ERA]) {
      facts = c.component.eras[ANY_ERA];
    } else {
      // The component exists in other eras only: its facts there are the best we know.
      const only = Object.keys(c.component.eras)[0];
      useEra = only; facts = c.component.eras[only]; why = `${c.component.id} exists in the ${only} era only`;
    }
    services.set(name, {
      service: project.services.get(name)!, component: c.component, era: useEra, facts, via: c.via,
      edition: c.pattern?.edition, eraReason: why, image: c.image,
    });
  }
  const result: MenderStack = { catalog, isMender, era, eraReason, services };
  cache.set(project, result);
  return result;
}

interface EraEvidence { era: string; why: string; vote?: false }

/**
 * A service's own era evidence: no image or one the catalog does not know (unknown era), a build-date tag (the
 * era of that date, unknown between eras), an image of one era only, a component of one era only, or a clear tag.
 */
function clearEra(catalog: Catalog, c: Candidate): EraEvidence | undefined {
  // Not knowing the image is no evidence about the stack (no vote), but this service's version is unknown.
  if (c.imageless || c.via === 'name') {
    if (c.component.eras[ANY_ERA]) return undefined;
    return { era: UNKNOWN_ERA, vote: false,
      why: c.imageless ? 'no image here, so its version is unknown' : 'matched by service name only (its image is not one the catalog knows), so its version is unknown' };
  }
  const dated = dateEra(catalog, c.image?.tag);
  if (dated && c.component.mender) {
    // An image of one era only with a date outside that era: the catalog knows neither; say nothing era-specific.
    const only = c.pattern?.era ?? singleEra(c.component);
    if (only && dated.era !== only && dated.era !== UNKNOWN_ERA) return { era: UNKNOWN_ERA, why: `${dated.why}, while ${c.component.id}'s image is known only in the ${only} era` };
    return dated;
  }
  if (c.pattern?.era) return { era: c.pattern.era, why: `image "${c.pattern.name}" belongs to the ${c.pattern.era} era` };
  const single = singleEra(c.component);
  if (single) return { era: single, why: `${c.component.id} exists in the ${single} era only` };
  const tag = c.image?.tag;
  if (tag && c.component.mender) {
    for (const t of catalog.tagEras) if (new RegExp(t.pattern).test(tag)) return { era: t.era, why: `image tag "${tag}"` };
  }
  return undefined;
}

function singleEra(c: ComponentDef): string | undefined {
  const eras = Object.keys(c.eras).filter((e) => e !== ANY_ERA);
  return eras.length === 1 && !c.eras[ANY_ERA] ? eras[0] : undefined;
}

/** The era of a build-date tag (`saas-v2020.10.14`): the catalog era whose dates hold it, else unknown. */
export function dateEra(catalog: Catalog, tag: string | undefined): { era: string; why: string } | undefined {
  if (!tag) return undefined;
  for (const t of catalog.tagDates ?? []) {
    const g = new RegExp(t.pattern).exec(tag)?.groups;
    if (!g) continue;
    const date = `${g.year}-${g.month.padStart(2, '0')}-${g.day.padStart(2, '0')}`;
    const e = catalog.eras.find((x) => x.dates && (!x.dates.from || x.dates.from <= date) && (!x.dates.until || date < x.dates.until));
    return e
      ? { era: e.id, why: `image tag "${tag}" (${t.what} of ${date})` }
      : { era: UNKNOWN_ERA, why: `image tag "${tag}" (${t.what} of ${date}, between the eras the catalog knows)` };
  }
  return undefined;
}

/** Services of the stack that are the given component. */
export function servicesOf(stack: MenderStack, componentId: string): ServiceMatch[] {
  return [...stack.services.values()].filter((m) => m.component.id === componentId);
}

export { componentById };
