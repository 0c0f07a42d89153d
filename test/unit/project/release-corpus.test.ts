import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { test } from 'node:test';
import { lintStack } from '../../../src/core/lint';
import { FIXTURES } from '../catalog-helpers';

/**
 * The corpus of Mender release stacks (test/fixtures/releases/<line>/): one per release line and overlay, modelled
 * on Mender's own release files, each with the exact findings expected (expected.json: per case, the files linted
 * as one stack and every finding's code, file, line and severity). Release files that shipped get no error; their
 * real slips are found where they are written. scripts/release-expectations.ts regenerates a file for review.
 */
interface Finding {
  code: string;
  file: string;
  line: number;
  severity: string;
}
interface Expected {
  cases: { files: string[]; findings: Finding[] }[];
}

const ROOT = path.join(FIXTURES, 'releases');
const key = (f: Finding): string => `${f.file}:${String(f.line).padStart(5, '0')}:${f.code}:${f.severity}`;

for (const line of fs.readdirSync(ROOT).sort()) {
  const file = path.join(ROOT, line, 'expected.json');
  if (!fs.existsSync(file)) continue;
  const expected = JSON.parse(fs.readFileSync(file, 'utf8')) as Expected;
  for (const c of expected.cases) {
    test(`release corpus ${line}: ${c.files.join(' + ')}`, () => {
      const dir = path.join(ROOT, line);
      const r = lintStack({ files: c.files.map((f) => path.join(dir, f)), stackName: 'mender' });
      const got = r.diagnostics.map((d) => ({ code: d.code, file: path.relative(dir, d.file), line: d.range.start.line + 1, severity: d.severity }));
      assert.deepEqual(got.map(key).sort(), c.findings.map(key).sort());
      // The demo's broken file is broken on purpose; everything else is a file that shipped.
      if (!line.startsWith('demo'))
        assert.deepEqual(
          got.filter((g) => g.severity === 'error'),
          [],
          'a shipped release file gets no error',
        );
    });
  }
}

test('the corpus covers every release line of the catalog, its overlays and the demo', () => {
  const lines = fs.readdirSync(ROOT).filter((l) => fs.existsSync(path.join(ROOT, l, 'expected.json')));
  for (const l of ['0.x', '1.x', '2.x', '3.x', 'current-upstream', 'current-enterprise', 'mender-server-current', 'demo-2016']) assert.ok(lines.includes(l), l);
});
