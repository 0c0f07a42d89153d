// Deploy, scale, doctor and remove the seed's 2016 Mender stack on the real harness swarm (two nodes).
//   eval "$(node --import tsx test/harness/swarm-cli.ts up --multi)"
//   node --import tsx --test test/docker/deploy.test.ts
// Images: an air-gapped swarm has no registry, so the stack file stays as written and `--image-map '*=...'`
// points every image at a stand-in loaded on each node (as a user would at a mirror). The stand-in's
// entrypoint logs its arguments and sleeps, so `command:` lines like minio's `server /export` keep it running.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { run as deployCmd } from '../../src/cli/commands/deploy';
import { run as doctorCmd } from '../../src/cli/commands/doctor';
import { run as rmCmd } from '../../src/cli/commands/rm';
import { run as scaleCmd } from '../../src/cli/commands/scale';
import { convertProject } from '../../src/core/deploy/convert';
import { LABEL_NAMESPACE } from '../../src/core/deploy/engine';
import { parseImageMapping, type ImageMapping } from '../../src/core/deploy/units';
import { loadProject } from '../../src/core/manifest/project';
import { deployStack } from '../../src/docker/deploy';
import { removeStack, StackClient } from '../../src/docker/stacks';
import { BASE_IMAGE } from '../harness/swarm';
import { makeStandin, resolveFromTask, STANDIN, testSwarm, waitFor as waitForValue, cliRunner } from '../harness/testSwarm';

const { host: HOST, workerHost: WORKER_HOST, skip: SKIP } = testSwarm();

const exec = promisify(execFile);
const SEED = path.join(__dirname, '..', 'fixtures', 'seed-2016', 'docker-compose.yml');
const STACK = `msd${process.pid % 100000}`;
const FAILING = `${STACK}f`;
const ENV = { ...process.env, DOCKER_HOST: HOST ?? '' };

const cli = cliRunner(ENV);

const waitFor = <T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> => waitForValue(what, fn, timeoutMs, 300);

describe('deploy the seed stack on a real swarm', { skip: SKIP }, () => {
  let client: StackClient;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-deploy-'));

  before(async () => {
    client = StackClient.fromEnvironment({ host: HOST }, { timeoutMs: 20_000 });
    await Promise.all([HOST!, ...(WORKER_HOST ? [WORKER_HOST] : [])].map(makeStandin));
    // Leftovers of an earlier, crashed run of this same process id would make "created" counts wrong.
    await removeStack(client, STACK);
    await removeStack(client, FAILING);
  });
  after(async () => {
    if (!client) return;
    await removeStack(client, STACK).catch(() => undefined);
    await removeStack(client, FAILING).catch(() => undefined);
    client.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('deploys the 2016 file as written (version 2, extends, restart) and converges', async (t) => {
    const t0 = Date.now();
    const r = await cli(deployCmd, ['--stack', STACK, '--image-map', `*=${STANDIN}`, '--yes', '--timeout', '120', SEED]);
    t.diagnostic(`seed stack deploy to converged: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /16 to create/);
    assert.match(r.out, new RegExp(`stack ${STACK}: all 15 services converged`));
    const services = await client.listServices({ filters: { label: [`${LABEL_NAMESPACE}=${STACK}`] } });
    assert.equal(services.length, 15);
    const nodes = new Set((await client.listTasks({ label: [`${LABEL_NAMESPACE}=${STACK}`], 'desired-state': ['running'] })).map((x) => x.NodeID));
    if (WORKER_HOST) assert.equal(nodes.size, 2, 'tasks spread over both nodes');
  });

  it('every alias and service name resolves from a task on the other node', async () => {
    const desired = convertProject(loadProject({ files: [SEED], stackName: STACK }));
    const names = new Set<string>();
    for (const s of desired.services) for (const n of s.spec.TaskTemplate?.Networks ?? []) for (const a of n.Aliases ?? []) names.add(a);
    assert.ok(names.has('s3.docker.mender.io') && names.has('mongo-device-adm') && names.has('mender-device-adm'));
    const r = await resolveFromTask(client, {
      stack: STACK,
      network: `${STACK}_mender`,
      names: [...names],
      onWorker: !!WORKER_HOST,
      labels: { [LABEL_NAMESPACE]: STACK },
    });
    assert.deepEqual(r.failed, [], r.lines.join('\n'));
    assert.equal(r.ok.length, names.size);
  });

  it('redeploying the unchanged stack changes nothing (service versions stay)', async () => {
    const before = new Map((await client.listServices({ filters: { label: [`${LABEL_NAMESPACE}=${STACK}`] } })).map((s) => [s.ID, s.Version?.Index]));
    const r = await cli(deployCmd, ['--stack', STACK, '--image-map', `*=${STANDIN}`, '--timeout', '60', SEED]);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /0 to create, 0 to update, 16 unchanged/);
    assert.match(r.out, /0 created, 0 updated, 15 unchanged/);
    const now = await client.listServices({ filters: { label: [`${LABEL_NAMESPACE}=${STACK}`] } });
    for (const s of now) assert.equal(s.Version?.Index, before.get(s.ID), `${s.Spec?.Name} was updated`);
  });

  it('docker stack ls / ps see our deploy', async () => {
    const ls = await exec('docker', ['-H', HOST!, 'stack', 'ls', '--format', '{{.Name}} {{.Services}}']);
    assert.ok(ls.stdout.split('\n').includes(`${STACK} 15`), ls.stdout);
    const ps = await exec('docker', ['-H', HOST!, 'stack', 'ps', STACK, '--filter', 'desired-state=running', '--format', '{{.Name}} {{.CurrentState}}']);
    const rows = ps.stdout.trim().split('\n');
    assert.equal(rows.length, 15, ps.stdout);
    assert.ok(
      rows.some((r) => r.startsWith(`${STACK}_mender-api-gateway.1 Running`)),
      ps.stdout,
    );
  });

  it('scales mender-device-adm to 2, as in the seed', async () => {
    const r = await cli(scaleCmd, ['--stack', STACK, '--timeout', '60', 'mender-device-adm=2']);
    assert.equal(r.code, 0, r.out + r.err);
    const tasks = await client.listTasks({ service: [`${STACK}_mender-device-adm`], 'desired-state': ['running'] });
    assert.equal(tasks.filter((x) => x.Status?.State === 'running').length, 2);
    const bad = await cli(scaleCmd, ['--stack', STACK, 'mender-device-adm=-1']);
    assert.equal(bad.code, 2);
  });

  it('reports a failing service with its error, node, exit code and last log lines; doctor names the causes', async () => {
    const file = path.join(tmp, 'failing.yml');
    fs.writeFileSync(
      file,
      [
        "version: '2'",
        'services:',
        '  mender-api-gateway:',
        `    image: ${BASE_IMAGE}`,
        '    entrypoint: ["sh", "-c", "echo starting gateway; echo \\"nginx: [emerg] host not found in upstream mender-useradm\\" >&2; exit 1"]',
        '    restart: on-failure',
        '    depends_on: [mender-useradm]',
        '  mender-gui:',
        '    image: local/nosuch-gui:1',
        '  ok:',
        `    image: ${STANDIN}`,
        '',
      ].join('\n'),
    );
    // The linter rightly refuses this gateway (it depends on a service the stack lacks): --force is the explicit override.
    const refused = await cli(deployCmd, ['--stack', FAILING, '--yes', file]);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /not deploying: \d+ lint error/);
    const r = await cli(deployCmd, ['--stack', FAILING, '--yes', '--force', '--timeout', '45', file]);
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.out, new RegExp(`${FAILING}_mender-api-gateway: failed 0/1 - task: non-zero exit \\(1\\).*\\(node \\S+\\) exit code 1`));
    assert.match(r.out, /\| nginx: \[emerg\] host not found in upstream mender-useradm/);
    assert.match(r.out, /No such image/);
    assert.doesNotMatch(r.out, new RegExp(`${FAILING}_ok: (failed|timeout)`), 'the healthy service is not reported');
    const d = await cli(doctorCmd, ['--stack', FAILING, file]);
    assert.equal(d.code, 1);
    assert.match(d.out, /## mender-api-gateway: 0\/1 running/);
    assert.match(d.out, /\*\*The program exits with an error\*\* \(exit code 1\)/);
    assert.match(d.out, /## mender-gui: 0\/1 running/);
    assert.match(d.out, /\*\*No such image\*\*: `local\/nosuch-gui:1`/);
    assert.match(d.out, /host not found in upstream/);
    assert.match(d.out, /## Links the linter cannot resolve/);
    const healthy = await cli(doctorCmd, ['--stack', STACK]);
    assert.equal(healthy.code, 0, healthy.out);
    const rm = await cli(rmCmd, ['--stack', FAILING, '--yes']);
    assert.equal(rm.code, 0, rm.out + rm.err);
  });

  it('removal leaves nothing of the stack behind', async () => {
    const r = await cli(rmCmd, ['--stack', STACK, '--yes']);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /removed 15 services, 1 networks/);
    const label = { label: [`${LABEL_NAMESPACE}=${STACK}`] };
    assert.deepEqual(await client.listServices({ filters: label }), []);
    assert.deepEqual(await client.listNetworks(label), []);
    assert.deepEqual(await client.listSecrets(label), []);
    assert.deepEqual(await client.listConfigs(label), []);
    const ps = await exec('docker', ['-H', HOST!, 'stack', 'ls', '--format', '{{.Name}}']);
    assert.ok(!ps.stdout.split('\n').includes(STACK));
  });
  // After the removal: the seed publishes ingress ports 8080 and 9000, which only one copy of the stack can hold.
  it('a deploy cancelled half-way converges when run again, with no duplicate service or network', async () => {
    const stack = `${STACK}c`;
    const maps = [parseImageMapping(`*=${STANDIN}`) as ImageMapping];
    const desired = convertProject(loadProject({ files: [SEED], stackName: stack }), { imageMap: maps });
    const ctl = new AbortController();
    let created = 0;
    await assert.rejects(
      deployStack(client, desired, {
        signal: ctl.signal,
        concurrency: 2,
        timeoutMs: 60_000,
        progress: (e) => {
          if (e.phase === 'services' && ++created === 5) ctl.abort(new Error('cancelled by the test'));
        },
      }),
    );
    try {
      const partial = await client.listServices({ filters: { label: [`${LABEL_NAMESPACE}=${stack}`] } });
      assert.ok(partial.length > 0 && partial.length < 15, `interrupted with ${partial.length} services`);
      const again = await deployStack(client, desired, { timeoutMs: 90_000 });
      assert.equal(again.convergence?.converged, true, JSON.stringify(again.convergence?.services.filter((s) => s.state !== 'converged')));
      const names = (await client.listServices({ filters: { label: [`${LABEL_NAMESPACE}=${stack}`] } })).map((s) => s.Spec?.Name);
      assert.equal(names.length, 15);
      assert.equal(new Set(names).size, 15);
      const nets = (await client.listNetworks({ name: [`${stack}_mender`] })).filter((n) => n.Name === `${stack}_mender`);
      assert.equal(nets.length, 1);
    } finally {
      await removeStack(client, stack);
    }
  });
});
