import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { convertProject } from '../../../../src/core/deploy/convert';
import { LABEL_NAMESPACE, type CurrentStackState, type ServiceSpec } from '../../../../src/core/deploy/engine';
import { diffSpecs, formatPlan, planIsEmpty, planStack, resolveRefs } from '../../../../src/core/deploy/plan';
import { loadProject } from '../../../../src/core/manifest/project';

const SEED = path.join(__dirname, '..', '..', '..', 'fixtures', 'seed-2016', 'docker-compose.yml');
const desired = () => convertProject(loadProject({ files: [SEED], stackName: 'mender' }));

/** What the engine hands back for a spec it stored: network names become IDs, defaults appear. */
function asStored(spec: ServiceSpec, netIds: Map<string, string>): ServiceSpec {
  const s = structuredClone(spec);
  for (const n of s.TaskTemplate?.Networks ?? []) n.Target = netIds.get(n.Target!) ?? n.Target;
  s.TaskTemplate!.ForceUpdate = 3;
  s.TaskTemplate!.Runtime = 'container';
  s.TaskTemplate!.ContainerSpec!.Isolation = 'default';
  s.TaskTemplate!.Resources = {};
  s.TaskTemplate!.Placement = {};
  return s;
}

test('empty swarm: everything is created', () => {
  const p = planStack(desired(), { services: [], networks: [], secrets: [], configs: [] });
  assert.equal(p.services.filter((s) => s.action === 'create').length, 15);
  assert.deepEqual(
    p.networks.map((n) => [n.action, n.fullName]),
    [['create', 'mender_mender']],
  );
  assert.ok(!planIsEmpty(p));
  assert.match(formatPlan(p), /16 to create, 0 to update/);
});

test('deployed stack: unchanged; one changed field is named; prune removes only stack-labelled leftovers', () => {
  const d = desired();
  const netIds = new Map([['mender_mender', 'net123']]);
  const state: CurrentStackState = {
    networks: [
      { Id: 'net123', Name: 'mender_mender', Driver: 'overlay', Scope: 'swarm', Labels: { [LABEL_NAMESPACE]: 'mender' } },
      { Id: 'other', Name: 'someone-else', Labels: {} },
    ],
    secrets: [],
    configs: [],
    services: d.services.map((s, i) => ({ ID: `id${i}`, Version: { Index: 10 + i }, Spec: asStored(s.spec, netIds) })),
  };
  const same = planStack(d, state, { prune: true });
  assert.ok(planIsEmpty(same), formatPlan(same));

  const gw = state.services.find((s) => s.Spec?.Name === 'mender_mender-api-gateway')!;
  gw.Spec!.Mode = { Replicated: { Replicas: 2 } };
  gw.Spec!.TaskTemplate!.ContainerSpec!.Env = ['MAPPED_PORT=9090'];
  state.services.push({ ID: 'old', Spec: { Name: 'mender_retired', Labels: { [LABEL_NAMESPACE]: 'mender' } } });
  const p = planStack(d, state, { prune: true });
  const u = p.services.find((s) => s.name === 'mender-api-gateway')!;
  assert.equal(u.action, 'update');
  assert.deepEqual(u.changes.map((c) => c.path).sort(), ['Mode.Replicated.Replicas', 'TaskTemplate.ContainerSpec.Env']);
  assert.deepEqual(
    p.services.filter((s) => s.action === 'remove').map((s) => s.fullName),
    ['mender_retired'],
  );
  assert.ok(!p.networks.some((n) => n.fullName === 'someone-else'), 'never touches objects without the stack label');
  const noPrune = planStack(d, state);
  assert.ok(!noPrune.services.some((s) => s.action === 'remove'));
});

test('missing external network blocks; secret references resolve to IDs', () => {
  const spec: ServiceSpec = {
    Name: 's_a',
    TaskTemplate: { ContainerSpec: { Image: 'x', Secrets: [{ SecretName: 's_k', File: { Name: 'k' } }] }, Networks: [{ Target: 'ext' }] },
  };
  const r = resolveRefs(spec, { networks: [{ Id: 'n1', Name: 'ext' }], secrets: [{ ID: 'sec1', Spec: { Name: 's_k' } }], configs: [] });
  assert.equal(r.TaskTemplate!.ContainerSpec!.Secrets![0].SecretID, 'sec1');
  assert.equal(r.TaskTemplate!.Networks![0].Target, 'n1');
  assert.equal(diffSpecs({ ...spec, TaskTemplate: { ...spec.TaskTemplate, ForceUpdate: 7 } }, spec).length, 0, 'ForceUpdate is not a difference');
  const d = desired();
  d.networks[0] = { name: 'mender', fullName: 'corp-net', external: true };
  const p = planStack(d, { services: [], networks: [], secrets: [], configs: [] });
  assert.match(p.blocking.join(), /External network "corp-net"/);
});
