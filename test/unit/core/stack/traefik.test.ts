// isTraefikImage reads the image without a case-insensitive regex (compiled anew in every CLI process): it must
// answer what that regex answered.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { isTraefikImage } from '../../../../src/core/stack/traefik';

test('isTraefikImage: what /(^|\\/)traefik(:|@|$)/i said', () => {
  let seed = 17;
  const rnd = (k: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
    return Math.floor((seed / 0x80000000) * k);
  };
  const pieces = ['traefik', 'TRAEFIK', 'Traefik', 'traefi', 'k', '/', ':', '@', 'v2.10', 'docker.io', 'x', '-', 'library', '\u212a', 'ſ', ' '];
  const images = ['', 'traefik', 'TRAEFIK', 'traefik:', 'traefik@', '/traefik', 'xtraefik', 'traefikx', 'traefik/', 'traefiK', 'traefi\u212a'];
  for (let n = 0; n < 30_000; n++) images.push(Array.from({ length: rnd(6) }, () => pieces[rnd(pieces.length)]).join(''));
  let yes = 0;
  for (const image of images) {
    const want = /(^|\/)traefik(:|@|$)/i.test(image);
    assert.equal(isTraefikImage(image), want, JSON.stringify(image));
    if (want) yes++;
  }
  assert.ok(yes > 1000 && yes < images.length - 1000, `both answers are exercised (${yes} of ${images.length})`);
});
