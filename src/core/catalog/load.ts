import raw from './mender-catalog.json';
import { ANY_ERA, Catalog, ComponentDef, ComponentEra, ENV_KINDS, EnvVarDef, UNKNOWN_ERA } from './model';
import { compareText } from '../stack/text';

/** A catalog entry that does not fit the model: the message names the entry and the field. */
export class CatalogError extends Error {
  constructor(
    readonly where: string,
    problem: string,
  ) {
    super(`Mender catalog: ${where}: ${problem}`);
    this.name = 'CatalogError';
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const SEVERITIES = new Set(['error', 'warning', 'info']);

/**
 * Checks the catalog's shape and its cross-references (targets name components, eras exist, patterns compile),
 * so a bad edit fails the unit tests with the entry's name rather than showing as a wrong diagnostic later.
 */
export function validateCatalog(input: unknown): Catalog {
  if (!isObj(input)) throw new CatalogError('(root)', 'must be an object');
  const data = expandEras(input);
  if (data.version !== 1) throw new CatalogError('version', `unsupported version ${JSON.stringify(data.version)} (expected 1)`);
  const eras = arr(data.eras, 'eras');
  const eraIds = new Set<string>();
  eras.forEach((e, i) => {
    const w = `eras[${i}]`;
    if (!isObj(e)) throw new CatalogError(w, 'must be an object');
    const id = text(e.id, `${w}.id`);
    text(e.title, `${w} "${id}".title`);
    text(e.source, `${w} "${id}".source`);
    regex(text(e.composeVersion, `${w} "${id}".composeVersion`), `${w} "${id}".composeVersion`);
    if (eraIds.has(id) || id === ANY_ERA || id === UNKNOWN_ERA) throw new CatalogError(w, `duplicate or reserved era "${id}"`);
    if (e.dates !== undefined) {
      if (!isObj(e.dates)) throw new CatalogError(`${w} "${id}".dates`, 'must be an object with from and/or until');
      for (const k of ['from', 'until'] as const) {
        const d = e.dates[k];
        if (d !== undefined && (typeof d !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(d)))
          throw new CatalogError(`${w} "${id}".dates.${k}`, 'must be a date YYYY-MM-DD');
      }
    }
    if (e.images !== undefined) {
      const w2 = `${w} "${id}".images`;
      if (!isObj(e.images)) throw new CatalogError(w2, 'must be an object with tags, repository and enterpriseRepository');
      arr(e.images.tags, `${w2}.tags`).forEach((t, k) => text(t, `${w2}.tags[${k}]`));
      text(e.images.repository, `${w2}.repository`);
      text(e.images.enterpriseRepository, `${w2}.enterpriseRepository`);
    }
    eraIds.add(id);
  });
  arr(data.tagEras, 'tagEras').forEach((t, i) => {
    const w = `tagEras[${i}]`;
    if (!isObj(t)) throw new CatalogError(w, 'must be an object');
    regex(text(t.pattern, `${w}.pattern`), `${w}.pattern`);
    arr(t.eras, `${w}.eras`).forEach((e) => {
      if (!eraIds.has(String(e))) throw new CatalogError(w, `unknown era "${String(e)}"`);
    });
    if (t.strength !== undefined && ![0, 1, 2].includes(t.strength as number)) throw new CatalogError(w, 'strength must be 0, 1 or 2');
  });
  (data.imageVariables === undefined ? [] : arr(data.imageVariables, 'imageVariables')).forEach((t, i) => {
    const w = `imageVariables[${i}]`;
    if (!isObj(t)) throw new CatalogError(w, 'must be an object');
    regex(text(t.pattern, `${w}.pattern`), `${w}.pattern`);
    arr(t.eras, `${w}.eras`).forEach((e) => {
      if (!eraIds.has(String(e))) throw new CatalogError(w, `unknown era "${String(e)}"`);
    });
  });
  arr(data.menderNamespaces, 'menderNamespaces').forEach((n, i) => text(n, `menderNamespaces[${i}]`));
  (data.tagDates === undefined ? [] : arr(data.tagDates, 'tagDates')).forEach((t, i) => {
    const w = `tagDates[${i}]`;
    if (!isObj(t)) throw new CatalogError(w, 'must be an object');
    const src = text(t.pattern, `${w}.pattern`);
    regex(src, `${w}.pattern`);
    text(t.what, `${w}.what`);
    for (const g of ['year', 'month', 'day']) if (!src.includes(`(?<${g}>`)) throw new CatalogError(`${w}.pattern`, `needs a named group "${g}"`);
  });
  arr(data.genericEnv, 'genericEnv').forEach((g, i) => text(g, `genericEnv[${i}]`));
  const comps = arr(data.components, 'components');
  const ids = new Set<string>();
  for (const [i, c] of comps.entries()) {
    if (!isObj(c)) throw new CatalogError(`components[${i}]`, 'must be an object');
    const id = text(c.id, `components[${i}].id`);
    if (ids.has(id)) throw new CatalogError(`component "${id}"`, 'duplicate id');
    ids.add(id);
  }
  for (const c of comps as Obj[]) checkComponent(c, ids, eraIds);
  return data as unknown as Catalog;
}

function checkComponent(c: Obj, ids: Set<string>, eraIds: Set<string>): void {
  const w = `component "${String(c.id)}"`;
  text(c.title, `${w}.title`);
  if (!isObj(c.match)) throw new CatalogError(`${w}.match`, 'must be an object with images and names');
  arr(c.match.images, `${w}.match.images`).forEach((p, i) => {
    if (!isObj(p)) throw new CatalogError(`${w}.match.images[${i}]`, 'must be an object');
    text(p.name, `${w}.match.images[${i}].name`);
    if (p.eras !== undefined)
      arr(p.eras, `${w}.match.images[${i}].eras`).forEach((e) => {
        if (!eraIds.has(String(e))) throw new CatalogError(`${w}.match.images[${i}]`, `unknown era "${String(e)}"`);
      });
  });
  arr(c.match.names, `${w}.match.names`).forEach((n, i) => text(n, `${w}.match.names[${i}]`));
  if (c.kubernetes !== undefined) {
    const k = c.kubernetes;
    if (!isObj(k) || (k.workload !== 'StatefulSet' && k.workload !== 'Deployment'))
      throw new CatalogError(`${w}.kubernetes.workload`, 'must be StatefulSet or Deployment');
    arr(k.dataPaths, `${w}.kubernetes.dataPaths`).forEach((p, i) => {
      if (typeof p !== 'string' || !p.startsWith('/')) throw new CatalogError(`${w}.kubernetes.dataPaths[${i}]`, 'must be an absolute path');
    });
    if (k.dataPathAfterArg !== undefined) text(k.dataPathAfterArg, `${w}.kubernetes.dataPathAfterArg`);
    text(k.why, `${w}.kubernetes.why`);
  }
  if (!isObj(c.eras) || !Object.keys(c.eras).length) throw new CatalogError(`${w}.eras`, 'must map at least one era to its facts');
  for (const [era, e] of Object.entries(c.eras)) {
    const we = `${w}, era "${era}"`;
    if (era !== ANY_ERA && !eraIds.has(era)) throw new CatalogError(we, `unknown era (known: ${[...eraIds].join(', ')}, ${ANY_ERA})`);
    if (!isObj(e)) throw new CatalogError(we, 'must be an object');
    arr(e.ports, `${we}.ports`).forEach((p, i) => {
      if (!Number.isInteger(p)) throw new CatalogError(`${we}.ports[${i}]`, 'must be an integer');
    });
    arr(e.envPrefixes, `${we}.envPrefixes`);
    const names = new Set<string>();
    arr(e.env, `${we}.env`).forEach((v, i) => {
      if (!isObj(v)) throw new CatalogError(`${we}.env[${i}]`, 'must be an object');
      const name = text(v.name, `${we}.env[${i}].name`);
      const wv = `${we}, variable ${name}`;
      if (names.has(name)) throw new CatalogError(wv, 'listed twice');
      names.add(name);
      if (!ENV_KINDS.includes(v.kind as never)) throw new CatalogError(wv, `kind ${JSON.stringify(v.kind)} is not one of ${ENV_KINDS.join(', ')}`);
      if (v.kind === 'url' && !Array.isArray(v.schemes)) throw new CatalogError(wv, 'a url variable must list its schemes');
      if (v.target !== undefined && (typeof v.target !== 'string' || !ids.has(v.target)))
        throw new CatalogError(wv, `target ${JSON.stringify(v.target)} is not a component`);
      if (v.severity !== undefined && (typeof v.severity !== 'string' || !SEVERITIES.has(v.severity)))
        throw new CatalogError(wv, `severity ${JSON.stringify(v.severity)} is not error, warning or info`);
      if (v.optionalIn !== undefined)
        arr(v.optionalIn, `${wv}.optionalIn`).forEach((x) => {
          if (!eraIds.has(String(x))) throw new CatalogError(`${wv}.optionalIn`, `unknown era "${String(x)}"`);
        });
    });
    for (const [i, l] of (e.links === undefined ? [] : arr(e.links, `${we}.links`)).entries()) {
      if (!isObj(l)) throw new CatalogError(`${we}.links[${i}]`, 'must be an object');
      text(l.host, `${we}.links[${i}].host`);
      text(l.why, `${we}.links[${i}].why`);
      if (!ids.has(String(l.target))) throw new CatalogError(`${we}.links[${i}]`, `target "${String(l.target)}" is not a component`);
    }
    for (const [i, cr] of (e.credentials === undefined ? [] : arr(e.credentials, `${we}.credentials`)).entries()) {
      if (!isObj(cr)) throw new CatalogError(`${we}.credentials[${i}]`, 'must be an object');
      if (!names.has(text(cr.var, `${we}.credentials[${i}].var`)))
        throw new CatalogError(`${we}.credentials[${i}]`, `variable ${String(cr.var)} is not in env`);
      if (!ids.has(String(cr.component))) throw new CatalogError(`${we}.credentials[${i}]`, `component "${String(cr.component)}" is not a component`);
      arr(cr.equals, `${we}.credentials[${i}].equals`);
    }
    for (const [i, f] of (e.files === undefined ? [] : arr(e.files, `${we}.files`)).entries()) {
      if (!isObj(f)) throw new CatalogError(`${we}.files[${i}]`, 'must be an object');
      text(f.default, `${we}.files[${i}].default`);
      text(f.what, `${we}.files[${i}].what`);
      if (f.pathVar !== undefined && (typeof f.pathVar !== 'string' || !names.has(f.pathVar)))
        throw new CatalogError(`${we}.files[${i}]`, `pathVar ${JSON.stringify(f.pathVar)} is not in env`);
    }
    for (const [i, r] of (e.requires === undefined ? [] : arr(e.requires, `${we}.requires`)).entries()) {
      if (!isObj(r)) throw new CatalogError(`${we}.requires[${i}]`, 'must be an object');
      arr(r.anyOf, `${we}.requires[${i}].anyOf`);
      text(r.what, `${we}.requires[${i}].what`);
      text(r.why, `${we}.requires[${i}].why`);
    }
    if (e.routes !== undefined) {
      const r = e.routes;
      if (!isObj(r)) throw new CatalogError(`${we}.routes`, 'must be an object');
      if (!SEVERITIES.has(String(r.severity))) throw new CatalogError(`${we}.routes`, 'severity must be error, warning or info');
      text(r.why, `${we}.routes.why`);
      arr(r.upstreams, `${we}.routes.upstreams`).forEach((u, i) => {
        if (!isObj(u)) throw new CatalogError(`${we}.routes.upstreams[${i}]`, 'must be an object');
        text(u.host, `${we}.routes.upstreams[${i}].host`);
        if (!ids.has(String(u.target))) throw new CatalogError(`${we}.routes.upstreams[${i}]`, `target "${String(u.target)}" is not a component`);
      });
    }
  }
}

/**
 * A component's facts shared by several eras are written once under `"3.x|current"`: each era gets its key. The
 * input is not changed (components are copied, their facts shared).
 */
function expandEras(input: Obj): Obj {
  if (!Array.isArray(input.components)) return input;
  return {
    ...input,
    components: input.components.map((c: unknown) => {
      if (!isObj(c) || !isObj(c.eras)) return c;
      const out: Obj = {};
      for (const k in c.eras)
        for (const e of k.includes('|') ? k.split('|') : [k]) {
          if (e in out) throw new CatalogError(`component "${String(c.id)}"`, `era "${e}" given twice`);
          out[e] = c.eras[k];
        }
      return { ...c, eras: out };
    }),
  };
}

function arr(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) throw new CatalogError(where, 'must be a list');
  return v;
}
function text(v: unknown, where: string): string {
  if (typeof v !== 'string' || !v) throw new CatalogError(where, 'must be a non-empty string');
  return v;
}
function regex(src: string, where: string): void {
  try {
    new RegExp(src);
  } catch (e) {
    throw new CatalogError(where, `not a valid regular expression: ${(e as Error).message}`);
  }
}

let loaded: Catalog | undefined;
/**
 * The bundled catalog (bundled by esbuild from the JSON import: no file read at run time). The unit tests validate
 * it (test/unit/catalog-load.test.ts), not every start: that check cost each CLI lint ~8 ms of its ~40 ms.
 */
export function menderCatalog(): Catalog {
  return (loaded ??= expandEras(raw) as unknown as Catalog);
}

export function componentById(catalog: Catalog, id: string): ComponentDef | undefined {
  return catalog.components.find((c) => c.id === id);
}

/** The component's facts for an era: that era's, else its era-independent entry. */
export function eraOf(c: ComponentDef, era: string): ComponentEra | undefined {
  return c.eras[era] ?? c.eras[ANY_ERA];
}

const factsCache = new WeakMap<ComponentDef, Map<string, ComponentEra>>();
/**
 * The component's facts when its era is one of `eras` (the candidates the evidence leaves): its era-independent
 * entry if it has one; that era's facts when one candidate is left; else only what holds in every candidate
 * (a default, a link, a route that never changed; a required setting any candidate accepts under another name
 * counts as given), with the ports of any of them. Variables any candidate reads are in `read` (see readVars).
 */
export function factsFor(c: ComponentDef, eras: string[]): ComponentEra {
  if (c.eras[ANY_ERA]) return c.eras[ANY_ERA];
  const known = eras.map((e) => c.eras[e]).filter((f): f is ComponentEra => !!f);
  if (known.length === 1) return known[0];
  const key = eras.join('|');
  let per = factsCache.get(c);
  if (!per) factsCache.set(c, (per = new Map<string, ComponentEra>()));
  const hit = per.get(key);
  if (hit) return hit;
  const all = known.length ? known : Object.values(c.eras);
  const ports = [...new Set(all.flatMap((f) => f.ports))];
  // Same fact whatever the key order or note (the JSON is hand-written).
  const k = (o: object): string =>
    JSON.stringify(o, (n: string, v: unknown): unknown =>
      n === 'note'
        ? undefined
        : v && typeof v === 'object' && !Array.isArray(v)
          ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => compareText(a, b)))
          : v,
    );
  const common = <T extends object>(pick: (f: ComponentEra) => T[] | undefined): T[] => {
    const [first, ...rest] = all.map((f) => pick(f) ?? []);
    return first.filter((x) => rest.every((r) => r.some((y) => k(y) === k(x))));
  };
  const routes = all.every((f) => f.routes && k(f.routes) === k(all[0].routes!)) ? all[0].routes : undefined;
  // A requirement holds when every candidate has it; any candidate's name for the setting satisfies it (newest first).
  const requires = (all[0].requires ?? []).flatMap((r) => {
    const same = all.map((f) => f.requires?.find((x) => x.what === r.what));
    if (same.some((x) => !x)) return [];
    return [
      {
        ...r,
        anyOf: [...new Set([...same].reverse().flatMap((x) => x!.anyOf))],
        unless: same.every((x) => k(x!.unless ?? {}) === k(r.unless ?? {})) ? r.unless : undefined,
      },
    ];
  });
  // A file every candidate needs, at the same place: the mildest severity of them holds everywhere.
  const rank = { error: 2, warning: 1, info: 0 } as const;
  const files = (all[0].files ?? []).flatMap((f) => {
    const same = all.map((x) => x.files?.find((y) => y.default === f.default && y.pathVar === f.pathVar));
    if (same.some((x) => !x)) return [];
    return [same.reduce((a, b) => (rank[a!.severity ?? 'error'] <= rank[b!.severity ?? 'error'] ? a : b))!];
  });
  const facts: ComponentEra = {
    ports,
    envPrefixes: [...new Set(all.flatMap((f) => f.envPrefixes))],
    env: common((f) => f.env),
    links: common((f) => f.links),
    credentials: common((f) => f.credentials),
    files,
    requires,
    routes,
    listenFlags: [...new Set(all.flatMap((f) => f.listenFlags ?? []))],
  };
  per.set(key, facts);
  return facts;
}

/** Every variable the component reads in any of `eras` (the first era's definition of a name wins). */
export function readVars(c: ComponentDef, eras: string[]): EnvVarDef[] {
  if (c.eras[ANY_ERA]) return c.eras[ANY_ERA].env;
  // One era (most stacks): its list as it is, since the catalog refuses a name listed twice in one era.
  if (eras.length === 1) return c.eras[eras[0]]?.env ?? [];
  const out = new Map<string, EnvVarDef>();
  for (const e of eras) for (const d of c.eras[e]?.env ?? []) if (!out.has(d.name)) out.set(d.name, d);
  return [...out.values()];
}

// Asked for every variable of every Mender service (lint's catalog matching): loops, not arrays and closures per call,
// and indexed ones: a for-of in code that runs once (a CLI lint) allocates an iterator result per turn.

/** The eras (of the catalog's order) in which the component reads `name`. */
export function erasReading(catalog: Catalog, c: ComponentDef, name: string): string[] {
  const out: string[] = [];
  const any = c.eras[ANY_ERA];
  const eras = catalog.eras;
  for (let i = 0; i < eras.length; i++) if (reads(any ?? c.eras[eras[i].id], name)) out.push(eras[i].id);
  return out;
}

/** Whether erasReading would name any era. */
export function readsInSomeEra(catalog: Catalog, c: ComponentDef, name: string): boolean {
  const any = c.eras[ANY_ERA];
  if (any) return catalog.eras.length > 0 && reads(any, name);
  const eras = catalog.eras;
  for (let i = 0; i < eras.length; i++) if (reads(c.eras[eras[i].id], name)) return true;
  return false;
}

function reads(facts: ComponentEra | undefined, name: string): boolean {
  if (!facts) return false;
  const env = facts.env;
  for (let i = 0; i < env.length; i++) if (env[i].name === name) return true;
  return false;
}
