// `menderEra` in the project configuration file: the Mender catalog assumes that era instead of deciding it from
// the evidence, in the core (lint, hover) and in the CLI's lint; an unknown era id is refused, naming the valid ones.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { hoverAt } from '../../../../src/core/catalog/hover';
import { menderCatalog } from '../../../../src/core/catalog/load';
import { menderStack } from '../../../../src/core/catalog/match';
import { configProblemText, eraOverrideOf, parseProjectConfig, projectConfigFor } from '../../../../src/core/config/projectConfig';
import { lintStack } from '../../../../src/core/lint';
import { ROOT } from '../../helpers';
import { said } from '../../said';

const CLI = path.join(ROOT, 'dist/cli.js');
const ERA_IDS = menderCatalog().eras.map((e) => e.id);

// Evidence says 3.x (a mender-3.7.0 tag); AWS_URI is the 2016 line's spelling, so in 3.x it is "unread".
const STACK = `services:
  mender-deployments:
    image: mendersoftware/deployments:mender-3.7.0
    environment:
      AWS_URI: http://minio:9000
  minio:
    image: minio/minio
`;

function project(config: string | undefined): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-era-'));
  const file = path.join(dir, 'docker-compose.yml');
  fs.writeFileSync(file, STACK);
  if (config !== undefined) fs.writeFileSync(path.join(dir, 'mender-swarm.config.json'), config);
  return { dir, file };
}

const lintWith = (file: string) => {
  const config = projectConfigFor([file]);
  return lintStack({ files: [file], env: {}, envFile: false, menderEra: eraOverrideOf(config) });
};
const unread = <T extends { code: string }>(ds: T[]): T[] => ds.filter((d) => d.code === 'mender-unread-variable');

test("without the key the evidence decides: 3.x, and AWS_URI is reported as another era's spelling", () => {
  const { file } = project(undefined);
  const r = lintWith(file);
  assert.deepEqual(menderStack(r.project).services.get('mender-deployments')!.eras, ['3.x']);
  assert.equal(unread(r.diagnostics).length, 1);
});

test('menderEra "2016" overrides the evidence: that era is assumed, AWS_URI is read, the hover says where it came from', () => {
  const { dir, file } = project('{ "menderEra": "2016" }');
  const r = lintWith(file);
  const m = menderStack(r.project);
  assert.deepEqual(m.eras, ['2016']);
  assert.deepEqual(m.services.get('mender-deployments')!.eras, ['2016']);
  assert.deepEqual(unread(r.diagnostics), [], 'AWS_URI is what 2016 reads');
  const h = hoverAt(r.project, file, STACK.indexOf('mender-deployments') + 2)!;
  assert.ok(h.markdown.includes('Era assumed: **2016**'), h.markdown);
  assert.ok(h.markdown.includes('menderEra "2016" in the configuration file') && h.markdown.includes(path.join(dir, 'mender-swarm.config.json')), h.markdown);
});

test('menderEra "current" on a stack whose evidence says 2016 (AWS_URI, latest tag) reports AWS_URI as unread', () => {
  const text = 'services:\n  mender-deployments:\n    image: mendersoftware/deployments:latest\n    environment:\n      AWS_URI: http://minio:9000\n';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-era-'));
  const file = path.join(dir, 'docker-compose.yml');
  fs.writeFileSync(file, text);
  assert.deepEqual(unread(lintWith(file).diagnostics), [], 'the evidence says 2016');
  fs.writeFileSync(path.join(dir, 'mender-swarm.config.yaml'), 'menderEra: current\n');
  const d = unread(lintWith(file).diagnostics);
  assert.equal(d.length, 1);
  assert.match(said(d[0]), /era current, from menderEra "current" in the configuration file/);
});

test("an unknown era id is refused, naming the valid ones; the schema offers exactly the catalog's ids", () => {
  const c = parseProjectConfig('/p/mender-swarm.config.json', '{ "menderEra": "3.7" }');
  assert.equal(c.menderEra, undefined);
  assert.deepEqual(
    c.problems.map((p) => configProblemText(p)),
    [`/p/mender-swarm.config.json:1:16: menderEra: "3.7" is not a Mender era of the catalog (known: ${ERA_IDS.join(', ')})`],
  );
  assert.equal(eraOverrideOf(c), undefined);
  assert.equal(parseProjectConfig('/p/x.json', '{ "menderEra": 3 }').problems.length, 1);
  assert.equal(parseProjectConfig('/p/x.json', '{ "menderEra": "2.x" }').menderEra, '2.x');
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas/mender-swarm.config.schema.json'), 'utf8'));
  assert.deepEqual(schema.properties.menderEra.enum, ERA_IDS);
});

test("the CLI's lint honours menderEra, and an unknown id is a usage error (exit 2) naming the valid ids", (t) => {
  if (!fs.existsSync(CLI)) {
    t.skip('dist/cli.js is not built (node scripts/build.mjs)');
    return;
  }
  const run = (file: string) =>
    spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', file], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  // Every "code" in the JSON report (whatever its nesting), checked to be JSON first.
  const codesOf = (out: string): string[] =>
    JSON.stringify(JSON.parse(out))
      .match(/"code":"[^"]+"/g)
      ?.map((s) => s.slice(8, -1)) ?? [];
  const plain = run(project(undefined).file);
  assert.ok(codesOf(plain.stdout).includes('mender-unread-variable'), plain.stdout + plain.stderr);
  const over = run(project('{ "menderEra": "2016" }').file);
  assert.ok(!codesOf(over.stdout).includes('mender-unread-variable'), over.stdout + over.stderr);
  const bad = run(project('{ "menderEra": "mender-3" }').file);
  assert.equal(bad.status, 2, bad.stdout + bad.stderr);
  assert.match(bad.stderr, /menderEra: "mender-3" is not a Mender era of the catalog \(known: 0\.x, 2016, 2\.x, 3\.x, current\)/);
});
