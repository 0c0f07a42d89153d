// isAddressVar asks a set of last words instead of a case-insensitive regex (compiled anew in every CLI process):
// it must answer what that regex answered.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { isAddressVar } from '../../../../src/core/stack/hosts';

const OLD_ADDRESS_VAR =
  /(^|_)(HOST|HOSTNAME|HOSTS|ADDR|ADDRESS|SERVER|SERVERS|ENDPOINT|URI|URL|BROKER|BROKERS|UPSTREAM|MONGO|MONGODB|REDIS|NATS|DB_HOST|AMQP)$/i;

test('isAddressVar: what the ADDRESS_VAR regex said, in any case and with any prefix', () => {
  let seed = 5;
  const rnd = (k: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
    return Math.floor((seed / 0x80000000) * k);
  };
  const pieces = [
    ...['HOST', 'HOSTNAME', 'HOSTS', 'ADDR', 'ADDRESS', 'SERVER', 'SERVERS', 'ENDPOINT', 'URI', 'URL', 'BROKER', 'BROKERS', 'UPSTREAM'],
    ...['MONGO', 'MONGODB', 'REDIS', 'NATS', 'DB', 'AMQP', 'HOS', 'OST', 'S', 'X', 'USE', 'PORT', 'TIMEOUT', '_', '_', '-', '.', ''],
    ...['\u017f', '\u0131', '\u212a', 'é', '\n'],
  ];
  const anyCase = (s: string): string => [...s].map((c) => [c, c.toLowerCase()][rnd(2)]).join('');
  const names = ['', '_', 'HOST', 'host', '_host', 'DB_HOST', 'x_db_host', 'HOſT', 'HOST\n', 'MONGO_URL', 'MONGO_URLS', 'hostname_'];
  for (let n = 0; n < 40_000; n++) names.push(anyCase(Array.from({ length: 1 + rnd(4) }, () => pieces[rnd(pieces.length)]).join('')));
  let yes = 0;
  for (const name of names) {
    const want = OLD_ADDRESS_VAR.test(name);
    assert.equal(isAddressVar(name), want, JSON.stringify(name));
    if (want) yes++;
  }
  assert.ok(yes > names.length / 10 && yes < names.length - names.length / 10, `both answers are exercised (${yes} of ${names.length})`);
});
