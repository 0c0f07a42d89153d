import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { get, isMap, str, toPlain } from '../../../../src/core/model/node';
import { LIMITS, parseYaml } from '../../../../src/core/model/parse';
import { SourceFile } from '../../../../src/core/model/source';
import { interpolate } from '../../../../src/core/manifest/interpolate';
import { parseDotenv } from '../../../../src/core/manifest/dotenv';
import { codes, lintTexts, only, textAt } from '../../helpers';
import { said } from '../../said';

const parse = (t: string) => parseYaml(new SourceFile('/x/a.yml', t));

test('every key and value keeps its exact source range', () => {
  const text = 'services:\n  web:\n    image: "nginx:1"\n';
  const p = parse(text);
  const web = get(get(p.root, 'services'), 'web');
  assert.ok(isMap(web));
  const pair = web.index.get('image')!;
  assert.equal(text.slice(pair.keySpan.start, pair.keySpan.end), 'image');
  assert.equal(text.slice(pair.value.span.start, pair.value.span.end), '"nginx:1"');
  assert.deepEqual(pair.value.span.file.positionAt(pair.value.span.start), { line: 2, character: 11 });
});

test('merge keys and aliases are expanded like compose does', () => {
  const p = parse('x-base: &base\n  image: busybox\n  restart: always\nservices:\n  a:\n    <<: *base\n    restart: "no"\n');
  const a = get(get(p.root, 'services'), 'a');
  assert.deepEqual(toPlain(a!), { restart: 'no', image: 'busybox' });
});

test('an alias bomb is refused quickly with one clear diagnostic', () => {
  const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 12; i++)
    lines.push(
      `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
        .fill('*' + String.fromCharCode(96 + i))
        .join(',')}]`,
    );
  const t0 = Date.now();
  const p = parse(lines.join('\n'));
  assert.ok(Date.now() - t0 < 2000, 'refused fast');
  assert.equal(p.root, undefined);
  assert.deepEqual(
    p.findings.map((f) => f.code),
    ['alias-limit'],
  );
  assert.match(said(p.findings[0]), /alias bomb/);
});

test('huge files are refused with their size, not parsed', () => {
  const p = parse('#'.repeat(LIMITS.maxFileBytes + 10));
  assert.equal(p.findings[0].code, 'file-too-large');
  assert.match(said(p.findings[0]), /MiB/);
});

test('a file that is not YAML gets its syntax errors alone: the checks would judge what the parser recovered', () => {
  // A tab before a key: the yaml library recovers `environment` as empty and POSTGRES_PASSWORD as a top-level key.
  const base = 'services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n  db:\n    image: postgres\n    environment:\n\tPOSTGRES_PASSWORD: x\n';
  const overlay = 'services:\n  web:\n    depends_on: [db]\n    imgae: typo\n';
  const files = { 'docker-compose.yml': base, 'docker-compose.prod.yml': overlay };
  const { diagnostics } = lintTexts(files, { order: ['docker-compose.yml', 'docker-compose.prod.yml'] });
  assert.deepEqual(codes(diagnostics), ['yaml-syntax']);
  assert.equal(diagnostics[0].range.start.line, 7);
  assert.match(said(diagnostics[0]), /other checks of the stack wait until this reads whole/);
  // Fixed, the checks are back, the overlay's typo among them.
  const fixed = lintTexts({ ...files, 'docker-compose.yml': base.replace('\t', '      ') }, { order: ['docker-compose.yml', 'docker-compose.prod.yml'] });
  assert.ok(codes(fixed.diagnostics).includes('unknown-key'), codes(fixed.diagnostics).join(', '));
  assert.ok(!codes(fixed.diagnostics).includes('yaml-syntax'));
  // Whoever turns the syntax error off gets the checks on what was recovered: nothing is silenced twice.
  const off = lintTexts(files, { order: ['docker-compose.yml', 'docker-compose.prod.yml'], rules: { 'yaml-syntax': 'off' } });
  assert.ok(codes(off.diagnostics).includes('unknown-key'), codes(off.diagnostics).join(', '));
});

test('broken YAML gives every syntax error with a range, and never throws', () => {
  const text = 'services:\n  web:\n    image: [busybox\n  db:\n    image: x\n    image: y\n';
  const { diagnostics } = lintTexts({ 'docker-compose.yml': text });
  assert.ok(diagnostics.some((d) => d.code === 'yaml-syntax' && d.severity === 'error'));
  for (const d of diagnostics) assert.ok(d.range.start.line >= 0 && d.range.start.line < 7);
  for (const junk of ['\u0000\u0001', ': : :', '- a\n- b', '"unterminated', '{a: 1', '\t\tservices:', 'services: 5', '&a [*a]']) {
    assert.doesNotThrow(() => lintTexts({ 'docker-compose.yml': junk }), junk);
  }
});

test('a duplicate key is a warning on the repeated key; the last value wins, as in docker stack deploy', () => {
  const text = 'services:\n  web:\n    image: a\n    image: b\n';
  const r = lintTexts({ 'docker-compose.yml': text });
  const d = only(r.diagnostics, 'duplicate-key');
  assert.equal(d.length, 1);
  assert.equal(d[0].severity, 'warning');
  assert.equal(d[0].range.start.line, 3);
  assert.equal(textAt(text, d[0]), 'image');
  assert.match(d[0].message, /newer docker CLIs refuse the file, older ones use this last one/);
  assert.match(d[0].detail ?? '', /`docker compose` refuse the file/);
  assert.equal(d[0].related?.[0].range.start.line, 2, 'the earlier key is shown');
  assert.equal(str(get(r.project.services.get('web')!.node, 'image')), 'b');
});

test('a repeated environment: block (old Mender files) is linted with the last block, which swarm deploys', () => {
  // Only the second block reaches the container: a host set in the first one is not checked, one in the last one is.
  const text = [
    'services:',
    '  api:',
    '    image: example/api:1',
    '    environment:',
    '      PEER_URL: http://nowhere-first:80',
    '    environment:',
    '      PEER_URL: http://nowhere-last:80',
    '  other:',
    '    image: example/other:1',
    '',
  ].join('\n');
  const r = lintTexts({ 'docker-compose.yml': text });
  assert.deepEqual(
    only(r.diagnostics, 'duplicate-key').map((d) => d.range.start.line),
    [5],
  );
  const env = get(r.project.services.get('api')!.node, 'environment');
  assert.equal(str(get(env, 'PEER_URL')), 'http://nowhere-last:80');
  const hosts = r.diagnostics.filter((d) => d.code === 'unresolved-host').map((d) => d.message);
  assert.ok(
    hosts.some((m) => m.includes('nowhere-last')),
    hosts.join('\n'),
  );
  assert.ok(!hosts.some((m) => m.includes('nowhere-first')), hosts.join('\n'));
});

test('interpolation: defaults, required, $$, nested, and offsets', () => {
  const vars = {
    lookup: (n: string) =>
      n === 'SET' ? { value: 'v', origin: { kind: 'env' as const } } : n === 'EMPTY' ? { value: '', origin: { kind: 'env' as const } } : undefined,
  };
  assert.equal(interpolate('a-${SET}-$SET-$$SET', vars).value, 'a-v-v-$SET');
  assert.equal(interpolate('${UNSET:-d}|${EMPTY:-d}|${EMPTY-d}|${UNSET-d}', vars).value, 'd|d||d');
  assert.equal(interpolate('${UNSET:-${SET}x}', vars).value, 'vx');
  assert.equal(interpolate('${SET:+yes}${UNSET:+no}', vars).value, 'yes');
  const r = interpolate('x${UNSET:?need it}', vars);
  assert.equal(r.vars[0].required, 'need it');
  assert.deepEqual([r.vars[0].start, r.vars[0].end], [1, 18]);
  assert.match(said(interpolate('${', vars).errors[0]), /closing brace/);
  assert.match(said(interpolate('${1A}', vars).errors[0]), /variable name/);
});

test('.env parsing: quotes, export, comments, problems with their line', () => {
  const d = parseDotenv('/x/.env', 'A=1\nexport B="two words" # c\nC=\'x y\'\nD=a #comment\n1BAD=3\n');
  assert.equal(d.entries.get('A')?.value, '1');
  assert.equal(d.entries.get('B')?.value, 'two words');
  assert.equal(d.entries.get('C')?.value, 'x y');
  assert.equal(d.entries.get('D')?.value, 'a');
  assert.deepEqual(
    d.problems.map((p) => p.line),
    [4],
  );
});

test('files merge like docker compose -f a -f b, and extends resolves across files', () => {
  const { project } = lintTexts(
    {
      'a.yml': 'services:\n  web:\n    extends: { file: base.yml, service: b }\n    environment: [A=1, B=2]\n    ports: ["80:80"]\n',
      'b.yml': 'services:\n  web:\n    environment: { B: 3 }\n    ports: ["80:80", "443:443"]\n    command: ["x"]\n',
      'base.yml': 'services:\n  b:\n    image: busybox\n    command: ["base"]\n    environment: { C: c }\n',
    },
    { order: ['a.yml', 'b.yml'] },
  );
  const web = project.services.get('web')!;
  assert.deepEqual(toPlain(web.node), {
    image: 'busybox',
    command: ['x'],
    environment: { C: 'c', A: '1', B: 3 },
    ports: ['80:80', '443:443'],
  });
  assert.equal(web.definitions.length, 2);
  assert.equal(str(get(web.node, 'image')), 'busybox');
});

test('missing extends targets and unreadable files are diagnostics at the reference', () => {
  const text = 'services:\n  a:\n    extends: { file: nope.yml, service: b }\n  c:\n    extends: zzz\n';
  const { diagnostics } = lintTexts({ 'docker-compose.yml': text });
  const unread = only(diagnostics, 'unreadable-file')[0];
  assert.equal(textAt(text, unread), 'nope.yml');
  assert.match(said(unread), /no such file/);
  assert.equal(textAt(text, only(diagnostics, 'extends-missing')[0]), 'zzz');
});

test('extends cycles are reported, not looped on', () => {
  const { diagnostics } = lintTexts({ 'docker-compose.yml': 'services:\n  a:\n    extends: b\n  b:\n    extends: a\n' });
  assert.ok(codes(diagnostics).includes('extends-cycle'));
});

test('stack name: option, then name:, then folder', () => {
  assert.equal(lintTexts({ 'c.yml': 'services: {}\n' }).project.name, 'mystack');
  assert.equal(lintTexts({ 'c.yml': 'name: mender\nservices: {}\n' }).project.name, 'mender');
  assert.equal(lintTexts({ 'c.yml': 'name: mender\nservices: {}\n' }, { stackName: 'prod' }).project.name, 'prod');
});
