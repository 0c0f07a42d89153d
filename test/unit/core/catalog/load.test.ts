import assert from 'node:assert/strict';
import { test } from 'node:test';
import raw from '../../../../src/core/catalog/mender-catalog.json';
import { CatalogError, erasReading, menderCatalog, readsInSomeEra, validateCatalog } from '../../../../src/core/catalog/load';
import type { Catalog } from '../../../../src/core/catalog/model';

const clone = (): Catalog => JSON.parse(JSON.stringify(raw)) as Catalog;
/** Writes a value the model forbids (that is the point of these tests). */
const force = (o: object, key: string, v: unknown): void => {
  (o as Record<string, unknown>)[key] = v;
};

test('the bundled catalog loads and validates', () => {
  // menderCatalog() skips the check at run time (start-up cost): this test is where a bad edit fails.
  const c = menderCatalog();
  assert.deepEqual(validateCatalog(raw), c);
  assert.ok(c.components.length >= 15);
  assert.deepEqual(
    c.eras.map((e) => e.id),
    ['0.x', '2016', '2.x', '3.x', 'current'],
  );
  const deployments = c.components.find((k) => k.id === 'deployments')!;
  assert.equal(deployments.eras['current'].env.find((e) => e.name === 'DEPLOYMENTS_MONGO_URL')?.default, 'mongodb://mongo-deployments:27017');
  const deviceadm = c.components.find((k) => k.id === 'deviceadm')!;
  assert.equal(deviceadm.eras['2016'].env.find((e) => e.name === 'DEVICEADM_MONGO')?.default, 'mongo-device-adm:27017');
});

test('an optionalIn era that is not an era names the entry', () => {
  const c = clone();
  const env = c.components.find((k) => k.id === 'workflows')!.eras['3.x|current'].env.find((e) => e.name === 'WORKFLOWS_NATS_URI')!;
  env.optionalIn = ['3.9'];
  assert.throws(() => validateCatalog(c), /component "workflows", era "3\.x", variable WORKFLOWS_NATS_URI\.optionalIn: unknown era "3\.9"/);
});

test('a target that is not a component names the entry', () => {
  const c = clone();
  c.components.find((k) => k.id === 'deviceadm')!.eras['0.x|2016'].env[0].target = 'mongoo';
  assert.throws(
    () => validateCatalog(c),
    (e: unknown) =>
      e instanceof CatalogError && /component "deviceadm", era "2016", variable DEVICEADM_MONGO: target "mongoo" is not a component/.test(e.message),
  );
});

test('a bad kind, an unknown era and a duplicate id are refused with their place', () => {
  const a = clone();
  force(a.components[0].eras['3.x|current'].env[0], 'kind', 'uri');
  assert.throws(() => validateCatalog(a), /variable DEPLOYMENTS_MONGO_URL: kind "uri" is not one of/);
  const e = clone();
  e.components[0].eras['2.x|2016'] = { ports: [], envPrefixes: [], env: [] };
  assert.throws(() => validateCatalog(e), /component "deployments": era "2.x" given twice/);
  const b = clone();
  b.components[0].eras['2017'] = { ports: [], envPrefixes: [], env: [] };
  assert.throws(() => validateCatalog(b), /component "deployments", era "2017": unknown era/);
  const d = clone();
  d.components.push({ ...d.components[0] });
  assert.throws(() => validateCatalog(d), /component "deployments": duplicate id/);
  assert.throws(() => validateCatalog({ version: 2 }), /version: unsupported version 2/);
});

test('erasReading and readsInSomeEra: the eras (catalog order) whose facts read the name, for every component and name', () => {
  // They loop instead of mapping and filtering (asked for every variable of every Mender service): same answers as
  // the map/filter they replaced, for each name any era reads, and names none does.
  const c = menderCatalog();
  const reference = (comp: Catalog['components'][number], name: string): string[] => {
    const any = comp.eras['any'];
    if (any) return any.env.some((d) => d.name === name) ? c.eras.map((e) => e.id) : [];
    return c.eras.map((e) => e.id).filter((e) => comp.eras[e]?.env.some((d) => d.name === name));
  };
  const names = new Set(['', 'NOT_READ_BY_ANYONE', 'TZ']);
  for (const comp of c.components) for (const facts of Object.values(comp.eras)) for (const d of facts.env) names.add(d.name);
  let partial = 0;
  for (const comp of c.components)
    for (const name of names) {
      const want = reference(comp, name);
      assert.deepEqual(erasReading(c, comp, name), want, `${comp.id} ${name}`);
      assert.equal(readsInSomeEra(c, comp, name), want.length > 0, `${comp.id} ${name}`);
      if (want.length > 0 && want.length < c.eras.length) partial++;
    }
  assert.ok(partial > 20, `names read in some eras only are exercised (${partial})`);
});
