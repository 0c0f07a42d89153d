// The character tests and case changes that stand in for regexes (a regex is compiled anew in every CLI process)
// answer what those regexes answered, on every UTF-16 code unit.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { asciiLower, asciiUpper, isNameChar, isNameStart, urlSchemeLength } from '../../../../src/core/model/chars';

test('isNameStart / isNameChar: /[A-Za-z_]/ and /[A-Za-z0-9_]/ on every code unit', () => {
  for (let c = 0; c <= 0xffff; c++) {
    const s = String.fromCharCode(c);
    assert.equal(isNameStart(c), /[A-Za-z_]/.test(s), `U+${c.toString(16)}`);
    assert.equal(isNameChar(c), /[A-Za-z0-9_]/.test(s), `U+${c.toString(16)}`);
  }
  assert.equal(isNameStart(NaN), false);
  assert.equal(isNameChar(NaN), false);
});

test('asciiLower / asciiUpper: a non-Unicode /i regex of an ASCII word matches the changed text exactly where it matched the original', () => {
  for (let c = 0; c <= 0xffff; c++) {
    const s = String.fromCharCode(c);
    for (const letter of 'az') {
      assert.equal(asciiLower(s) === letter, new RegExp(`^${letter}$`, 'i').test(s), `U+${c.toString(16)} ${letter}`);
      assert.equal(asciiUpper(s) === letter.toUpperCase(), new RegExp(`^${letter}$`, 'i').test(s), `U+${c.toString(16)} ${letter}`);
    }
    if (c >= 128) {
      // Other characters are kept as they are, in ASCII strings and others.
      assert.equal(asciiLower(`Ab${s}Z`), `ab${s}z`);
      assert.equal(asciiUpper(`aB${s}z`), `AB${s}Z`);
    }
  }
  assert.equal(asciiLower('MONGO_Password-1'), 'mongo_password-1');
  assert.equal(asciiUpper('nats_url'), 'NATS_URL');
  assert.equal(asciiUpper(''), '');
});

test('urlSchemeLength: the scheme /^([a-z][a-z0-9+.-]*):\\/\\//i finds, or -1', () => {
  let seed = 13;
  const rnd = (k: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
    return Math.floor((seed / 0x80000000) * k);
  };
  const pieces = ['http', 'S', 'mongodb+srv', 'a.b-c', '1', '://', ':/', ':', '/', '+', '.', '-', '_', ' ', '\u212a', 'é', 'x'];
  const values = ['', ':', '://', 'a://', 'A://', '1a://', 'a:/', 'a:://', 'ſ://'];
  for (let n = 0; n < 30_000; n++) values.push(Array.from({ length: rnd(6) }, () => pieces[rnd(pieces.length)]).join(''));
  let found = 0;
  for (const v of values) {
    const m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(v);
    assert.equal(urlSchemeLength(v), m ? m[1].length : -1, JSON.stringify(v));
    if (m) found++;
  }
  assert.ok(found > 400, `schemes are exercised (${found})`);
});
