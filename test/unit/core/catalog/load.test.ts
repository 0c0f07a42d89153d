import assert from 'node:assert/strict';
import { test } from 'node:test';
import raw from '../../../../src/core/catalog/mender-catalog.json';
import { CatalogError, menderCatalog, validateCatalog } from '../../../../src/core/catalog/load';
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
    ['2016', '2.x', '3.x', 'current'],
  );
  const deployments = c.components.find((k) => k.id === 'deployments')!;
  assert.equal(deployments.eras['current'].env.find((e) => e.name === 'DEPLOYMENTS_MONGO_URL')?.default, 'mongodb://mongo-deployments:27017');
  const deviceadm = c.components.find((k) => k.id === 'deviceadm')!;
  assert.equal(deviceadm.eras['2016'].env.find((e) => e.name === 'DEVICEADM_MONGO')?.default, 'mongo-device-adm:27017');
});

test('a target that is not a component names the entry', () => {
  const c = clone();
  c.components.find((k) => k.id === 'deviceadm')!.eras['2016'].env[0].target = 'mongoo';
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
