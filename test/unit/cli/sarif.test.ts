// `lint --format sarif` checked by Microsoft's SARIF validator (npm @microsoft/sarif-multitool, a self-contained
// binary: no .NET install needed), for a file inside the working directory and one outside it.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../helpers';

const CLI = path.join(ROOT, 'dist/cli.js');
const TOOL = path.join(ROOT, 'node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-sarif-'));

interface Finding {
  ruleId: string;
  level: string;
  message: { text: string };
}

function validate(sarifFile: string): Finding[] {
  const log = `${sarifFile}.validation`;
  const r = spawnSync(TOOL, ['validate', sarifFile, '-o', log], { encoding: 'utf8', env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' } });
  assert.ok(fs.existsSync(log), `the validator wrote no log: ${r.error?.message ?? ''} ${r.stdout} ${r.stderr}`);
  const out = JSON.parse(fs.readFileSync(log, 'utf8')) as { runs: { results?: Finding[] }[] };
  return out.runs.flatMap((run) => run.results ?? []);
}

function lintSarif(
  file: string,
  cwd: string,
  name: string,
): { out: string; sarif: { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[] }[] }[] } } {
  const r = spawnSync(process.execPath, [CLI, 'lint', '--format', 'sarif', file], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  assert.equal(r.stderr, '');
  const out = path.join(tmp, name);
  fs.writeFileSync(out, r.stdout);
  return { out, sarif: JSON.parse(r.stdout) };
}

test("SARIF passes Microsoft's validator with no error, for files inside and outside the working directory", () => {
  assert.ok(fs.existsSync(TOOL), `${TOOL} is missing: npm install`);
  const dir = path.join(tmp, 'proj dir');
  fs.mkdirSync(dir);
  const f = path.join(dir, 'stack.yml');
  fs.writeFileSync(f, 'services:\n  a:\n    image: x\n    privileged: true\n');

  const inside = lintSarif('stack.yml', dir, 'inside.sarif');
  const insideLoc = inside.sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation;
  assert.deepEqual(insideLoc, { uri: 'stack.yml', uriBaseId: '%SRCROOT%' });
  const outside = lintSarif(f, ROOT, 'outside.sarif');
  const outsideLoc = outside.sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation;
  assert.equal(outsideLoc.uri, `file://${dir.split(path.sep).map(encodeURIComponent).join('/')}/stack.yml`);

  for (const s of [inside.out, outside.out]) {
    const errors = validate(s).filter((x) => x.level === 'error');
    assert.deepEqual(
      errors.map((e) => `${e.ruleId}: ${e.message.text}`),
      [],
      s,
    );
  }
});
