// editDistance works in three rows it reuses from call to call: it must give what the textbook recurrence gives,
// for any lengths in any order, with and without swaps and early stops.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { editDistance, nearest } from '../../../../src/core/stack/text';

/** Levenshtein / optimal string alignment distance over the whole table, with no early stop. */
function reference(a: string, b: string, swaps: boolean): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (swaps && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.length][b.length];
}

test('editDistance: the textbook distance, capped at max + 1, whatever was compared before', () => {
  let seed = 11;
  const rnd = (k: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % k;
  };
  const word = (): string => Array.from({ length: rnd(12) }, () => 'abcé-'[rnd(5)]).join('');
  for (let n = 0; n < 20_000; n++) {
    // Lengths vary call to call, so rows left longer (or dirtier) by the previous call are exercised.
    const a = word();
    const b = n % 97 === 0 ? word().repeat(30) : word();
    const swaps = n % 2 === 0;
    const max = n % 3 === 0 ? Infinity : rnd(5);
    const want = reference(a, b, swaps);
    const got = editDistance(a, b, max, swaps);
    if (max === Infinity || swaps) assert.equal(Math.min(got, max + 1), Math.min(want, max + 1), `${a} ${b} ${max} ${swaps}`);
    else assert.equal(got > max ? max + 1 : got, want > max ? max + 1 : want, `${a} ${b} ${max}`);
    if (max === Infinity) assert.equal(got, want, `${a} ${b}`);
  }
  assert.equal(editDistance('imgae', 'image', Infinity, true), 1);
  assert.equal(editDistance('imgae', 'image'), 2);
});

test('nearest: closest first, then in code-point order', () => {
  assert.deepEqual(nearest('mongo-33', ['mongo-33xyz', 'mongo-3', 'mongo-13', 'mongo-23', 'mongo-33x', 'redis']), ['mongo-13', 'mongo-23', 'mongo-3']);
  assert.deepEqual(nearest('mongo-33', ['mongo-33xyz', 'mongo-33xy', 'redis']), ['mongo-33xy', 'mongo-33xyz']);
  assert.deepEqual(nearest('mongo-device-adm', ['mender-mongo-device-adm', 'minio']), ['mender-mongo-device-adm']);
});
