// isSecretName, redactSubstitutions and valuePieces work without regexes (a regex is compiled anew in every CLI
// process): they must answer what the regexes they replaced answered, on generated names, values and messages.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { isSecretName, redactSubstitutions, type Substitution, valuePieces } from '../../../src/core/mask';

const OLD_SECRET_NAME =
  /pass(word|wd|phrase)?|pwd|secret|token|api[_-]?key|private[_-]?key|access[_-]?key|credential|auth|cookie|session[_-]?key|signing[_-]?key|encryption[_-]?key|salt|_key$|^key$|^.*_dsn$/i;
const oldIsSecretName = (name: string): boolean => OLD_SECRET_NAME.test(name) && !/_FILE$/i.test(name);

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** redactSubstitutions as it was: one alternation of every value. */
function oldRedact(subs: readonly Substitution[]): (message: string) => string {
  const secret = new Map<string, string>();
  const plain = new Map<string, string>();
  for (const s of [...subs].sort((a, b) => b.value.length - a.value.length)) {
    if (s.value === s.written || s.value.trim() === '') continue;
    const into = s.secret ? secret : plain;
    if (s.value.length < (s.secret ? 2 : 4) || into.has(s.value)) continue;
    into.set(s.value, s.written);
  }
  const alt = (m: Map<string, string>): string => [...m.keys()].map(escapeRegExp).join('|');
  const reSecret = secret.size ? new RegExp(alt(secret), 'g') : undefined;
  const rePlain = plain.size ? new RegExp(`(?<![A-Za-z0-9_.-])(?:${alt(plain)})(?![A-Za-z0-9_-])`, 'g') : undefined;
  return (message) => {
    let out = message;
    if (rePlain) out = out.replace(rePlain, (m) => plain.get(m) ?? m);
    if (reSecret) out = out.replace(reSecret, (m) => secret.get(m) ?? m);
    return out;
  };
}

function oldValuePieces(value: string): string[] {
  const rest = value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  return rest.split(/[\s:/@?#=,;&]+/).filter((p) => p !== '' && p !== value);
}

function random(seed: number): (k: number) => number {
  return (k) => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
    return Math.floor((seed / 0x80000000) * k); // the high bits: the low bits of this generator repeat quickly
  };
}

/** Names made of pieces of the secret words in any case, separators, line breaks and letters whose case folds to ASCII. */
const NAME_PIECES = [
  ...['pass', 'word', 'wd', 'phrase', 'pwd', 'secret', 'token', 'api', 'key', 'private', 'access', 'credential', 'auth', 'cookie'],
  ...['session', 'signing', 'encryption', 'salt', 'dsn', 'file', 'sal', 'tok', 'pas', 'fil', 'ds', 'ke', 'x', 'db', 'mongo'],
  ...['_', '_', '-', '.', ' ', '\n', '\r', '\u2028', '\u2029', '\u017f', '\u212a', '\u0130', '\u0131', 'é', 'É'],
];
const anyCase = (s: string, rnd: (k: number) => number): string => [...s].map((c) => [c, c.toUpperCase(), c.toLowerCase()][rnd(3)]).join('');

test('isSecretName: what the case-insensitive SECRET_NAME regex and the _FILE exception said', () => {
  const rnd = random(7);
  const names = ['', 'key', 'KEY', 'Key', '_key', 'x_key', 'x_dsn', 'X_DSN', '_dsn', 'dsn', 'a\n_dsn', 'a\u2028_DSN', 'key_file', 'pass_FILE', 'PASSWORD'];
  for (const p of NAME_PIECES) names.push(p, p.toUpperCase(), `X_${p.toUpperCase()}`, `${p}_file`);
  for (let n = 0; n < 40_000; n++) names.push(anyCase(Array.from({ length: 1 + rnd(5) }, () => NAME_PIECES[rnd(NAME_PIECES.length)]).join(''), rnd));
  let secrets = 0;
  for (const name of names) {
    const want = oldIsSecretName(name);
    assert.equal(isSecretName(name), want, JSON.stringify(name));
    if (want) secrets++;
  }
  assert.ok(secrets > names.length / 10 && secrets < names.length - names.length / 10, `both answers are exercised (${secrets} of ${names.length})`);
});

test('redactSubstitutions: what one alternation of every value (longest first, whole words for plain values) replaced', () => {
  const rnd = random(3);
  // A small alphabet, so that values overlap and occur often, next to boundary characters and not.
  const word = (max: number, alphabet = 'aaabb.-_ :A'): string => Array.from({ length: rnd(max + 1) }, () => alphabet[rnd(alphabet.length)]).join('');
  let changed = 0;
  for (let n = 0; n < 3_000; n++) {
    const subs: Substitution[] = Array.from({ length: rnd(8) }, (_, i) => ({ value: word(5, 'aaab.-'), written: `\${V${i}}`, secret: rnd(3) === 0 }));
    if (n % 50 === 0) subs.push({ value: 'a.b$c(d)', written: '${SPECIAL}', secret: n % 100 === 0 });
    const want = oldRedact(subs);
    const got = redactSubstitutions(subs);
    for (let m = 0; m < 10; m++) {
      // Half the messages are made of the values themselves and short runs between them.
      const parts = Array.from({ length: rnd(12) }, () => (subs.length && rnd(2) ? subs[rnd(subs.length)].value : word(3)));
      const message = m === 0 ? '' : m % 2 ? word(40) + (m === 1 ? 'a.b$c(d)' : '') : parts.join('');
      assert.equal(got(message), want(message), `${JSON.stringify(subs)} ${JSON.stringify(message)}`);
      if (want(message) !== message) changed++;
    }
  }
  assert.ok(changed > 4_000, `replacements are exercised (${changed})`);
});

test('valuePieces: what the scheme regex and the separator split gave', () => {
  const rnd = random(5);
  const pieces = [
    'http',
    'MongoDB+srv',
    'a',
    'b1',
    '://',
    ':',
    '/',
    '@',
    '?',
    '#',
    '=',
    ',',
    ';',
    '&',
    ' ',
    '\t',
    '\u00a0',
    '\u2003',
    'x.y-z',
    '1a',
    '\u212a',
    'é',
  ];
  const values = ['', 'http://', 'a://b', '1://x', '://x', 'redis://user:pw@host:6379/0'];
  for (let n = 0; n < 20_000; n++) values.push(Array.from({ length: rnd(7) }, () => pieces[rnd(pieces.length)]).join(''));
  for (const v of values) assert.deepEqual(valuePieces(v), oldValuePieces(v), JSON.stringify(v));
});
