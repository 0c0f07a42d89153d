// The character tests and case changes that stand in for regexes (a regex is compiled anew in every CLI process)
// answer what those regexes answered, on every UTF-16 code unit.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { asciiLower, asciiUpper, isNameChar, isNameStart } from '../../../../src/core/model/chars';

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
