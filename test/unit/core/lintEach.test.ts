import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { lintStack } from '../../../src/core/lint';
import { lintEach } from '../../../src/core/lintEach';
import { overlayReader } from '../../../src/core/manifest/files';
import { ALL_RULES } from '../../../src/core/rules';
import type { Rule } from '../../../src/core/rules/rule';
import { said } from '../said';

const texts = new Map([
  ['/virtual/good/docker-compose.yml', 'services:\n  web:\n    image: nginx\n    environment:\n      API_URL: http://missing-api:8080\n'],
  ['/virtual/bad/docker-compose.yml', 'services:\n  boom:\n    image: nginx\n'],
  ['/virtual/bad/docker-compose.override.yml', 'services:\n  boom:\n    environment:\n      A: b\n'],
]);
const reader = overlayReader(texts, { read: (p) => ({ error: `${p}: no such file` }) });
const GOOD = ['/virtual/good/docker-compose.yml'];
const BAD = ['/virtual/bad/docker-compose.yml', '/virtual/bad/docker-compose.override.yml'];

/** A rule bug whose thrown value has no string form (String() throws on it). */
const throwsUnprintable: Rule = {
  id: 'test-unprintable',
  codes: [],
  check: ({ project }) => {
    if (project.services.has('boom')) throw Object.create(null);
  },
};
/** A rule bug as it usually is: an Error, which lintProject turns into its own internal-error. */
const throwsError: Rule = {
  id: 'test-error',
  codes: [],
  check: ({ project }) => {
    if (project.services.has('boom')) throw new Error('boom\n    at somewhere (x.ts:1:1)');
  },
};
const lint = (rules: readonly Rule[]) => (files: string[]) => lintStack({ files, reader, projectDir: path.dirname(files[0]) }, rules);

test('lintEach: a stack whose lint throws is one internal-error on its first file, and the other stacks are still linted', () => {
  // The editor's pass over every open stack: a throw anywhere in one stack's lint (here the lint function itself
  // throws for it, after linting it for real) must not cost the other stacks their diagnostics.
  const lintOrThrow = (files: string[]) => {
    const r = lint(ALL_RULES)(files);
    if (files === BAD) throw new TypeError('Cannot convert object to primitive value\n    at check (rule.ts:1:1)');
    return r;
  };
  const alone = lint(ALL_RULES)(GOOD).diagnostics;
  assert.ok(
    alone.some((d) => d.code === 'unresolved-host'),
    JSON.stringify(alone.map((d) => d.code)),
  );
  for (const order of [
    [BAD, GOOD],
    [GOOD, BAD],
  ]) {
    const out = lintEach(order, lintOrThrow);
    assert.deepEqual(
      out.map((o) => [o.files, o.ok]),
      order.map((f) => [f, f === GOOD]),
    );
    const good = out.find((o) => o.files === GOOD)!,
      bad = out.find((o) => o.files === BAD)!;
    assert.ok(good.ok && !bad.ok);
    assert.deepEqual(good.value.diagnostics, alone);
    assert.equal(bad.diagnostic.code, 'internal-error');
    assert.equal(bad.diagnostic.severity, 'error');
    assert.equal(bad.diagnostic.file, BAD[0]);
    assert.deepEqual(bad.diagnostic.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    assert.match(said(bad.diagnostic), /^Validating this stack failed: Cannot convert object to primitive value\. Please report this/);
    assert.doesNotMatch(said(bad.diagnostic), /\n|\bat .*:\d+:\d+/);
    assert.ok(bad.error instanceof TypeError);
  }
});

test('a rule that throws a value with no string form is one internal-error of lintProject, not an escape', () => {
  const [good, bad] = lintEach([GOOD, BAD], lint([...ALL_RULES, throwsUnprintable]));
  assert.ok(good.ok && bad.ok);
  const internal = bad.value.diagnostics.filter((d) => d.code === 'internal-error');
  assert.equal(internal.length, 1);
  assert.match(said(internal[0]), /^Rule "test-unprintable" failed \(an internal error\)\. an unprintable value was thrown\. Please report/);
});

test('lintEach: only the first line of the message, never a stack trace; a value with no string form is named, not rethrown', () => {
  const out = lintEach([GOOD, BAD, GOOD], (files) => {
    if (files === BAD) throw new Error('first line\n    at lint (/src/core/lint.ts:12:3)');
    return files.length;
  });
  assert.deepEqual(
    out.map((o) => o.ok),
    [true, false, true],
  );
  const bad = out[1];
  assert.ok(!bad.ok);
  assert.equal(bad.diagnostic.message, 'Validating this stack failed: first line. Please report this with the manifest (details in the Mender Swarm output).');
  const unprintable = lintEach([BAD], () => {
    throw Object.create(null);
  })[0];
  assert.ok(!unprintable.ok);
  assert.match(said(unprintable.diagnostic), /failed: an unprintable value was thrown\./);
});

test('lintEach: a rule that throws an Error is reported by lintProject itself, and the stack still has its other findings', () => {
  const [good, bad] = lintEach([GOOD, BAD], lint([...ALL_RULES, throwsError]));
  assert.ok(good.ok && bad.ok);
  const internal = bad.value.diagnostics.filter((d) => d.code === 'internal-error');
  assert.equal(internal.length, 1);
  assert.match(said(internal[0]), /^Rule "test-error" failed \(an internal error\)\. Error: boom\. Please report/);
  assert.deepEqual(good.value.diagnostics, lint(ALL_RULES)(GOOD).diagnostics);
});
