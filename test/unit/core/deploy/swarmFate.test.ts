// One owner for what swarm makes of a compose key and of `restart:`: the swarm-compat rule, the converter
// (what deploy sends) and export must say the same thing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { convertProject } from '../../../../src/core/deploy/convert';
import { exportV3 } from '../../../../src/core/deploy/export';
import { restartPolicyOf } from '../../../../src/core/deploy/restart';
import { SWARM_FATE } from '../../../../src/core/deploy/swarmFate';
import type { FileReader } from '../../../../src/core/manifest/files';
import { loadProject } from '../../../../src/core/manifest/project';
import { applyEdits, lintTexts, only } from '../../helpers';
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
    if (fate.cli === 'converted') continue;
    const value =
      key === 'cpus'
        ? '0.5'
        : key === 'mem_limit' || key === 'mem_reservation'
          ? '64m'
          : key === 'pids_limit'
            ? '100'
            : key === 'volumes_from' || key === 'links' || key === 'external_links' || key === 'expose'
              ? '[b]'
              : key === 'build'
                ? '.'
                : 'v';
    const text = `services:\n  a:\n    image: x\n    ${key}: ${value}\n  b:\n    image: x\n`;
    const { convert, exported, lint } = all(text);
    const ruleCodes = lint.filter((d) => said(d).includes(`"${key}"`)).map((d) => d.code);
    const deployIssues = convert.issues.filter((i) => i.message.includes(`\`${key}\``));
    const out = (parse(exported.text) as { services: { a: Record<string, unknown> } }).services.a;
    if (fate.cli === 'refused') {
      assert.ok(ruleCodes.includes('refused-option'), `${key}: rule says refused (${ruleCodes})`);
      if (fate.movedTo) {
        assert.deepEqual(
          deployIssues.filter((i) => i.severity === 'error'),
          [],
          `${key}: deploy converts it`,
        );
        const [, , group, field] = fate.movedTo.split('.');
        const res = (out.deploy as { resources: Record<string, Record<string, unknown>> }).resources;
        assert.ok(res[group][field] !== undefined, `${key}: export writes ${fate.movedTo}`);
        assert.match(said(lint.find((d) => d.code === 'refused-option')!), new RegExp(fate.movedTo.replace(/\./g, '\\.')));
      } else {
        assert.ok(
          deployIssues.some((i) => i.code === 'deploy-refused-key' && i.severity === 'error'),
          `${key}: deploy refuses it`,
        );
      }
    } else {
      assert.ok(ruleCodes.includes(fate.cli === 'ignored' ? 'ignored-option' : 'deprecated-option'), `${key}: rule says ${fate.cli} (${ruleCodes})`);
      assert.ok(
        deployIssues.some((i) => i.code === 'deploy-ignored-key'),
        `${key}: deploy ignores it`,
      );
    }
  }
});
