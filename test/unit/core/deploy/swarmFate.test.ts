// One owner for what swarm makes of a compose key and of `restart:`: the swarm-compat rule, the converter
// (what deploy sends) and export must say the same thing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { convertProject } from '../../../../src/core/deploy/convert';
import { exportV3 } from '../../../../src/core/deploy/export';
import { restartPolicyOf } from '../../../../src/core/deploy/restart';
import { deployFate, inExportedFile, SWARM_FATE } from '../../../../src/core/deploy/swarmFate';
import type { FileReader } from '../../../../src/core/manifest/files';
import { loadProject } from '../../../../src/core/manifest/project';
import { applyEdits, lintTexts, only, ROOT, textAt } from '../../helpers';
import { said } from '../../said';

function all(text: string) {
  const reader: FileReader = { read: () => ({ text }) };
  const project = loadProject({ files: ['/p/c.yml'], reader, stackName: 'st', envFile: false });
  return { convert: convertProject(project, { reader }), exported: exportV3(project), lint: lintTexts({ 'c.yml': text }).diagnostics };
}

test('restart: "no" sends no policy in deploy and export, and the rule says so (it said condition: none)', () => {
  const text = 'version: "3.8"\nservices:\n  a:\n    image: x\n    restart: "no"\n';
  const { convert, exported, lint } = all(text);
  assert.equal(convert.services[0].spec.TaskTemplate?.RestartPolicy, undefined);
  assert.equal((parse(exported.text) as { services: { a: { deploy?: unknown } } }).services.a.deploy, undefined);
  const [r] = only(lint, 'restart-policy');
  assert.match(said(r), /sends no restart policy/);
  assert.doesNotMatch(said(r), /becomes deploy\.restart_policy/);
  // The fix is offered for what the author meant (no restarts), not as an equivalent rewrite.
  assert.equal(r.fixes?.length, 1);
  assert.notEqual(r.fixes![0].preferred, true);
  assert.match(applyEdits(text, r.fixes![0].edits), /restart_policy:\n        condition: none/);
});

test('restartPolicyOf maps like docker/cli convertRestartPolicy', () => {
  assert.deepEqual(restartPolicyOf('no'), { kind: 'none' });
  assert.deepEqual(restartPolicyOf('always'), { kind: 'policy', condition: 'any' });
  assert.deepEqual(restartPolicyOf('unless-stopped'), { kind: 'policy', condition: 'any' });
  assert.deepEqual(restartPolicyOf('on-failure'), { kind: 'policy', condition: 'on-failure' });
  assert.deepEqual(restartPolicyOf('on-failure:4'), { kind: 'policy', condition: 'on-failure', maxAttempts: 4 });
  assert.deepEqual(restartPolicyOf('sometimes'), { kind: 'invalid' });
});

test('every key the table names: the rule, deploy and export agree on its fate', () => {
  for (const [key, fate] of Object.entries(SWARM_FATE)) {
    if (key === 'restart' || key === 'extends' || key === 'depends_on') continue;
    const ours = deployFate(fate);
    if (fate.cli === 'converted' && ours === 'converted') continue;
    const value =
      key === 'cpus'
        ? '0.5'
        : key === 'mem_limit' || key === 'mem_reservation'
          ? '64m'
          : key === 'pids_limit' || key === 'scale' || key === 'oom_score_adj'
            ? '2'
            : key === 'volumes_from' || key === 'links' || key === 'external_links' || key === 'expose' || key === 'dns_opt' || key === 'group_add'
              ? '[b]'
              : key === 'build'
                ? '.'
                : key === 'credential_spec'
                  ? '{ config: spec }'
                  : 'v';
    const text = `services:\n  a:\n    image: x\n    ${key}: ${value}\n  b:\n    image: x\n`;
    const { convert, exported, lint } = all(text);
    const ruleCodes = lint.filter((d) => said(d).includes(`"${key}"`)).map((d) => d.code);
    const deployIssues = convert.issues.filter((i) => i.message.includes(`\`${key}\``));
    const deployErrors = convert.issues.filter((i) => i.severity === 'error');
    const out = (parse(exported.text) as { services: { a: Record<string, unknown> } }).services.a;
    if (ours === 'refused') {
      assert.ok(ruleCodes.includes('refused-option'), `${key}: rule says refused (${ruleCodes})`);
      assert.ok(
        deployIssues.some((i) => i.code === 'deploy-refused-key' && i.severity === 'error'),
        `${key}: deploy refuses it`,
      );
    } else if (fate.cli === 'refused') {
      // The docker CLI refuses it; Mender Swarm's deploy takes it (converted) or leaves it out with a note.
      assert.ok(ruleCodes.includes('cli-refused-option') && !ruleCodes.includes('refused-option'), `${key}: rule says the CLI refuses it (${ruleCodes})`);
      assert.deepEqual(deployErrors, [], `${key}: deploy goes on`);
      assert.equal(out[key], undefined, `${key}: export leaves it out of the v3.8 file`);
      if (ours === 'ignored')
        assert.ok(
          deployIssues.some((i) => i.code === 'deploy-ignored-key' && i.severity === 'warning'),
          `${key}: deploy says it leaves it out`,
        );
      else assert.deepEqual(deployIssues, [], `${key}: deploy converts it`);
      if (fate.movedTo) {
        const written = fate.movedTo.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], out);
        assert.ok(written !== undefined, `${key}: export writes ${fate.movedTo}`);
        assert.match(said(lint.find((d) => d.code === 'cli-refused-option')!), new RegExp(fate.movedTo.replace(/\./g, '\\.')));
      }
    } else if (fate.cli === 'converted') {
      // The CLI sends it; Mender Swarm's deploy does not (credential_spec, oom_score_adj): said at deploy, not by lint.
      assert.deepEqual(ruleCodes, [], `${key}: nothing for lint to say`);
      assert.ok(
        deployIssues.some((i) => i.code === 'deploy-ignored-key'),
        `${key}: deploy says it leaves it out`,
      );
    } else {
      assert.ok(ruleCodes.includes(fate.cli === 'ignored' ? 'ignored-option' : 'deprecated-option'), `${key}: rule says ${fate.cli} (${ruleCodes})`);
      assert.ok(
        deployIssues.some((i) => i.code === 'deploy-ignored-key'),
        `${key}: deploy ignores it`,
      );
    }
  }
});

test('every service key of the compose specification has a fate in the table: a key compose added is never passed over in silence', () => {
  const spec = JSON.parse(fs.readFileSync(path.join(ROOT, 'src/core/schema/compose-spec.schema.json'), 'utf8')) as {
    definitions: { service: { properties: Record<string, unknown> } };
  };
  const missing = Object.keys(spec.definitions.service.properties).filter((k) => !(k in SWARM_FATE));
  assert.deepEqual(missing, []);
});

test('export keeps exactly the service keys the v3.8 schema of the docker CLI takes', () => {
  // docker/cli's config_schema_v3.8.json, service properties (names only).
  const v38 =
    'build cap_add cap_drop cgroup_parent command configs container_name credential_spec depends_on deploy devices dns dns_search domainname entrypoint env_file environment expose external_links extra_hosts healthcheck hostname image init ipc isolation labels links logging mac_address network_mode networks pid ports privileged read_only restart secrets security_opt shm_size sysctls stdin_open stop_grace_period stop_signal tmpfs tty ulimits user userns_mode volumes working_dir'.split(
      ' ',
    );
  const keys = [...new Set([...Object.keys(SWARM_FATE), ...v38])];
  assert.deepEqual(keys.filter(inExportedFile).sort(), [...v38].sort());
});

test("scale: compose's replica count in deploy and export when deploy.replicas is not set (today's mender-server runs its client with scale: 0)", () => {
  const { convert, exported, lint } = all(
    'services:\n  client:\n    image: x\n    scale: 0\n  b:\n    image: x\n    scale: 3\n    deploy:\n      replicas: 2\n',
  );
  const mode = (name: string) => convert.services.find((s) => s.name === name)!.spec.Mode;
  assert.deepEqual(mode('client'), { Replicated: { Replicas: 0 } });
  assert.deepEqual(mode('b'), { Replicated: { Replicas: 2 } });
  assert.ok(convert.issues.some((i) => i.severity === 'warning' && /scale 3 and deploy.replicas 2 differ/.test(i.message)));
  const out = (parse(exported.text) as { services: Record<string, { deploy?: { replicas?: number }; scale?: number }> }).services;
  assert.equal(out.client.deploy?.replicas, 0);
  assert.equal(out.client.scale, undefined);
  assert.equal(out.b.deploy?.replicas, 2);
  assert.equal(only(lint, 'cli-refused-option').length, 2);
});

test("what docker stack deploy's schema refuses beyond service keys: a config's content, a secret's environment, depends_on with conditions", () => {
  const text = [
    'services:',
    '  a:',
    '    image: x',
    '    depends_on:',
    '      b: {condition: service_healthy}',
    '  b:',
    '    image: x',
    'configs:',
    '  c:',
    '    content: hello',
    'secrets:',
    '  s:',
    '    environment: TOKEN',
  ].join('\n');
  const found = only(lintTexts({ 'c.yml': text }).diagnostics, 'cli-refused-option');
  assert.deepEqual(
    found.map((d) => [textAt(text, d), d.severity]),
    [
      ['depends_on', 'warning'],
      ['content', 'warning'],
      ['environment', 'warning'],
    ],
  );
  assert.match(said(found[1]), /Additional property content is not allowed.*creates the config from this text/);
});

test("a key the file's own version does not take yet: the docker CLI reads a 3.N file with that schema", () => {
  const text = [
    'version: "3.4"',
    'services:',
    '  a:',
    '    image: x',
    '    init: true',
    '    configs: [c]',
    '    healthcheck:',
    '      test: [CMD, "true"]',
    '      start_period: 2s',
    '      start_interval: 1s',
    'configs:',
    '  c:',
    '    file: ./c.txt',
  ].join('\n');
  const found = only(lintTexts({ 'c.yml': text }).diagnostics, 'cli-refused-option');
  assert.deepEqual(
    found.map((d) => `${textAt(text, d)}:${d.message.match(/came with ([\d.]+)/)?.[1]}`),
    ['init:3.7', 'start_interval:3.12'],
  );
  // The same keys in a file of a version that has them, in a file saying "3" (the newest schema) or none: nothing.
  for (const v of ['version: "3.12"', 'version: "3"', '']) {
    const other = text.replace('version: "3.4"', v);
    assert.deepEqual(only(lintTexts({ 'c.yml': other }).diagnostics, 'cli-refused-option'), [], v);
  }
  const early = only(lintTexts({ 'c.yml': text.replace('version: "3.4"', 'version: "3.2"') }).diagnostics, 'cli-refused-option').map((d) =>
    textAt(text.replace('3.4', '3.2'), d),
  );
  assert.deepEqual(early, ['init', 'configs', 'start_period', 'start_interval', 'configs']);
});

test('cli-refused-option offers to write scale and the v2 resource keys where the v3 file has them', () => {
  const text =
    'services:\n  a:\n    image: x\n    scale: 3\n  b:\n    image: x\n    mem_limit: 512m\n  c:\n    image: x\n    scale: 2\n    deploy:\n      mode: replicated\n';
  const found = only(lintTexts({ 'c.yml': text }).diagnostics, 'cli-refused-option');
  const fixed = (i: number) => applyEdits(text, found[i].fixes![0].edits);
  assert.equal(found[0].fixes?.[0].title, 'Write it as deploy.replicas');
  assert.match(fixed(0), /  a:\n    image: x\n    deploy:\n      replicas: 3\n  b:/);
  assert.match(fixed(1), /  b:\n    image: x\n    deploy:\n      resources:\n        limits:\n          memory: 512m\n  c:/);
  // c has a deploy: of its own; the fix would write a second one, so none is offered.
  assert.ok(!found[2].fixes?.length);
  for (const i of [0, 1]) assert.deepEqual(only(lintTexts({ 'c.yml': fixed(i) }).diagnostics, 'cli-refused-option').length, 2);
});

test('a boolean where the docker CLI wants a string (environment, labels, deploy.labels, object labels): a warning with the fix that quotes it', () => {
  const text = [
    'services:',
    '  a:',
    '    image: x',
    '    environment:',
    '      DEBUG: true',
    '      LEVEL: 3',
    '    labels:',
    '      - traefik.enable=true',
    '    deploy:',
    '      labels:',
    '        traefik.enable: false',
    'networks:',
    '  n:',
    '    labels: {internal: true}',
  ].join('\n');
  const found = only(lintTexts({ 'c.yml': text }).diagnostics, 'cli-refused-option');
  assert.deepEqual(
    found.map((d) => `${d.range.start.line}:${textAt(text, d)}`),
    ['4:true', '10:false', '13:true'],
  );
  assert.match(said(found[0]), /must be a string, number or null/);
  assert.match(applyEdits(text, found[0].fixes![0].edits), /DEBUG: "true"/);
});

test('deploy.resources.reservations.devices (GPUs): the docker CLI refuses it, deploy leaves it out, both say generic_resources', () => {
  const text =
    'services:\n  ollama:\n    image: x\n    deploy:\n      resources:\n        reservations:\n          devices:\n            - driver: nvidia\n              count: 1\n              capabilities: [gpu]\n';
  const { convert, lint } = all(text);
  const found = only(lint, 'cli-refused-option');
  assert.deepEqual(
    found.map((d) => textAt(text, d)),
    ['devices'],
  );
  assert.match(said(found[0]), /Additional property devices is not allowed.*generic_resources/);
  assert.ok(convert.issues.some((i) => i.severity === 'warning' && /reservations\.devices is left out.*generic_resources/.test(i.message)));
});
