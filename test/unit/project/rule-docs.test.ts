import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { test } from 'node:test';
import { explainCode, rulesDocsDir } from '../../../src/cli/explain';
import { UsageError } from '../../../src/cli/io';
import { allCodes } from '../../../src/core/rules';

const ROOT = path.resolve(__dirname, '../../..');
const DIR = path.join(ROOT, 'docs/rules');
const SECTIONS = ['## What it checks', '## Why it matters', '## Wrong', '## Right', '## Quick fixes', '## Configure'];

test('every diagnostic code has a page with each section, and no page is for a code that does not exist', () => {
  const severity = new Map(allCodes().map((c) => [c.code, c.severity]));
  const codes = [...severity.keys()];
  const pages = fs
    .readdirSync(DIR)
    .filter((f) => f.endsWith('.md'))
    .map((f) => f.slice(0, -3));
  assert.deepEqual(
    codes.filter((c) => !pages.includes(c)),
    [],
    'codes without a page',
  );
  assert.deepEqual(
    pages.filter((p) => !codes.includes(p)),
    [],
    'pages of no code',
  );
  for (const c of codes) {
    const text = fs.readFileSync(path.join(DIR, `${c}.md`), 'utf8');
    assert.ok(text.startsWith(`# \`${c}\`\n`), `${c}: title`);
    assert.match(text, new RegExp(`Default severity: \\*\\*${severity.get(c)}\\*\\*`), `${c}: the default severity the code has`);
    const at = SECTIONS.map((s) => text.indexOf(`\n${s}\n`));
    assert.ok(
      at.every((i, n) => i > 0 && (n === 0 || i > at[n - 1])),
      `${c}: sections in order (${SECTIONS.filter((_, n) => at[n] < 0).join(', ') || 'misordered'})`,
    );
    // The examples are code blocks with something in them.
    for (const s of ['## Wrong', '## Right']) assert.match(text.slice(text.indexOf(s)), /^## \w+\n\n```\w*\n[^`]+\n```/, `${c}: ${s} example`);
    assert.match(text, new RegExp(`--rule ${c}=off`), `${c}: how to turn it off`);
  }
});

test('the README links each code of its table to its page', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const unlinked = allCodes()
    .map((c) => c.code)
    .filter((c) => !readme.includes(`[\`${c}\`](docs/rules/${c}.md)`));
  assert.deepEqual(unlinked, []);
});

test('lint --explain CODE prints the page; an unknown code is a usage error naming the close ones', () => {
  assert.equal(rulesDocsDir(), DIR);
  let out = '';
  const io = {
    stdout: (s: string) => {
      out += s;
    },
    stderr: () => undefined,
    env: {},
  };
  assert.equal(explainCode('mender-implicit-host', io), 0);
  assert.equal(out, fs.readFileSync(path.join(DIR, 'mender-implicit-host.md'), 'utf8'));
  assert.throws(
    () => explainCode('sevice-name', io),
    (e: unknown) => e instanceof UsageError && /unknown diagnostic code "sevice-name"; close codes: service-name/.test(e.message),
  );
  assert.throws(
    () => explainCode('zzzz', io),
    (e: unknown) => e instanceof UsageError && /the codes are: yaml-syntax, /.test(e.message),
  );
});
