import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { interpolate } from '../../../src/core/manifest/interpolate';
import { parseDotenv } from '../../../src/core/manifest/dotenv';
import type { YScalar } from '../../../src/core/model/node';
import { SourceFile } from '../../../src/core/model/source';
import { isSecretName, isSwarmName, legalName, SECRET_NAME, SERVICE_NAME } from '../../../src/core/rules/swarmNames';
import { hostsInValue, isHostName, MAX_SCANNED_VALUE, urlsIn } from '../../../src/core/stack/hosts';
import { nearest, trimTrailing } from '../../../src/core/stack/text';
import { lintTexts } from '../helpers';

// Every pattern applied to user text must stay linear. Checked by growth, not by a wall-clock limit: the same
// work on n and 8n characters, timed as the fastest of several runs; linear grows ~8x, quadratic ~64x. The bound
// (32x) leaves room for a busy 2-core machine and still fails anything quadratic.

/** swarmkit's patterns as written: exponential / quadratic on a backtracking engine, used only on short strings. */
const SWARMKIT_SERVICE = /^[a-zA-Z0-9](?:[-_]*[A-Za-z0-9]+)*$/; // eslint-disable-line regexp/no-super-linear-backtracking
const SWARMKIT_SECRET = /^[a-zA-Z0-9]+(?:[a-zA-Z0-9-_.]*[a-zA-Z0-9])?$/; // eslint-disable-line regexp/no-super-linear-backtracking
/** legalName as it was (three regexes, two of them quadratic). */
const oldLegalName = (name: string): string =>
  name
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '')
    .replace(/[-_]*-[-_]*/g, '-') || 'service';

function timeOf(fn: () => void): number {
  // Repeat until the run is long enough to measure, then report time per repetition.
  let reps = 1;
  for (;;) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < reps; i++) fn();
    const ns = Number(process.hrtime.bigint() - t0);
    if (ns > 2e7 || reps >= 1 << 16) return ns / reps;
    reps *= 4;
  }
}

function growth(make: (n: number) => string, run: (s: string) => unknown, n: number): number {
  const small = make(n),
    large = make(16 * n);
  run(small);
  run(large); // warm up the JIT
  const a: number[] = [],
    b: number[] = [];
  for (let i = 0; i < 7; i++) {
    a.push(timeOf(() => run(small)));
    b.push(timeOf(() => run(large)));
  }
  // The fastest run of each: load from other processes and GC pauses only ever add time.
  return Math.min(...b) / Math.min(...a);
}

function assertLinear(what: string, make: (n: number) => string, run: (s: string) => unknown, n = 4000): void {
  // 16x the input: linear is ~16x the time, quadratic ~256x; the bar is their geometric mean, since allocation and
  // cache effects alone make a linear pass on a large input 2-3x slower per item on a busy machine.
  let ratio = growth(make, run, n);
  // Retries: a burst of load from other processes (or a GC) can slow one measurement; a quadratic cost never passes.
  for (let i = 0; i < 3 && ratio >= 64; i++) ratio = Math.min(ratio, growth(make, run, n));
  assert.ok(ratio < 64, `${what}: 16x the input took ${ratio.toFixed(1)}x the time (linear is ~16, quadratic ~256)`);
}

const ADVERSARIAL: [string, (n: number) => string][] = [
  ['letters then a dot', (n) => 'a'.repeat(n) + '.'],
  ['letter-dash pairs then a bang', (n) => 'a-'.repeat(n) + '!'],
  ['separators then a bang', (n) => '-_'.repeat(n) + '!'],
  ['dotted letters', (n) => 'a.'.repeat(n) + '-'],
  ['digits and underscores', (n) => '0_'.repeat(n) + '_'],
];

test("the swarm name scanners accept exactly what swarmkit's patterns accept", () => {
  const alphabet = ['a', 'Z', '0', '-', '_', '.', '!'];
  let checked = 0;
  const visit = (s: string): void => {
    assert.equal(isSwarmName(s), SWARMKIT_SERVICE.test(s), `service name ${JSON.stringify(s)}`);
    assert.equal(SERVICE_NAME.test(s), SWARMKIT_SERVICE.test(s), `SERVICE_NAME ${JSON.stringify(s)}`);
    assert.equal(isSecretName(s), SWARMKIT_SECRET.test(s), `secret name ${JSON.stringify(s)}`);
    assert.equal(SECRET_NAME.test(s), SWARMKIT_SECRET.test(s), `SECRET_NAME ${JSON.stringify(s)}`);
    assert.equal(legalName(s), oldLegalName(s), `legalName ${JSON.stringify(s)}`);
    assert.ok(isSwarmName(legalName(s)), `legalName(${JSON.stringify(s)}) is legal`);
    checked++;
  };
  // Every string of up to 6 characters over the alphabet, then random longer ones.
  const all = (prefix: string, left: number): void => {
    visit(prefix);
    if (left) for (const c of alphabet) all(prefix + c, left - 1);
  };
  all('', 6);
  let seed = 42;
  const rnd = (k: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % k;
  };
  for (let i = 0; i < 20_000; i++) visit(Array.from({ length: 7 + rnd(18) }, () => alphabet[rnd(alphabet.length)]).join(''));
  assert.ok(checked > 130_000);
});

test('swarm names, secret names and their suggestion stay linear on adversarial strings', () => {
  for (const [what, make] of ADVERSARIAL) {
    assertLinear(`isSwarmName, ${what}`, make, isSwarmName);
    assertLinear(`SERVICE_NAME, ${what}`, make, (s) => SERVICE_NAME.test(s));
    assertLinear(`isSecretName, ${what}`, make, isSecretName);
    assertLinear(`SECRET_NAME, ${what}`, make, (s) => SECRET_NAME.test(s));
    assertLinear(`legalName, ${what}`, make, legalName);
  }
});

test('a 40-letter service name with a dot (seconds before) and a 50,000-letter one lint at once, with the rename suggested', () => {
  for (const name of ['a'.repeat(40) + '.', 'a'.repeat(50_000) + '.x']) {
    const d = lintTexts({ 'docker-compose.yml': `services:\n  ${name}:\n    image: nginx\n` }).diagnostics;
    assert.ok(
      d.some((x) => x.code === 'service-name'),
      name.slice(0, 50),
    );
  }
  assertLinear(
    'lint of a long service name with a dot',
    (n) => `services:\n  ${'a'.repeat(n)}.:\n    image: nginx\n`,
    (t) => lintTexts({ 'docker-compose.yml': t }),
    2000,
  );
});

/** The patterns hostsInValue used before its scanner: URL_RE was quadratic on `a.a.a...`. */
const OLD_URL_RE = /\b([a-z][a-z0-9+._-]*):\/\/(?:[^@/\s?#]*@)?((?:(?!,[a-z][a-z0-9+._-]*:\/\/)[^/\s?#])+)/gi;
const OLD_HOST_RE = /^[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?)*$/;
const oldUrls = (v: string): { scheme: string; hostsStart: number; end: number }[] =>
  [...v.matchAll(OLD_URL_RE)].map((m) => ({ scheme: m[1].toLowerCase(), hostsStart: m.index + m[0].length - m[2].length, end: m.index + m[0].length }));
const scalar = (v: string): YScalar => ({ kind: 'scalar', value: v, span: { file: new SourceFile('/x', v), start: 0, end: v.length }, style: 'plain' });
const hostsOf = (name: string, v: string): string[] =>
  hostsInValue(name, v, scalar(v)).map((r) => `${r.kind}:${r.scheme ?? ''}:${r.host}:${r.port ?? ''}@${r.span.start}`);

/** Values as Mender's stacks and their neighbours write them. */
const REAL_VALUES: [string, string, string[]][] = [
  ['DEPLOYMENTS_MONGO_URL', 'mongodb://user:pass@mongo:27017/db?x=y', ['url:mongodb:mongo:27017@20']],
  ['MONGO_URL', 'mongodb://mongo-a:27017,mongo-b:27017/?replicaSet=rs0', ['url:mongodb:mongo-a:27017@10', 'url:mongodb:mongo-b:27017@24']],
  ['NATS_URI', 'nats://nats:4222', ['url:nats:nats:4222@7']],
  ['INVENTORY_ADDR', 'http://mender-inventory:8080/api', ['url:http:mender-inventory:8080@7']],
  ['DEPLOYMENTS_AWS_URI', 'https://s3.docker.mender.io:9000', ['url:https:s3.docker.mender.io:9000@8']],
  ['STORAGE_ENDPOINT', 's3.docker.mender.io:9000', ['hostport::s3.docker.mender.io:9000@0']],
  ['MINIO', 'minio:9000', ['hostport::minio:9000@0']],
  ['REDIS_ADDR', 'redis', ['bare::redis:@0']],
  ['REDIS_CONNECTION_STRING', 'redis://redis:6379/0', ['url:redis:redis:6379@8']],
  ['BROKERS', 'kafka://k1:9092,https://k2:9093', ['url:kafka:k1:9092@8', 'url:https:k2:9093@24']],
  ['KAFKA_ADVERTISED_LISTENERS', 'PLAINTEXT://kafka:29092,PLAINTEXT_HOST://localhost:9092', ['url:plaintext:kafka:29092@12']],
  ['WORKFLOWS_SERVER', 'http://workflows-server:8080', ['url:http:workflows-server:8080@7']],
  ['USERADM_SERVER', 'http://localhost:8080', []],
  ['GATEWAY', 'see https://docker.mender.io/ui and amqp://guest:guest@rabbit', ['url:https:docker.mender.io:@12', 'url:amqp:rabbit:@55']],
  ['TIMEOUT_SERVER', '60s', []],
  ['USE_REDIS', 'enabled', []],
  ['HOSTNAME', 'mender-api-gateway', []],
  ['DB_HOST', '10.0.0.4', []],
  ['UPSTREAM', 'http://[::1]:8080', []],
  ['ODD', 'x://user@/path', []],
  ['ODD', 'tcp://@h:1', ['url:tcp:h:1@7']],
  ['ODD', 'x-y://a', ['url:x-y:a:@6']],
  ['ODD', '_x://a 9y://b -z://c', ['url:z:c:@19']],
];

test('hosts in environment values: the scanner finds what URL_RE and HOST_RE found, on real values and on every short string', () => {
  for (const [name, v, want] of REAL_VALUES) {
    assert.deepEqual(urlsIn(v), oldUrls(v), v);
    assert.deepEqual(hostsOf(name, v), want, v);
  }
  const urls = ['mongodb://user:pass@mongo:27017/db?x=y', 'nats://nats:4222', 'http://a,https://b:8080', 'x://,y://z', 'PLAINTEXT_HOST://l:1'];
  for (const v of urls) assert.deepEqual(urlsIn(v), oldUrls(v), v);
  const alphabet = ['a', 'Z', '0', '_', '-', '.', ':', '/', ',', '@', ' ', '?'];
  let checked = 0;
  const visit = (s: string): void => {
    assert.deepEqual(urlsIn(s), oldUrls(s), JSON.stringify(s));
    assert.equal(isHostName(s), OLD_HOST_RE.test(s), JSON.stringify(s));
    checked++;
  };
  const all = (prefix: string, left: number): void => {
    visit(prefix);
    if (left) for (const c of alphabet) all(prefix + c, left - 1);
  };
  all('', 5);
  // Random values built from URL pieces, so schemes, user-info and lists meet in every order.
  const pieces = ['http', '://', 'a', 'b.c', ':80', ',', '@', '/', ' ', '?', '#', '_', '-', '.', 'x+y', 'Q', '1', '\t', '\u00a0'];
  let seed = 7;
  const rnd = (k: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % k;
  };
  for (let i = 0; i < 30_000; i++) visit(Array.from({ length: 2 + rnd(14) }, () => pieces[rnd(pieces.length)]).join(''));
  assert.ok(checked > 250_000);
});

test('hosts in environment values: the scan is linear, so long values are scanned in full', () => {
  const scan = (v: string): unknown => hostsInValue('DB_HOST', v, scalar(v));
  assert.equal((scan('mongodb://mongo-a:27017,mongo-b:27017') as unknown[]).length, 2);
  // A list of 20,000 hosts (far over the old 2,048-character cap) is found whole, each at its place.
  const list = 'mongodb://' + Array.from({ length: 20_000 }, (_, i) => `m${i}:27017`).join(',');
  const refs = hostsInValue('MONGO_URL', list, scalar(list));
  assert.equal(refs.length, 20_000);
  assert.equal(refs[19_999].host, 'm19999');
  assert.equal(list.slice(refs[19_999].span.start, refs[19_999].span.end), 'm19999');
  assert.deepEqual(hostsOf('X', 'a.'.repeat(50_000) + ' nats://nats:4222'), [`url:nats:nats:4222@${100_008}`]);
  assert.deepEqual(scan('http://' + 'a'.repeat(MAX_SCANNED_VALUE)), []);
  const urlish: [string, (n: number) => string][] = [
    ['URL lists', (n) => 'x://' + ',a'.repeat(n)],
    ['listed schemes', (n) => 'x://a' + ',a://'.repeat(n)],
    ['schemes without hosts', (n) => 'a://'.repeat(n)],
    ['dotted letters then a colon', (n) => 'a.'.repeat(n) + ':'],
    ['user-info without a host', (n) => 'x://' + '@'.repeat(n)],
    ['commas then a scheme', (n) => 'x://' + ','.repeat(n) + 'a://'],
    ['a long host', (n) => 'x://' + 'a'.repeat(n) + '-'],
    ['dotted host', (n) => 'x://' + 'a.'.repeat(n)],
  ];
  for (const [what, make] of [...ADVERSARIAL, ...urlish]) assertLinear(`hostsInValue, ${what}`, make, scan, 4000);
});

test('.env: an unterminated quote over thousands of lines is read in linear time', () => {
  const make = (n: number): string => 'A="start\n' + 'x=1\n'.repeat(n);
  const env = parseDotenv('/x/.env', make(5000));
  assert.match(env.problems[0].message, /unterminated " quote/);
  assertLinear('parseDotenv, unterminated "', make, (t) => parseDotenv('/x/.env', t), 250);
  assertLinear(
    "parseDotenv, unterminated '",
    (n) => "A='start\n" + 'x=1\n'.repeat(n),
    (t) => parseDotenv('/x/.env', t),
    250,
  );
  assertLinear(
    'parseDotenv, escapes',
    (n) => 'A="' + '\\"'.repeat(n) + '\n',
    (t) => parseDotenv('/x/.env', t),
    250,
  );
});

test('"did you mean" and interpolation stay linear on long names and nesting', () => {
  const names = ['mongo', 'mender-deployments', 'x'.repeat(300)];
  assertLinear(
    'nearest, a long name',
    (n) => 'm'.repeat(n),
    (w) => nearest(w, names),
  );
  assertLinear(
    'nearest, long candidates',
    (n) => 'm'.repeat(n),
    (c) => nearest('mongo-device-adm', [c, c + 'b', 'mongo']),
  );
  assertLinear(
    'interpolate, nested defaults',
    (n) => '${A:-'.repeat(n) + 'x' + '}'.repeat(n),
    (s) => interpolate(s, { lookup: () => undefined }),
    1000,
  );
  assertLinear(
    'interpolate, many variables',
    (n) => '${A}$B'.repeat(n),
    (s) => interpolate(s, { lookup: () => undefined }),
    1000,
  );
});

test('trailing runs (paths, base64 padding) are trimmed in linear time, exactly', () => {
  assert.equal(trimTrailing('/etc/traefik///', '/'), '/etc/traefik');
  assert.equal(trimTrailing('////', '/'), '');
  assert.equal(trimTrailing('abc=', '='), 'abc');
  assert.equal(trimTrailing('a/b', '/'), 'a/b');
  assertLinear(
    'trimTrailing, a run then another character',
    (n) => '/'.repeat(n) + 'x',
    (s) => trimTrailing(s, '/'),
  );
  assertLinear(
    'trimTrailing, a long run',
    (n) => 'x' + '/'.repeat(n),
    (s) => trimTrailing(s, '/'),
  );
});
