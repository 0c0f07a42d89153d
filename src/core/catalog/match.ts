import { get, isSeq, str, YNode } from '../model/node';
import type { Project, Service } from '../manifest/project';
import { serviceEnv } from './env';
import { componentById, erasReading, factsFor, menderCatalog, readsInSomeEra, readVars } from './load';
import { ANY_ERA, Catalog, ComponentDef, ComponentEra, EnvVarDef, ImagePattern } from './model';

/** An image reference taken apart; variables left unresolved become empty parts. */
export interface ImageRef {
  /** Repository path segments (registry host included when written). */
  path: string[];
  /** Last segment: the image's own name. */
  name: string;
  tag: string | undefined;
  /** The written text used `${...}` somewhere in the path (a registry/repository variable). */
  variablePath: boolean;
  /** The reference as written, variables and all. */
  written?: string;
}

const VAR = /\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g;

/** Parses `registry/ns/name:tag@digest`. `${VAR}` parts are kept as `$` so their position is known. */
export function parseImage(text: string): ImageRef {
  // Index arithmetic rather than split/some: the catalog parses the image of every service of the stack.
  const trimmed = text.trim();
  const marked = trimmed.includes('$') ? trimmed.replace(VAR, '$') : trimmed;
  const at = marked.indexOf('@');
  const noDigest = at < 0 ? marked : marked.slice(0, at);
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  const repo = colon > slash ? noDigest.slice(0, colon) : noDigest;
  const tag = colon > slash ? noDigest.slice(colon + 1) : undefined;
  const path = repo.split('/');
  const name = path[path.length - 1];
  // A `$` in a segment before the name: the registry or repository is a variable.
  const variablePath = slash >= 0 && repo.lastIndexOf('$', slash) >= 0;
  return { path, name, tag: tag === '$' || tag === '' ? undefined : tag, variablePath };
}

export interface ServiceMatch {
  service: Service;
  component: ComponentDef;
  /** The era whose facts apply, for messages: one era id, or the candidates joined ("2.x or 3.x"). */
  era: string;
  /** The candidate eras the evidence leaves (the catalog's order); empty for era-independent components. */
  eras: string[];
  /** What holds in every candidate era (defaults, links, routes, required settings). */
  facts: ComponentEra;
  /** Every variable any candidate era reads (a variable in here is never "unread"). */
  read: EnvVarDef[];
  via: 'image' | 'name';
  edition?: 'enterprise';
  /** How the era was decided, for hovers and messages. */
  eraReason: string;
  /** Why the service was taken for this component, for hovers. */
  whyComponent: string;
  /** The image (as written) and its parsed form, when the service has one. */
  image?: ImageRef;
}

export interface MenderStack {
  catalog: Catalog;
  /** False for stacks that are not Mender's: the catalog rules then say nothing. */
  isMender: boolean;
  era: string;
  eras: string[];
  eraReason: string;
  services: Map<string, ServiceMatch>;
}

interface Candidate {
  component: ComponentDef;
  via: 'image' | 'name';
  pattern?: ImagePattern;
  image?: ImageRef;
  /** The image path says Mender (mendersoftware, registry.mender.io, a registry/repository variable). */
  menderImage: boolean;
  /** The service has no `image` here (an overlay's fragment, or a build). */
  imageless?: boolean;
  /** Variables it sets that this component reads in some era (generic ones aside). */
  ownVars: string[];
}

/** The service's image: the written text (variables kept) when they left the value without a name. */
function imageOf(svc: Service): ImageRef | undefined {
  const n = get(svc.node, 'image');
  if (n?.kind !== 'scalar' || n.value === null) return undefined;
  const value = parseImage(String(n.value));
  const written = n.interpolation ? parseImage(n.interpolation.written) : value;
  // An unset variable leaves `//deployments:`; the written form still tells the name and that the path was variable.
  return {
    ...value,
    name: value.name || (written.name.includes('$') ? '' : written.name),
    variablePath: written.variablePath,
    written: n.interpolation?.written,
    tag: value.tag ?? (written.tag?.includes('$') ? undefined : written.tag),
  };
}

function matchImage(catalog: Catalog, img: ImageRef): Omit<Candidate, 'ownVars'> | undefined {
  const name = img.name.toLowerCase();
  if (!name || name.includes('$')) return undefined;
  const hits = indexOf(catalog).images.get(name);
  if (!hits) return undefined;
  const path = img.path.map((p) => p.toLowerCase());
  const menderImage = img.variablePath || path.slice(0, -1).some((p) => catalog.menderNamespaces.includes(p));
  for (const [c, p] of hits) {
    if (p.namespaces && !img.variablePath && !p.namespaces.some((ns) => path.slice(0, -1).includes(ns))) continue;
    return { component: c, via: 'image', pattern: p, image: img, menderImage };
  }
  return undefined;
}

/** Image and service names to components, built once per catalog (lint runs this for every service). */
const indexes = new WeakMap<Catalog, { images: Map<string, [ComponentDef, ImagePattern][]>; names: Map<string, ComponentDef> }>();
function indexOf(catalog: Catalog): { images: Map<string, [ComponentDef, ImagePattern][]>; names: Map<string, ComponentDef> } {
  let ix = indexes.get(catalog);
  if (!ix) {
    ix = { images: new Map(), names: new Map() };
    for (const c of catalog.components) {
      for (const p of c.match.images) {
        const hits = ix.images.get(p.name);
        if (hits) hits.push([c, p]);
        else ix.images.set(p.name, [[c, p]]);
      }
      for (const n of c.match.names) if (!ix.names.has(n)) ix.names.set(n, c);
    }
    indexes.set(catalog, ix);
  }
  return ix;
}

function matchName(catalog: Catalog, name: string): Omit<Candidate, 'ownVars'> | undefined {
  const c = indexOf(catalog).names.get(name.toLowerCase());
  return c && { component: c, via: 'name', menderImage: false };
}

function composeVersion(project: Project): string {
  for (const d of project.documents) {
    if (d.role !== 'stack') continue;
    const v = str(get(d.root, 'version'));
    if (v !== undefined) return v;
  }
  return '';
}

function isGeneric(name: string, generic: string[]): boolean {
  return generic.some((g) => (g.endsWith('*') ? name.startsWith(g.slice(0, -1)) : name === g));
}

/** Whether the service's command or name contains `word` (the workflows worker runs `workflows worker`). */
export function hasRole(svc: Service, word: string): boolean {
  if (svc.name.toLowerCase().includes(word)) return true;
  return commandText(svc).toLowerCase().split(/\s+/).includes(word);
}

export function commandText(svc: Service): string {
  const parts = (n: YNode | undefined): string => (isSeq(n) ? n.items.map((i) => str(i) ?? '').join(' ') : (str(n) ?? ''));
  return `${parts(get(svc.node, 'entrypoint'))} ${parts(get(svc.node, 'command'))}`.trim();
}

const cache = new WeakMap<Project, MenderStack>();

/** The catalog's era ids in its order, and each component's, made once: the matching asks for them per service. */
const eraIdLists = new WeakMap<object, string[]>();
function eraIds(catalog: Catalog): string[] {
  let ids = eraIdLists.get(catalog);
  if (!ids) eraIdLists.set(catalog, (ids = catalog.eras.map((e) => e.id)));
  return ids;
}
/** The eras the component exists in (every era for an era-independent one). */
function erasOf(catalog: Catalog, c: ComponentDef): string[] {
  let ids = eraIdLists.get(c);
  if (!ids) eraIdLists.set(c, (ids = c.eras[ANY_ERA] ? eraIds(catalog) : eraIds(catalog).filter((e) => c.eras[e])));
  return ids;
}

/** The catalog's patterns (tags, variables, compose versions) as RegExps, each made once: lint asks them for every Mender service. */
const patterns = new Map<string, RegExp>();
export function catalogPattern(source: string): RegExp {
  let re = patterns.get(source);
  if (!re) patterns.set(source, (re = new RegExp(source)));
  return re;
}

/** One piece of era evidence: the eras it allows, how much it weighs (0 strongest), and why. */
interface Evidence {
  eras: string[];
  strength: number;
  why: string;
}

/**
 * Which services are which Mender components, and which eras they can be. A service is a Mender component when
 * the evidence says so: a Mender image (or the registry/repository variables Mender's files use), variables of
 * that component it sets, or Mender components beside it; a name alone is not enough. The era comes from the
 * evidence too (release and date tags, images and components that exist in some eras only, the variables set,
 * weakly plain component versions and `version:`); `latest` or `master` decide nothing. What is left is a set of
 * candidate eras: rules then use only what holds in every candidate.
 */
export function menderStack(project: Project, catalog: Catalog = menderCatalog()): MenderStack {
  const hit = cache.get(project);
  if (hit && hit.catalog === catalog) return hit;
  const cands = new Map<string, Candidate>();
  for (const svc of project.services.values()) {
    const img = imageOf(svc);
    const c = (img && matchImage(catalog, img)) ?? matchName(catalog, svc.name);
    if (!c) continue;
    // Only a Mender component's own variables are evidence (a MongoDB's are not).
    const ownVars: string[] = [];
    if (c.component.mender)
      for (const v of serviceEnv(project, svc).vars.keys()) if (!isGeneric(v, catalog.genericEnv) && readsInSomeEra(catalog, c.component, v)) ownVars.push(v);
    cands.set(svc.name, { ...c, image: img ?? c.image, imageless: get(svc.node, 'image') === undefined, ownVars });
  }
  // Direct evidence: a Mender image, or a Mender component's own variables. Then neighbours vouch for the rest.
  const direct = new Map<string, string>();
  for (const [name, c] of cands) {
    if (!c.component.mender) continue;
    if (c.menderImage)
      direct.set(
        name,
        `its image ${c.image?.variablePath ? "has a registry/repository variable, as Mender's files do, and is named" : "is Mender's"} "${c.image?.name}"`,
      );
    else if (c.ownVars.length) direct.set(name, `it sets ${c.ownVars.slice(0, 2).join(', ')}, read by Mender's ${c.component.id}`);
  }
  const isMender = direct.size > 0;
  const services = new Map<string, ServiceMatch>();
  if (!isMender) {
    const result: MenderStack = { catalog, isMender, era: '', eras: [], eraReason: 'not a Mender stack', services };
    cache.set(project, result);
    return result;
  }
  const neighbours = [...direct.keys()]
    .slice(0, 2)
    .map((n) => `"${n}"`)
    .join(', ');
  const whyOf = (name: string, c: Candidate): string =>
    direct.get(name) ??
    `its ${c.via === 'image' ? `image "${c.image?.name}"` : 'name'} is that of ${c.component.mender ? "Mender's" : 'the'} ${c.component.id}, beside Mender components (${neighbours})`;

  const allEras = eraIds(catalog);
  const own = new Map<string, Evidence[]>();
  for (const [name, c] of cands) own.set(name, evidenceOf(catalog, name, c));
  const version = composeVersion(project);
  const byVersion = allEras.filter((id) => catalogPattern(catalog.eras.find((e) => e.id === id)!.composeVersion).test(version));
  const stackEvidence: Evidence[] = [...own.values()].flat();
  if (byVersion.length && byVersion.length < allEras.length)
    stackEvidence.push({ eras: byVersion, strength: 2, why: version ? `compose version "${version}"` : 'no compose version' });
  // Grouped once: every candidate is narrowed by the whole stack's evidence.
  const stackGroups = byStrength(stackEvidence);
  // The configuration file's `menderEra` replaces the evidence: that era, for the stack and every component in it.
  const forced = project.menderEra && allEras.includes(project.menderEra.era) ? project.menderEra : undefined;
  const forcedWhy = forced && `menderEra "${forced.era}" in the configuration file ${forced.file}`;
  const stackEra = forced ? { eras: [forced.era], whys: [forcedWhy!] } : narrow(allEras, stackGroups);

  for (const [name, c] of cands) {
    const compEras = erasOf(catalog, c.component); // used only for a component of some eras
    let eras: string[] = [];
    let reason = 'the same in every era';
    if (forced && !c.component.eras[ANY_ERA] && compEras.includes(forced.era)) {
      eras = [forced.era];
      reason = forcedWhy!;
    } else if (!c.component.eras[ANY_ERA]) {
      const mine = narrow(compEras.length ? compEras : allEras, byStrength(own.get(name)!));
      const all = narrow(mine.eras, stackGroups);
      eras = all.eras;
      reason = [...mine.whys, ...all.whys.filter((w) => !mine.whys.includes(w))].slice(0, 4).join('; ') || 'no evidence: every era it exists in';
      if (eras.length > 1) reason += ` (candidates ${eras.join(', ')}: only what holds in all of them applies)`;
      if (forced) reason += `; ${forcedWhy!} set aside: ${c.component.id} does not exist in that era`;
    }
    services.set(name, {
      service: project.services.get(name)!,
      component: c.component,
      era: eras.length ? eras.join(' or ') : ANY_ERA,
      eras,
      facts: factsFor(c.component, eras),
      read: readVars(c.component, eras),
      via: c.via,
      edition: c.pattern?.edition,
      eraReason: reason,
      whyComponent: whyOf(name, c),
      image: c.image,
    });
  }
  const result: MenderStack = {
    catalog,
    isMender,
    era: stackEra.eras.join(' or '),
    eras: stackEra.eras,
    eraReason: stackEra.whys.slice(0, 4).join('; ') || 'no evidence',
    services,
  };
  cache.set(project, result);
  return result;
}

/** Evidence of one strength, and the reasons it gives (each once, in order). */
interface StrengthGroup {
  ev: Evidence[];
  whys: string[];
}

/** The evidence by strength, strongest (0) first. */
function byStrength(evidence: Evidence[]): StrengthGroup[] {
  const groups: StrengthGroup[] = [0, 1, 2].map(() => ({ ev: [], whys: [] }));
  for (let i = 0; i < evidence.length; i++) {
    const e = evidence[i];
    const g = groups[e.strength];
    g.ev.push(e);
    if (!g.whys.includes(e.why)) g.whys.push(e.why);
  }
  return groups;
}

/**
 * Narrows `start` by the evidence, strongest first. Evidence of one strength that agrees is intersected; when it
 * conflicts (a stack mid-upgrade), the eras any of it allows stay candidates. Evidence that would leave nothing
 * is set aside (it is about eras this component does not exist in).
 */
function narrow(start: string[], groups: StrengthGroup[]): { eras: string[]; whys: string[] } {
  let eras = start;
  const whys: string[] = [];
  let saying = 0; // groups whose reasons are in `whys`: one group's are unique already
  for (const { ev, whys: evWhys } of groups) {
    if (!ev.length) continue;
    const inter = eras.filter((x) => ev.every((e) => e.eras.includes(x)));
    if (inter.length) {
      if (inter.length < eras.length) {
        whys.push(...evWhys);
        saying++;
      }
      eras = inter;
      continue;
    }
    const union = eras.filter((x) => ev.some((e) => e.eras.includes(x)));
    if (union.length && union.length < eras.length) {
      whys.push(`conflicting evidence (${evWhys.slice(0, 3).join('; ')})`);
      saying++;
      eras = union;
    }
  }
  return { eras, whys: saying > 1 ? [...new Set(whys)] : whys };
}

/** A service's own era evidence: its tag, an image or component of some eras only, the variables it sets. */
function evidenceOf(catalog: Catalog, name: string, c: Candidate): Evidence[] {
  const out: Evidence[] = [];
  const allEras = eraIds(catalog);
  const compEras = erasOf(catalog, c.component);
  if (c.pattern?.eras) out.push({ eras: c.pattern.eras, strength: 0, why: `${name}: image "${c.pattern.name}" exists in ${c.pattern.eras.join(', ')} only` });
  else if (c.component.mender && compEras.length < allEras.length && (c.via === 'image' || c.ownVars.length)) {
    out.push({ eras: compEras, strength: 0, why: `${name}: ${c.component.id} exists in ${compEras.join(', ')} only` });
  }
  const tag = c.image?.tag;
  if (tag && c.via === 'image' && c.component.mender) {
    const dated = dateEra(catalog, tag);
    if (dated) out.push({ eras: dated.eras, strength: 0, why: `${name}: ${dated.why}` });
    else
      for (const t of catalog.tagEras) {
        if (!catalogPattern(t.pattern).test(tag)) continue;
        out.push({ eras: t.eras, strength: t.strength ?? 0, why: `${name}: image tag "${tag}"` });
        break;
      }
  }
  const written = c.image?.written;
  if (written && c.component.mender) {
    const iv = (catalog.imageVariables ?? []).find((v) => catalogPattern(v.pattern).test(written));
    if (iv) out.push({ eras: iv.eras, strength: 1, why: `${name}: its image is written with the variables of ${iv.eras.join(', ')}'s release files` });
  }
  // Variables it sets that only some eras of the component read (AWS_URI in 1.x, DEPLOYMENTS_AWS_URI later).
  if (c.component.mender) {
    for (const v of c.ownVars) {
      const reading = erasReading(catalog, c.component, v);
      if (reading.length && reading.length < compEras.length) out.push({ eras: reading, strength: 1, why: `${name} sets ${v}, read in ${reading.join(', ')}` });
    }
  }
  return out;
}

/** The eras of a build-date tag (`saas-v2020.10.14`): the catalog eras whose dates hold it. */
export function dateEra(catalog: Catalog, tag: string | undefined): { eras: string[]; why: string } | undefined {
  if (!tag) return undefined;
  for (const t of catalog.tagDates ?? []) {
    const g = catalogPattern(t.pattern).exec(tag)?.groups;
    if (!g) continue;
    const date = `${g.year}-${g.month.padStart(2, '0')}-${g.day.padStart(2, '0')}`;
    const eras = catalog.eras.filter((x) => x.dates && (!x.dates.from || x.dates.from <= date) && (!x.dates.until || date < x.dates.until)).map((x) => x.id);
    return eras.length ? { eras, why: `image tag "${tag}" (${t.what} of ${date})` } : undefined;
  }
  return undefined;
}

/** Services of the stack that are the given component. */
export function servicesOf(stack: MenderStack, componentId: string): ServiceMatch[] {
  return [...stack.services.values()].filter((m) => m.component.id === componentId);
}

export { componentById };
