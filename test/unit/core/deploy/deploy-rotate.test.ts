// Rolling a changed secret/config: the plan's side (objectVersions.ts, planStack). The real swarm's side is
// test/docker/swarm-objects.test.ts.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { convertProject } from '../../../../src/core/deploy/convert';
import { LABEL_NAMESPACE, type CurrentSecret, type CurrentStackState } from '../../../../src/core/deploy/engine';
import { contentDigest, LABEL_DIGEST, LABEL_OBJECT, LABEL_VERSION, objectNameProblem, versionedName } from '../../../../src/core/deploy/objectVersions';
import { formatPlan, planIsEmpty, planStack } from '../../../../src/core/deploy/plan';
import { loadProject } from '../../../../src/core/manifest/project';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-rotate-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
fs.writeFileSync(
  path.join(dir, 'docker-compose.yml'),
  `version: '3.7'
services:
  app:
    image: busybox
    secrets: [{ source: key, target: /run/secrets/key.pem }]
    configs: [{ source: conf, target: /etc/app.conf }]
secrets:
  key: { file: ./key.pem }
configs:
  conf: { file: ./app.conf }
`,
);
const keyFile = path.join(dir, 'key.pem');
fs.writeFileSync(keyFile, 'first key');
fs.writeFileSync(path.join(dir, 'app.conf'), 'a=1');

const desired = () => convertProject(loadProject({ files: [path.join(dir, 'docker-compose.yml')], stackName: 'st' }));

function obj(id: string, name: string, content: string | undefined, version?: number, logical?: string): CurrentSecret {
  const labels: Record<string, string> = { [LABEL_NAMESPACE]: 'st' };
  if (content !== undefined) labels[LABEL_DIGEST] = contentDigest(content);
  if (version) labels[LABEL_VERSION] = String(version);
  if (logical) labels[LABEL_OBJECT] = logical;
  return { ID: id, Spec: { Name: name, Labels: labels } };
}

function deployed(secrets: CurrentSecret[], configs: CurrentSecret[], secretRef: { id: string; name: string }): CurrentStackState {
  const d = desired();
  const spec = structuredClone(d.services[0].spec);
  spec.TaskTemplate!.ContainerSpec!.Secrets![0].SecretName = secretRef.name;
  spec.TaskTemplate!.ContainerSpec!.Secrets![0].SecretID = secretRef.id;
  spec.TaskTemplate!.ContainerSpec!.Configs![0].ConfigID = configs[0]?.ID;
  for (const n of spec.TaskTemplate!.Networks ?? []) n.Target = 'net1';
  const network = { Id: 'net1', Name: 'st_default', Driver: 'overlay', Scope: 'swarm', Labels: { [LABEL_NAMESPACE]: 'st' } };
  return { services: [{ ID: 'svc1', Version: { Index: 3 }, Spec: spec }], networks: [network], secrets, configs };
}

test('a new secret is created as version 1 under its own name, with its digest', () => {
  const p = planStack(desired(), { services: [], networks: [], secrets: [], configs: [] });
  const s = p.secrets[0];
  assert.equal(s.action, 'create');
  assert.equal(s.engineName, 'st_key');
  assert.equal(s.digest, contentDigest('first key'));
});

test('same content: unchanged, plan empty; changed content: rotate to -v2, the service moves at the same target', () => {
  fs.writeFileSync(keyFile, 'first key');
  const conf = [obj('c1', 'st_conf', 'a=1', 1, 'st_conf')];
  const same = planStack(desired(), deployed([obj('k1', 'st_key', 'first key', 1, 'st_key')], conf, { id: 'k1', name: 'st_key' }));
  assert.equal(same.secrets[0].action, 'unchanged');
  assert.ok(planIsEmpty(same), formatPlan(same));

  fs.writeFileSync(keyFile, 'second key');
  const p = planStack(desired(), deployed([obj('k1', 'st_key', 'first key', 1, 'st_key')], conf, { id: 'k1', name: 'st_key' }));
  const s = p.secrets[0];
  assert.equal(s.action, 'rotate');
  assert.equal(s.engineName, 'st_key-v2');
  assert.equal(s.version, 2);
  assert.deepEqual(
    s.retire?.map((o) => o.ID),
    ['k1'],
  );
  const svc = p.services[0];
  assert.equal(svc.action, 'update');
  assert.deepEqual(
    svc.changes.map((c) => c.path),
    ['TaskTemplate.ContainerSpec.Secrets'],
  );
  const to = svc.changes[0].to as Array<{ SecretName: string; File: { Name: string } }>;
  assert.equal(to[0].SecretName, 'st_key-v2');
  assert.equal(to[0].File.Name, '/run/secrets/key.pem');
  assert.match(formatPlan(p), /\^ secret st_key \(rotate: content changed, st_key -> st_key-v2\)/);
  assert.match(formatPlan(p), /1 to rotate/);
  assert.equal(p.configs[0].action, 'unchanged');
});

test('after a rotation: the latest version is current; a leftover older one is retired once unused', () => {
  fs.writeFileSync(keyFile, 'second key');
  const conf = [obj('c1', 'st_conf', 'a=1', 1, 'st_conf')];
  const state = deployed([obj('k1', 'st_key', 'first key', 1, 'st_key'), obj('k2', 'st_key-v2', 'second key', 2, 'st_key')], conf, {
    id: 'k2',
    name: 'st_key-v2',
  });
  const p = planStack(desired(), state, { prune: true });
  assert.equal(p.secrets.length, 1, 'versions of one logical secret are not pruned as strangers');
  assert.equal(p.secrets[0].action, 'unchanged');
  assert.equal(p.secrets[0].engineName, 'st_key-v2');
  assert.deepEqual(
    p.secrets[0].retire?.map((o) => o.ID),
    ['k1'],
  );
  assert.equal(p.services[0].action, 'unchanged', JSON.stringify(p.services[0].changes));
  assert.ok(!planIsEmpty(p), 'an old version to remove is something to do');
  fs.writeFileSync(keyFile, 'third key');
  assert.equal(planStack(desired(), state).secrets[0].engineName, 'st_key-v3');
});

test('an object without a digest label (docker stack deploy made it) is left alone', () => {
  fs.writeFileSync(keyFile, 'anything');
  const p = planStack(desired(), deployed([obj('k1', 'st_key', undefined)], [obj('c1', 'st_conf', undefined)], { id: 'k1', name: 'st_key' }));
  assert.equal(p.secrets[0].action, 'unchanged');
  assert.equal(p.configs[0].action, 'unchanged');
  assert.ok(planIsEmpty(p));
});

test('an unreadable secret file blocks the deploy before anything is sent, naming the file', () => {
  fs.rmSync(keyFile);
  try {
    const p = planStack(desired(), { services: [], networks: [], secrets: [], configs: [] });
    assert.equal(p.blocking.length, 1);
    assert.match(p.blocking[0], /secret "key": cannot read .*key\.pem \(ENOENT\)/);
  } finally {
    fs.writeFileSync(keyFile, 'first key');
  }
});

test("versioned names fit swarm's 64 characters; name rules", () => {
  assert.equal(versionedName('a', 1), 'a');
  assert.equal(versionedName('a', 12), 'a-v12');
  const long = 'x'.repeat(64);
  assert.equal(versionedName(long, 2).length, 64);
  assert.ok(versionedName(long, 2).endsWith('-v2'));
  assert.equal(objectNameProblem('secret', 'st_key.v2-a'), undefined);
  assert.match(objectNameProblem('secret', 'bad name')!, /not a valid secret name/);
  assert.match(objectNameProblem('config', '-lead')!, /not a valid config name/);
  assert.match(objectNameProblem('network', 'y'.repeat(65))!, /65 characters long/);
  assert.match(objectNameProblem('secret', '')!, /needs a name/);
});
