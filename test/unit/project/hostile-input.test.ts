import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lintStack } from '../../../src/core/lint';
import { interpolate } from '../../../src/core/manifest/interpolate';
import type { Rule } from '../../../src/core/rules/rule';
import { ALL_RULES } from '../../../src/core/rules';
import { codes, lintTexts, only, ROOT } from '../helpers';
import { said } from '../said';

// Input sized or nested beyond reason ends in a diagnostic, never in a RangeError stack trace.
const svc = (body: string): string => `services:\n  a:\n    image: nginx\n${body}`;

test('a list of 150,000 items and a map of 200,000 keys lint without overflowing the stack', () => {
  const list = svc('    command:\n' + '      - x\n'.repeat(150_000));
  assert.doesNotThrow(() => lintTexts({ 'docker-compose.yml': list }));
  let labels = '    labels:\n';
  for (let i = 0; i < 200_000; i++) labels += `      k${i}: v\n`;
  const r = lintTexts({ 'docker-compose.yml': svc(labels) });
  assert.deepEqual(
    codes(r.diagnostics).filter((c) => c === 'internal-error'),
    [],
  );
});

test('20,000 keys repeating 10,000 are 10,000 duplicate-key findings, each once (the slow path too)', () => {
  let labels = '    labels:\n';
  for (let i = 0; i < 20_000; i++) labels += `      k${i % 10_000}: v\n`;
  const r = lintTexts({ 'docker-compose.yml': svc(labels) });
  assert.equal(only(r.diagnostics, 'duplicate-key').length, 10_000);
});

test('nesting deeper than 200 levels is a nesting-limit diagnostic, flow or block or through aliases', () => {
  for (const [what, text] of [
    ['flow 5000', svc(`    command: ${'['.repeat(5000)}${']'.repeat(5000)}\n`)],
    ['flow 300', svc(`    command: ${'['.repeat(300)}${']'.repeat(300)}\n`)],
    ['block 400', svc('    labels:\n' + Array.from({ length: 400 }, (_, i) => `${'  '.repeat(i + 3)}k:`).join('\n') + ' v\n')],
    // 30 anchors, each nesting the previous 10 levels deeper: 300 levels once expanded.
    [
      'aliases',
      'x-0: &a0 [1]\n' +
        Array.from({ length: 30 }, (_, i) => `x-${i + 1}: &a${i + 1} ${'['.repeat(10)}*a${i}${']'.repeat(10)}`).join('\n') +
        '\n' +
        svc('    command: *a30\n'),
    ],
  ] as const) {
    const r = lintTexts({ 'docker-compose.yml': text });
    assert.ok(codes(r.diagnostics).includes('nesting-limit'), `${what}: ${JSON.stringify(r.diagnostics.map((d) => d.code + ' ' + d.message))}`);
    assert.ok(
      r.diagnostics.every((d) => !/call stack|RangeError|\bat \w+ \(/.test(said(d))),
      what,
    );
  }
  // 150 levels is fine.
  assert.deepEqual(only(lintTexts({ 'docker-compose.yml': svc(`    command: ${'['.repeat(150)}${']'.repeat(150)}\n`) }).diagnostics, 'nesting-limit'), []);
});

test('${A:-${A:-...}} nested thousands deep is an invalid-interpolation, in linear work', () => {
  const deep = '${A:-'.repeat(3000) + 'x' + '}'.repeat(3000);
  const r = interpolate(deep, { lookup: () => undefined });
  assert.match(said(r.errors[0]), /nested more than 32 levels/);
  const d = lintTexts({ 'docker-compose.yml': svc(`    environment:\n      X: '${deep}'\n`) }).diagnostics;
  assert.ok(codes(d).includes('invalid-interpolation'));
  assert.equal(interpolate('${A:-${B:-${C:-v}}}', { lookup: () => undefined }).value, 'v');
});

test('a failure while loading the stack is an internal-error diagnostic, with no stack trace', () => {
  const reader = {
    read(): never {
      throw new Error('disk on fire');
    },
  };
  const r = lintStack({ files: ['/virtual/x/docker-compose.yml'], reader });
  assert.deepEqual(codes(r.diagnostics), ['internal-error']);
  assert.match(said(r.diagnostics[0]), /could not be loaded \(an internal error\)\. Error: disk on fire\. Please report/);
  const overflow = {
    read(): never {
      throw new RangeError('Maximum call stack size exceeded');
    },
  };
  const r2 = lintStack({ files: ['/virtual/x/docker-compose.yml'], reader: overflow });
  assert.doesNotMatch(said(r2.diagnostics[0]), /call stack|\bat /);
  // A rule that throws: its message says which rule, without the trace.
  const bad: Rule = {
    id: 'boom',
    codes: [],
    check() {
      throw new TypeError('x is undefined');
    },
  };
  const r3 = lintTexts({ 'docker-compose.yml': svc('') }, {});
  const d = lintStack({ files: [r3.project.stackFiles[0]], reader: r3.project.reader }, [...ALL_RULES, bad]).diagnostics;
  const ie = only(d, 'internal-error');
  assert.equal(ie.length, 1);
  assert.equal(ie[0].message, 'Rule "boom" failed (an internal error).');
  assert.equal(ie[0].detail, 'TypeError: x is undefined. Please report this with the manifest.');
});

test('the CLI prints a diagnostic, exit 1, for the inputs that used to end in a RangeError (exit 2)', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-deep-'));
  const cases = {
    'list.yml': svc('    command:\n' + '      - x\n'.repeat(150_000)),
    'deep.yml': svc(`    command: ${'['.repeat(5000)}${']'.repeat(5000)}\n`),
    'interp.yml': svc(`    environment:\n      X: '${'${A:-'.repeat(3000)}x${'}'.repeat(3000)}'\n`),
  };
  for (const [name, text] of Object.entries(cases)) {
    fs.writeFileSync(path.join(tmp, name), text);
    const r = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'lint', path.join(tmp, name)], { encoding: 'utf8', timeout: 60_000 });
    assert.doesNotMatch(r.stdout + r.stderr, /RangeError|call stack|\n\s+at /, name);
    assert.ok(r.status === 0 || r.status === 1, `${name}: exit ${r.status}\n${r.stderr}`);
  }
});
