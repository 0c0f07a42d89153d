// The Secrets, Configs and Volumes groups and who-uses-what (src/core/explorer/usage.ts), from a made-up snapshot.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildExplorerTree,
  nameList,
  servicesOnNetwork,
  servicesUsingObject,
  tasksMountingVolume,
  walkRows,
  type SwarmSnapshot,
  type XService,
  type XTask,
} from '../../../../src/core/explorer';

const svc = (id: string, name: string, spec: XService['Spec'] = {}): XService => ({ ID: id, Spec: { Name: name, ...spec } });
const app = svc('s1', 'st_app', {
  TaskTemplate: {
    ContainerSpec: {
      Secrets: [{ SecretID: 'k2', SecretName: 'st_key-v2', File: { Name: 'app-key' } }],
      Configs: [{ ConfigID: 'c1', File: { Name: '/etc/app.conf' } }],
    },
    Networks: [{ Target: 'n1' }],
  },
});
const other = svc('s2', 'other', { TaskTemplate: { ContainerSpec: { Secrets: [{ SecretName: 'pending' }] } } });
const task = (id: string, node: string, mounts: string[]): XTask => ({
  ID: id,
  ServiceID: 's1',
  Slot: 1,
  NodeID: node,
  DesiredState: 'running',
  Status: { State: 'running' },
  Spec: { ContainerSpec: { Mounts: mounts.map((m) => ({ Type: 'volume', Source: m, Target: '/data' })) } },
});
const snap: SwarmSnapshot = {
  info: { Swarm: { NodeID: 'me', LocalNodeState: 'active', ControlAvailable: true } },
  nodes: [{ ID: 'me', Description: { Hostname: 'vm' } }],
  services: [app, other],
  tasks: [task('t1', 'me', ['st_data']), task('t2', 'elsewhere', ['st_cache'])],
  networks: [],
  secrets: [
    {
      ID: 'k2',
      Spec: { Name: 'st_key-v2', Labels: { 'com.docker.stack.namespace': 'st', 'io.mender-swarm.version': '2', 'io.mender-swarm.object': 'st_key' } },
    },
    { ID: 'k9', Spec: { Name: 'loose' } },
  ],
  configs: [{ ID: 'c1', Spec: { Name: 'st_conf' } }],
  volumes: [
    { Name: 'st_data', Driver: 'local' },
    { Name: 'st_cache', Driver: 'local' },
  ],
  fetchedAt: Date.parse('2026-01-01T00:00:00Z'),
};

describe('explorer: secrets, configs, volumes', () => {
  const rows = [...walkRows(buildExplorerTree(snap))];
  const row = (id: string) => rows.find((r) => r.id === id);

  it('a secret row names its version, stack and users, with the mount path', () => {
    const r = row('secret/k2')!;
    assert.equal(r.contextValue, 'secret used stack');
    assert.match(r.description ?? '', /stack st · v2 of st_key · 1 service/);
    assert.deepEqual(
      r.children?.map((c) => [c.label, c.description]),
      [['st_app', 'app-key']],
    );
    assert.equal(row('secret/k9')?.contextValue, 'secret unused');
    assert.deepEqual(
      row('config/c1')?.children?.map((c) => c.description),
      ['/etc/app.conf'],
    );
  });

  it("volumes: this node's tasks only", () => {
    assert.equal(row('volume/st_data')?.contextValue, 'volume used');
    assert.equal(row('volume/st_cache')?.contextValue, 'volume unused', 'the task mounting it runs on another node');
    assert.deepEqual(
      tasksMountingVolume(snap.tasks, 'me', 'st_data').map((t) => t.ID),
      ['t1'],
    );
  });

  it('the lazy groups stay lazy until loaded', () => {
    const tree = buildExplorerTree({ ...snap, secrets: undefined, configs: undefined, volumes: undefined });
    for (const id of ['group/secrets', 'group/configs', 'group/volumes']) assert.equal(tree.find((r) => r.id === id)?.lazy, true, id);
  });

  it('users: by ID, by name for an unresolved reference; networks by id or name; readable name lists', () => {
    assert.deepEqual(
      servicesUsingObject(snap.services, 'secret', 'k2').map((s) => s.ID),
      ['s1'],
    );
    assert.deepEqual(
      servicesUsingObject(snap.services, 'secret', 'x', 'pending').map((s) => s.ID),
      ['s2'],
    );
    assert.deepEqual(
      servicesUsingObject(snap.services, 'config', 'c1').map((s) => s.ID),
      ['s1'],
    );
    assert.deepEqual(
      servicesOnNetwork(snap.services, { Id: 'n1', Name: 'st_default' }).map((s) => s.ID),
      ['s1'],
    );
    assert.equal(nameList(['a']), '"a"');
    assert.equal(nameList(['a', 'b', 'c']), '"a", "b" and "c"');
    assert.equal(nameList(['a', 'b', 'c', 'd'], 2), '"a", "b" and 2 more');
  });
});
