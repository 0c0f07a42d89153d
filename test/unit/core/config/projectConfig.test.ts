// The project configuration file (mender-swarm.config.{json,yaml}) and the one deploy gate: the CLI reads the
// same rules the editor does, so both agree on whether a stack may be deployed.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { configProblemText, findProjectConfig, parseProjectConfig, projectConfigFor, type ConfigProblem } from '../../../../src/core/config/projectConfig';
import { deployGate, loadStack } from '../../../../src/core/deploy/stack';
import { ROOT } from '../../helpers';

const CLI = path.join(ROOT, 'dist/cli.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-config-'));
const write = (name: string, text: string): string => {
  const p = path.join(tmp, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
};
// An engine that is never there: a deploy that passes the gate fails connecting, one that does not never connects.
const run = (...args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', DOCKER_HOST: 'tcp://127.0.0.1:9' } });

const PRIVILEGED = 'services:\n  a:\n    image: x\n    privileged: true\n';

test("the file is found from a stack file's folder upwards, JSON or YAML, with paths relative to it", () => {
  write(
    'up/mender-swarm.config.yaml',
    'rules:\n  ignored-option: "off"\nstackName: prod\nstackFiles:\n  main: [stack/a.yml, stack/b.yml]\nimageMap:\n  "mendersoftware/*": "registry.local/*"\n',
  );
  const f = write('up/stack/a.yml', PRIVILEGED);
  const c = projectConfigFor([f])!;
  assert.equal(c.file, path.join(tmp, 'up/mender-swarm.config.yaml'));
  assert.deepEqual(c.problems, []);
  assert.deepEqual(c.rules, { 'ignored-option': 'off' });
  assert.equal(c.stackName, 'prod');
  assert.deepEqual(c.stackFiles.get('main'), [path.join(tmp, 'up/stack/a.yml'), path.join(tmp, 'up/stack/b.yml')]);
  assert.deepEqual(
    c.imageMap.map((m) => [m.from, m.to]),
    [['mendersoftware/*', 'registry.local/*']],
  );
  assert.equal(findProjectConfig(path.join(tmp, 'elsewhere-not-under-up')), undefined);
});

test('the search skips what is missing or a folder, says what cannot be read, and reads through any reader', () => {
  // Missing names are found by a stat (no exception per name and folder); everything else is read as before.
  write('skip/mender-swarm.config.json/placeholder', '');
  write('skip/mender-swarm.config.yml', 'stackName: from-yml\n');
  const inner = path.join(tmp, 'skip/inner');
  fs.mkdirSync(inner, { recursive: true });
  assert.equal(findProjectConfig(inner)?.file, path.join(tmp, 'skip/mender-swarm.config.yml'), 'a folder with the name is passed over');
  assert.equal(findProjectConfig(inner)?.stackName, 'from-yml');
  if (process.platform !== 'win32') {
    spawnSync('mkfifo', [path.join(inner, 'mender-swarm.config.yaml')]);
    const c = findProjectConfig(inner)!;
    assert.equal(c.file, path.join(inner, 'mender-swarm.config.yaml'));
    assert.match(c.problems[0]?.message ?? '', /named pipe/);
  }
  // A reader with no stat (texts in memory) is read name by name.
  const texts = new Map([[path.join(tmp, 'mem/mender-swarm.config.json'), '{"stackName": "mem"}']]);
  const memory = { read: (p: string) => (texts.has(p) ? { text: texts.get(p)! } : { error: `${p}: no such file`, kind: 'missing' as const }) };
  assert.equal(findProjectConfig(path.join(tmp, 'mem/a/b'), memory)?.stackName, 'mem');
});

test('mistakes in the file are reported with the file and the key, and the entry is left out', () => {
  const c = parseProjectConfig('/p/mender-swarm.config.json', '{ "rules": { "a": "loud", "b": "off" }, "stackFiles": { "x": [] }, "colour": 1 }');
  assert.deepEqual(c.rules, { b: 'off' });
  assert.equal(c.problems.length, 3);
  assert.ok(c.problems.every((p) => p.file === '/p/mender-swarm.config.json' && configProblemText(p).startsWith('/p/mender-swarm.config.json:1:')));
  assert.ok(c.problems.some((p) => /^rules\.a: "loud"/.test(p.message)));
  assert.ok(c.problems.some((p) => /^colour: unknown key/.test(p.message)));
  assert.match(parseProjectConfig('/p/mender-swarm.config.json', '{ nope').problems[0].message, /not valid JSON/);
});

/** Line, column (1-based, as printed) and the text a problem's range covers. */
const placeOf = (text: string, p: ConfigProblem): [number, number, string] => {
  const lines = text.split('\n');
  const offset = (pos: { line: number; character: number }): number => lines.slice(0, pos.line).reduce((n, l) => n + l.length + 1, 0) + pos.character;
  return [p.range.start.line + 1, p.range.start.character + 1, text.slice(offset(p.range.start), offset(p.range.end))];
};

test('each mistake is placed where it is: the bad value, the unknown key, the parse error (JSON and YAML)', () => {
  const json = '{\n  "rules": {\n    "privileged": "loud",\n    "ok": "off"\n  },\n  "colour": 1,\n  "menderEra": "mender-3"\n}\n';
  const j = parseProjectConfig('/p/mender-swarm.config.json', json);
  assert.deepEqual(
    j.problems.map((p) => [p.message.split(':')[0], ...placeOf(json, p)]),
    [
      ['colour', 6, 3, '"colour"'],
      ['rules.privileged', 3, 19, '"loud"'],
      ['menderEra', 7, 16, '"mender-3"'],
    ],
  );
  assert.deepEqual(j.rules, { ok: 'off' }, 'the valid entries still apply');
  const yaml = 'stackName: prod\nrules:\n  privileged: loud\nimageMap:\n  "a/*": 3\nmenderEra: 3.7\n';
  const y = parseProjectConfig('/p/mender-swarm.config.yaml', yaml);
  assert.deepEqual(
    y.problems.map((p) => [p.message.split(':')[0], ...placeOf(yaml, p)]),
    [
      ['rules.privileged', 3, 15, 'loud'],
      ['imageMap.a/*', 5, 10, '3'],
      ['menderEra', 6, 12, '3.7'],
    ],
  );
  assert.equal(y.stackName, 'prod');
  const badJson = '{\n  "rules": {\n    "a": "off",,\n  }\n}\n';
  const pj = parseProjectConfig('/p/mender-swarm.config.json', badJson).problems;
  assert.equal(pj.length, 1);
  assert.match(pj[0].message, /^not valid JSON: /);
  assert.deepEqual(placeOf(badJson, pj[0]).slice(0, 2), [3, 16]);
  const badYaml = 'rules:\n  a: off\n b: [\n';
  const py = parseProjectConfig('/p/mender-swarm.config.yml', badYaml).problems;
  assert.equal(py.length, 1);
  assert.match(py[0].message, /^not valid YAML: /);
  assert.ok(py[0].range.start.line >= 1, JSON.stringify(py[0].range));
  assert.deepEqual(
    parseProjectConfig('/p/mender-swarm.config.yaml', '- a\n- b\n').problems.map((p) => placeOf('- a\n- b\n', p)[0]),
    [1],
  );
});

test('one gate: a rule the file raises to error refuses the deploy; a rule it turns off lets it through', () => {
  const f = write('gate/a.yml', PRIVILEGED);
  assert.equal(deployGate(loadStack([f], { env: {} })).allowed, true, 'privileged is a warning by default');
  assert.equal(deployGate(loadStack([f], { env: {}, rules: { 'ignored-option': 'error' } })).allowed, false);
  assert.equal(deployGate(loadStack([f], { env: {}, rules: { 'ignored-option': 'error' } }), true).allowed, true, 'forced');
});

test('CLI: lint and deploy read the file next to the stack (the CLI had only --rule); --rule wins over it', () => {
  const f = write('cli/stack.yml', PRIVILEGED);
  write('cli/mender-swarm.config.json', JSON.stringify({ rules: { 'ignored-option': 'error' } }));
  const lint = run('lint', '--format', 'json', f);
  assert.equal(lint.status, 1, lint.stderr);
  assert.equal((JSON.parse(lint.stdout) as { code: string; severity: string }[]).find((d) => d.code === 'ignored-option')?.severity, 'error');
  assert.equal(run('lint', '--rule', 'ignored-option=warning', f).status, 0);

  const refused = run('deploy', '--stack', 'cfgtest', '--yes', f);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /not deploying: 1 lint error\(s\)/);
  const plan = run('plan', '--stack', 'cfgtest', f);
  assert.match(plan.stderr, /ignored-option/);

  write('cli/mender-swarm.config.json', JSON.stringify({ rules: { 'ignored-option': 'warning' } }));
  const passes = run('deploy', '--stack', 'cfgtest', '--yes', f);
  assert.doesNotMatch(passes.stderr, /not deploying/);

  write('cli/mender-swarm.config.json', '{ "rules": { "ignored-option": "loud" } }');
  const bad = run('lint', f);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /mender-swarm\.config\.json:1:32: rules\.ignored-option: "loud"/, 'file:line:column, then the message the editor shows');
});

test('the schema is contributed for the JSON and YAML names and describes every key the reader knows', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    contributes: { jsonValidation: { fileMatch: string; url: string }[]; yamlValidation: { fileMatch: string[]; url: string }[] };
  };
  const json = pkg.contributes.jsonValidation.find((v) => v.fileMatch === 'mender-swarm.config.json')!;
  const yaml = pkg.contributes.yamlValidation.find((v) => v.fileMatch.includes('mender-swarm.config.yaml'))!;
  assert.equal(json.url, yaml.url);
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, json.url), 'utf8')) as { properties: Record<string, unknown> };
  assert.deepEqual(Object.keys(schema.properties).sort(), ['$schema', 'imageMap', 'menderEra', 'rules', 'stackFiles', 'stackName', 'targets']);
  assert.equal(
    parseProjectConfig('/p/mender-swarm.config.json', JSON.stringify(Object.fromEntries(Object.keys(schema.properties).map((k) => [k, undefined])))).problems
      .length,
    0,
  );
});
