import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mapImage, parseBytes, parseDuration, parseImageMapping, shellSplit, type ImageMapping } from '../../../../src/core/deploy/units';

test('durations, sizes, shell words', () => {
  assert.equal(parseDuration('1m30s'), 90e9);
  assert.equal(parseDuration('500ms'), 5e8);
  assert.equal(parseDuration('1h'), 3600e9);
  assert.equal(parseDuration('10'), 10e9);
  assert.equal(parseDuration('ten'), undefined);
  assert.equal(parseBytes('512M'), 512 * 1024 * 1024);
  assert.equal(parseBytes('1gb'), 1024 ** 3);
  assert.equal(parseBytes('100'), 100);
  assert.equal(parseBytes('lots'), undefined);
  assert.deepEqual(shellSplit(`sh -c 'echo "$A b"' x\\ y`), ['sh', '-c', 'echo "$A b"', 'x y']);
  assert.deepEqual(shellSplit('a "b'), { error: 'unterminated double quote' });
});

test('--image-map globs: first match wins, * carries over', () => {
  const maps = ['mendersoftware/*=mirror.local:5000/mender/*', 'mongo:*=local/mongo:*', '*=local/busybox:1'].map((m) => parseImageMapping(m) as ImageMapping);
  assert.equal(mapImage('mendersoftware/deviceauth:latest', maps), 'mirror.local:5000/mender/deviceauth:latest');
  assert.equal(mapImage('mongo:latest', maps), 'local/mongo:latest');
  assert.equal(mapImage('minio/minio:RELEASE.2016-10-07T01-16-39Z', maps), 'local/busybox:1');
  assert.equal(mapImage('mongo:3.4', maps.slice(0, 1)), 'mongo:3.4');
  assert.ok('error' in parseImageMapping('nothing'));
  assert.ok('error' in parseImageMapping('a=b*'));
});
