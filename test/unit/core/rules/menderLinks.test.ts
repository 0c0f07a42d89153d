// defaultHost reads a default value without a case-insensitive regex (compiled anew in every CLI process): it must
// find what that regex found, with its choices (scheme or not, user or not) tried in the same order.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { defaultHost } from '../../../../src/core/rules/menderLinks';

test('defaultHost: what /^(?:[a-z][a-z0-9+.-]*:\\/\\/)?(?:[^@/]*@)?([A-Za-z0-9][A-Za-z0-9._-]*)/i found', () => {
  let seed = 19;
  const rnd = (k: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
    return Math.floor((seed / 0x80000000) * k);
  };
  const pieces = ['http', 'Mongo', '://', ':', '/', '@', 'user', 'pw', 'host', 'a.b', '-', '_', '.', '8080', ' ', '\u212a', 'é', '+'];
  const values = ['', '@', '/', '://', 'a://@', 'a://@x', 'a:///x', '@x', 'x@', 'a://b@c/d@e', 'mongo-device-adm:27017', 'http://mender-inventory:8080/'];
  for (let n = 0; n < 40_000; n++) values.push(Array.from({ length: rnd(7) }, () => pieces[rnd(pieces.length)]).join(''));
  let found = 0;
  for (const v of values) {
    const want = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^@/]*@)?([A-Za-z0-9][A-Za-z0-9._-]*)/i.exec(v)?.[1];
    assert.equal(defaultHost(v), want, JSON.stringify(v));
    if (want !== undefined) found++;
  }
  assert.ok(found > 5000 && found < values.length - 5000, `both answers are exercised (${found} of ${values.length})`);
});
