// Issue #12 on the real harness swarm: a secret used by a service and rolled by a redeploy after its file changed
// (the task reads the new content at the same path), removal refused while in use; secrets/configs/networks
// created and removed as the explorer does, with swarm's name rules; a network attached to a service and its
// removal refused naming the service; a volume mounted by a task, its removal refused naming the task.
//   eval "$(node --import tsx test/harness/swarm-cli.ts up --multi)"
//   flock /tmp/msw-tests.lock node --import tsx --test test/docker/swarm-objects.test.ts
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { convertProject } from '../../src/core/deploy/convert';
import { LABEL_NAMESPACE } from '../../src/core/deploy/engine';
import { LABEL_DIGEST, LABEL_OBJECT } from '../../src/core/deploy/objectVersions';
import { formatPlan } from '../../src/core/deploy/plan';
import { buildExplorerTree, fetchSnapshot, walkRows } from '../../src/core/explorer';
import { loadProject } from '../../src/core/manifest/project';
import {
  createOverlayNetwork,
  createSwarmObject,
  deployStack,
  removeNetworkChecked,
  removeStack,
  removeSwarmObject,
  removeVolumeChecked,
  StackClient,
  SwarmObjectRefused,
  swarmReader,
} from '../../src/docker';
import { BASE_IMAGE } from '../harness/swarm';
import { testSwarm, waitFor } from '../harness/testSwarm';

const { host: HOST, skip: SKIP } = testSwarm();
const exec = promisify(execFile);
const RUN = `mso${process.pid % 100000}`;
const STACK = `${RUN}s`;

describe('secrets, configs, networks and volumes on a real swarm', { skip: SKIP }, () => {
  let client: StackClient;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-objects-'));
  const made: Array<() => Promise<unknown>> = [];

  before(() => {
    client = StackClient.fromEnvironment({ host: HOST }, { timeoutMs: 20_000 });
  });
  after(async () => {
    if (!client) return;
    for (const undo of made.reverse()) await undo().catch(() => undefined);
    await removeStack(client, STACK).catch(() => undefined);
    client.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** The running task's log lines (the service prints its secret file once at start). */
  async function taskSays(service: string, text: string): Promise<void> {
    await waitFor(
      `${service} to print "${text}"`,
      async () => {
        const [svc] = (await client.listServices({ filters: { name: [service] } })).filter((s) => s.Spec?.Name === service);
        if (!svc) return undefined;
        const running = (await client.listTasks({ service: [svc.ID], 'desired-state': ['running'] })).filter((t) => t.Status?.State === 'running');
        for (const t of running) if ((await client.lastLogLines('task', t.ID, 5)).some((l) => l.includes(text))) return true;
        return undefined;
      },
      90_000,
    );
  }

  it('a redeploy after the secret file changed rolls it: new version, same path, old one removed', async () => {
    const keyFile = path.join(tmp, 'key.pem');
    const file = path.join(tmp, 'docker-compose.yml');
    fs.writeFileSync(keyFile, 'first-key-content');
    fs.writeFileSync(
      file,
      `version: '3.8'
services:
  app:
    image: ${BASE_IMAGE}
    command: ["sh", "-c", "echo \\"key=$$(cat /run/secrets/app-key)\\"; trap 'exit 0' TERM; while :; do sleep 1; done"]
    secrets: [{ source: key, target: app-key }]
    deploy: { endpoint_mode: dnsrr }
secrets:
  key: { file: ./key.pem }
`,
    );
    const desired = () => convertProject(loadProject({ files: [file], stackName: STACK }));
    const first = await deployStack(client, desired(), { timeoutMs: 90_000 });
    assert.equal(first.convergence?.converged, true, JSON.stringify(first.convergence?.services));
    await taskSays(`${STACK}_app`, 'key=first-key-content');
    const [v1] = await client.listSecrets({ name: [`${STACK}_key`] });
    assert.match(v1.Spec?.Labels?.[LABEL_DIGEST] ?? '', /^sha256:[0-9a-f]{64}$/);

    // Unchanged: nothing to do.
    const again = await deployStack(client, desired(), { confirm: async () => false });
    assert.equal(again.plan.secrets[0].action, 'unchanged');

    fs.writeFileSync(keyFile, 'second-key-content');
    const second = await deployStack(client, desired(), { timeoutMs: 90_000 });
    assert.equal(second.plan.secrets[0].action, 'rotate', formatPlan(second.plan));
    assert.match(formatPlan(second.plan), new RegExp(`\\^ secret ${STACK}_key \\(rotate: content changed, ${STACK}_key -> ${STACK}_key-v2\\)`));
    assert.equal(second.convergence?.converged, true, JSON.stringify(second.convergence?.services));
    await taskSays(`${STACK}_app`, 'key=second-key-content');
    const secrets = await client.listSecrets({ label: [`${LABEL_NAMESPACE}=${STACK}`] });
    assert.deepEqual(
      secrets.map((s) => s.Spec?.Name),
      [`${STACK}_key-v2`],
      'the old version is gone once unused',
    );
    assert.equal(secrets[0].Spec?.Labels?.[LABEL_OBJECT], `${STACK}_key`);
    const [svc] = await client.listServices({ filters: { name: [`${STACK}_app`] } });
    const ref = svc.Spec?.TaskTemplate?.ContainerSpec?.Secrets?.[0];
    assert.equal(ref?.SecretName, `${STACK}_key-v2`);
    assert.equal(ref?.File?.Name, 'app-key', 'same target path');

    // The explorer's Secrets group names the service that uses it; removal is refused naming it.
    const snap = await fetchSnapshot(swarmReader(client), { networks: true });
    const row = [...walkRows(buildExplorerTree(snap))].find((r) => r.kind === 'secret' && r.label === `${STACK}_key-v2`);
    assert.ok(row, 'secret row');
    assert.match(row.contextValue, /^secret used\b/);
    assert.deepEqual(
      row.children?.map((c) => `${c.label} ${c.description}`),
      [`${STACK}_app app-key`],
    );
    await assert.rejects(
      removeSwarmObject(client, 'secret', secrets[0].ID, `${STACK}_key-v2`),
      (e: Error) => e instanceof SwarmObjectRefused && new RegExp(`used by service "${STACK}_app"`).test(e.message),
    );
    assert.equal((await client.listSecrets({ id: [secrets[0].ID] })).length, 1, 'still there');

    // An unreadable file stops the next deploy before anything is sent.
    fs.rmSync(keyFile);
    const blocked = await deployStack(client, desired(), { timeoutMs: 0 });
    assert.match(blocked.plan.blocking.join('\n'), /secret "key": cannot read .*key\.pem \(ENOENT\)/);
    assert.equal(blocked.applied, undefined);
  });

  it('secrets and configs: swarm name rules and empty data refused before sending; create and remove', async () => {
    const count = async (): Promise<number> => (await client.listSecrets({ name: [RUN] })).length + (await client.listConfigs({ name: [RUN] })).length;
    const before0 = await count();
    await assert.rejects(createSwarmObject(client, 'secret', `${RUN} bad`, Buffer.from('x')), /not a valid secret name/);
    await assert.rejects(createSwarmObject(client, 'config', `-${RUN}`, Buffer.from('x')), /not a valid config name/);
    await assert.rejects(createSwarmObject(client, 'secret', `${RUN}${'x'.repeat(64)}`, Buffer.from('x')), /swarm allows 64/);
    await assert.rejects(createSwarmObject(client, 'secret', `${RUN}empty`, Buffer.alloc(0)), /would be empty/);
    assert.equal(await count(), before0, 'nothing half-created');
    const id = await createSwarmObject(client, 'secret', `${RUN}sec`, Buffer.from('hush'), { purpose: 'test' });
    made.push(() => client.removeSecret(id));
    await assert.rejects(createSwarmObject(client, 'secret', `${RUN}sec`, Buffer.from('again')), /already exists/);
    const cid = await createSwarmObject(client, 'config', `${RUN}cfg`, Buffer.from('a=1'));
    made.push(() => client.removeConfig(cid));
    const snap = await fetchSnapshot(swarmReader(client), { networks: true });
    const rows = [...walkRows(buildExplorerTree(snap))];
    const sec = rows.find((r) => r.id === `secret/${id}`);
    assert.equal(sec?.contextValue, 'secret unused');
    assert.ok(rows.some((r) => r.id === `config/${cid}`));
    await removeSwarmObject(client, 'secret', id, `${RUN}sec`);
    await removeSwarmObject(client, 'config', cid, `${RUN}cfg`);
    assert.equal(await count(), before0);
  });

  it('an overlay network created, attached to a service, removal refused naming it; a mounted volume likewise', async () => {
    await assert.rejects(createOverlayNetwork(client, { name: `${RUN}net`, subnet: '10.300.0.0/24' }), /not a valid IPv4 subnet/);
    await assert.rejects(createOverlayNetwork(client, { name: `${RUN} net` }), /not a valid network name/);
    assert.equal((await client.listNetworks({ name: [`${RUN}net`] })).length, 0, 'nothing half-created');
    const subnet = `10.${200 + (process.pid % 50)}.${process.pid % 250}.0/24`;
    const netId = await createOverlayNetwork(client, { name: `${RUN}net`, attachable: true, encrypted: true, subnet });
    made.push(() => client.removeNetwork(netId));
    const net = await client.inspectNetwork(netId);
    assert.equal(net.Driver, 'overlay');
    assert.equal(net.Attachable, true);
    assert.ok(net.Options && 'encrypted' in net.Options);
    assert.equal(net.IPAM?.Config?.[0]?.Subnet, subnet);

    const info = await client.info();
    const selfId = info.Swarm!.NodeID!;
    const vol = `${RUN}vol`;
    const { ID: svcId } = await client.createService({
      Name: `${RUN}svc`,
      TaskTemplate: {
        ContainerSpec: {
          Image: BASE_IMAGE,
          Command: ['sh', '-c', "trap 'exit 0' TERM; while :; do sleep 1; done"],
          Mounts: [{ Type: 'volume', Source: vol, Target: '/data' }],
        },
        Networks: [{ Target: netId }],
        Placement: { Constraints: [`node.id==${selfId}`] },
      },
      EndpointSpec: { Mode: 'dnsrr' },
    });
    made.push(async () => {
      await client.removeService(svcId);
      await waitFor('service containers gone', async () => ((await client.listTasks({ service: [svcId] })).length === 0 ? true : undefined), 30_000).catch(
        () => undefined,
      );
      await exec('docker', ['-H', HOST!, 'volume', 'rm', '-f', vol]).catch(() => undefined);
    });
    await waitFor(
      'the task running',
      async () => ((await client.listTasks({ service: [svcId], 'desired-state': ['running'] })).some((t) => t.Status?.State === 'running') ? true : undefined),
      60_000,
    );

    const snap = await fetchSnapshot(swarmReader(client), { networks: true });
    const rows = [...walkRows(buildExplorerTree(snap))];
    const netRow = rows.find((r) => r.id === `network/${netId}`);
    assert.match(netRow?.description ?? '', /attachable · encrypted · .*1 service/);
    const attached = netRow?.children?.find((c) => c.label === `${RUN}svc`);
    assert.ok(attached, 'the service under the network');
    assert.equal(attached.children?.length, 1, 'its task, with an address on the network');
    assert.match(attached.children![0].description ?? '', /^10\./);
    const volRow = rows.find((r) => r.id === `volume/${vol}`);
    assert.equal(volRow?.contextValue, 'volume used');
    assert.deepEqual(
      volRow?.children?.map((c) => c.description),
      ['/data'],
    );

    await assert.rejects(
      removeNetworkChecked(client, netId, `${RUN}net`),
      (e: Error) => e instanceof SwarmObjectRefused && e.message.includes(`in use by service "${RUN}svc"`),
    );
    await assert.rejects(
      removeVolumeChecked(client, vol),
      (e: Error) => e instanceof SwarmObjectRefused && new RegExp(`mounted by task "${RUN}svc\\.1"`).test(e.message),
    );

    await client.removeService(svcId);
    await waitFor(
      'network free',
      async () => {
        try {
          await removeNetworkChecked(client, netId, `${RUN}net`);
          return true;
        } catch {
          return undefined;
        }
      },
      60_000,
    );
    await waitFor(
      'volume free',
      async () => {
        try {
          await removeVolumeChecked(client, vol);
          return true;
        } catch {
          return undefined;
        }
      },
      60_000,
    );
    assert.equal((await client.listVolumes({ name: [vol] })).filter((v) => v.Name === vol).length, 0);
  });
});
