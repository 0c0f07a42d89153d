// Deploy today's Mender server layout (test/fixtures/releases/mender-server-current: `include:` of the SeaweedFS
// storage, Traefik with its middlewares as a swarm config) whole on the real two-node harness swarm.
//   eval "$(node --import tsx test/harness/swarm-cli.ts up --multi)"
//   node --import tsx --test test/docker/deploy-include.test.ts
// Images: every image is mapped to the harness's stand-in (`--image-map '*=...'`), as an air-gapped swarm would map
// them to a mirror. The fixture is copied to a temporary folder with its published ports moved (ingress ports are
// swarm-wide, and other stacks of the harness may hold 80/443), plus a test overlay: the stand-in answers no real
// health check, and the harness engines' socket is not /var/run/docker.sock.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { run as deployCmd } from '../../src/cli/commands/deploy';
import { run as exportCmd } from '../../src/cli/commands/export';
import { run as rmCmd } from '../../src/cli/commands/rm';
import { LABEL_NAMESPACE } from '../../src/core/deploy/engine';
import { removeStack, StackClient } from '../../src/docker/stacks';
import { makeStandin, resolveFromTask, STANDIN, testSwarm, waitFor, cliRunner } from '../harness/testSwarm';

const { host: HOST, workerHost: WORKER_HOST, skip: SKIP } = testSwarm();

const exec = promisify(execFile);
const FIXTURE = path.join(__dirname, '..', 'fixtures', 'releases', 'mender-server-current');
const STACK = `inc${process.pid % 100000}`;
const EXPORTED = `${STACK}e`;
const ENV = { ...process.env, DOCKER_HOST: HOST ?? '' };
const PORT = 18000 + (process.pid % 500) * 2;
// 14 services in the main file, 4 in the included storage file.
const SERVICES = 18;

const cli = cliRunner(ENV);

describe("deploy today's Mender layout (include:, Traefik config) on a real swarm", { skip: SKIP }, () => {
  let client: StackClient;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-include-'));
  const dir = path.join(tmp, 'mender-server');
  const main = path.join(dir, 'docker-compose.yml');
  const overlay = path.join(dir, 'swarm-test.yml');
  const label = { label: [`${LABEL_NAMESPACE}=${STACK}`] };

  before(async () => {
    client = StackClient.fromEnvironment({ host: HOST }, { timeoutMs: 20_000 });
    await Promise.all([HOST!, ...(WORKER_HOST ? [WORKER_HOST] : [])].map(makeStandin));
    await removeStack(client, STACK);
    await removeStack(client, EXPORTED);
    fs.cpSync(FIXTURE, dir, { recursive: true });
    const text = fs.readFileSync(main, 'utf8');
    assert.ok(text.includes('"443:443"') && text.includes('"80:80"'), 'the fixture publishes 443 and 80');
    fs.writeFileSync(main, text.replace('"443:443"', `"${PORT}:443"`).replace('"80:80"', `"${PORT + 1}:80"`));
    const socket = new URL(HOST!).pathname;
    fs.writeFileSync(
      overlay,
      [
        '# Test overlay: checks the stand-in passes, and the socket of the harness manager for the swarm provider.',
        'services:',
        '  traefik:',
        '    healthcheck: { test: [CMD-SHELL, "true"], interval: 2s }',
        '    volumes:',
        `      - ${socket}:/var/run/docker.sock:ro`,
        ...['mongo', 'nats', 's3'].map((s) => `  ${s}:\n    healthcheck: { test: [CMD-SHELL, "true"], interval: 2s }`),
        '',
      ].join('\n'),
    );
  });
  after(async () => {
    if (!client) return;
    await removeStack(client, STACK).catch(() => undefined);
    await exec('docker', ['-H', HOST!, 'stack', 'rm', EXPORTED], { env: ENV }).catch(() => undefined);
    await removeStack(client, EXPORTED).catch(() => undefined);
    client.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('deploys the stack whole, the included storage with it, and converges', async () => {
    const r = await cli(deployCmd, ['--stack', STACK, '--image-map', `*=${STANDIN}`, '--yes', '--timeout', '180', main, overlay]);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, new RegExp(`stack ${STACK}: all ${SERVICES} services converged`));
    const names = (await client.listServices({ filters: label })).map((s) => s.Spec?.Name).sort();
    assert.equal(names.length, SERVICES, names.join(' '));
    for (const s of ['s3', 's3-master', 's3-volume', 's3-filer', 'traefik', 'deployments', 'nats', 'mongo']) assert.ok(names.includes(`${STACK}_${s}`), s);
  });

  it("the Traefik middlewares and the storage's identities are swarm configs with the files' contents", async () => {
    const configs = await client.listConfigs(label);
    const byName = new Map(configs.map((c) => [c.Spec?.Name, Buffer.from(c.Spec?.Data ?? '', 'base64').toString('utf8')]));
    assert.equal(byName.get(`${STACK}_traefik-middlewares`), fs.readFileSync(path.join(dir, 'compose/config/traefik/middlewares.yaml'), 'utf8'));
    // Declared in the included file as ./config/s3-identities.json: relative to compose/, not to the stack's folder.
    assert.equal(byName.get(`${STACK}_s3-identities`), fs.readFileSync(path.join(dir, 'compose/config/s3-identities.json'), 'utf8'));
    const traefik = (await client.listServices({ filters: { name: [`${STACK}_traefik`] } })).find((s) => s.Spec?.Name === `${STACK}_traefik`)!;
    const mounted: { ConfigName?: string; File?: { Name?: string } }[] =
      (traefik.Spec?.TaskTemplate as { ContainerSpec?: { Configs?: [] } } | undefined)?.ContainerSpec?.Configs ?? [];
    assert.ok(
      mounted.some((c) => c.ConfigName === `${STACK}_traefik-middlewares` && c.File?.Name === '/etc/traefik/config/middlewares.yaml'),
      JSON.stringify(mounted),
    );
    assert.equal(traefik.Spec?.Labels?.['traefik.enable'], undefined, 'routing labels are on the backends, not the gateway');
    const deployments = (await client.listServices({ filters: { name: [`${STACK}_deployments`] } })).find((s) => s.Spec?.Name === `${STACK}_deployments`)!;
    assert.equal(deployments.Spec?.Labels?.['traefik.http.routers.deploymentsMgmt.middlewares'], 'mgmtStack@file');
  });

  it("the included storage answers on the stack's network from a task on the other node", async () => {
    const names = ['s3', 's3-master', 's3-filer', 'mender-deployments', 'mongo', 'nats', 'docker.mender.io'];
    const r = await resolveFromTask(client, {
      stack: STACK,
      network: `${STACK}_default`,
      names,
      onWorker: !!WORKER_HOST,
      labels: { [LABEL_NAMESPACE]: STACK },
    });
    assert.deepEqual(r.failed, [], r.lines.join('\n'));
    assert.equal(r.ok.length, names.length);
  });

  it('redeploying the unchanged stack changes nothing', async () => {
    const before = new Map((await client.listServices({ filters: label })).map((s) => [s.ID, s.Version?.Index]));
    const r = await cli(deployCmd, ['--stack', STACK, '--image-map', `*=${STANDIN}`, '--yes', '--timeout', '60', main, overlay]);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /0 to create, 0 to update, \d+ unchanged/);
    assert.match(r.out, new RegExp(`0 created, 0 updated, ${SERVICES} unchanged`));
    for (const s of await client.listServices({ filters: label })) assert.equal(s.Version?.Index, before.get(s.ID), `${s.Spec?.Name} was updated`);
  });

  it('removal leaves nothing of the stack behind', async () => {
    const r = await cli(rmCmd, ['--stack', STACK, '--yes']);
    assert.equal(r.code, 0, r.out + r.err);
    assert.deepEqual(await client.listServices({ filters: label }), []);
    assert.deepEqual(await client.listConfigs(label), []);
    assert.deepEqual(await client.listSecrets(label), []);
  });

  // After the removal: the exported stack publishes the same ingress ports.
  it('export writes one file without include that `docker stack deploy` accepts, storage included', async () => {
    const file = path.join(dir, 'exported.v3.yml');
    const r = await cli(exportCmd, ['--stack', EXPORTED, '--image-map', `*=${STANDIN}`, '-o', file, main, overlay]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /top-level `include` inlined/);
    const text = fs.readFileSync(file, 'utf8');
    assert.doesNotMatch(text, /^include:/m);
    const d = await exec('docker', ['-H', HOST!, 'stack', 'deploy', '--resolve-image', 'never', '-c', file, EXPORTED], { env: ENV, cwd: dir });
    assert.doesNotMatch(d.stderr, /unsupported|error/i, d.stderr);
    const exported = { label: [`${LABEL_NAMESPACE}=${EXPORTED}`] };
    const names = (await client.listServices({ filters: exported })).map((s) => s.Spec?.Name);
    assert.equal(names.length, SERVICES, names.join(' '));
    assert.ok(names.includes(`${EXPORTED}_s3`));
    const configs = (await client.listConfigs(exported)).map((c) => c.Spec?.Name).sort();
    assert.deepEqual(configs, [`${EXPORTED}_s3-identities`, `${EXPORTED}_traefik-middlewares`]);
    await waitFor(
      'the exported stack to run',
      async () => {
        const tasks = await client.listTasks({ label: [`${LABEL_NAMESPACE}=${EXPORTED}`], 'desired-state': ['running'] });
        return tasks.filter((t) => t.Status?.State === 'running').length >= SERVICES ? true : undefined;
      },
      120_000,
      1000,
    );
    await exec('docker', ['-H', HOST!, 'stack', 'rm', EXPORTED], { env: ENV });
    // The CLI's removal of networks and configs can race its tasks' shutdown: ours retries what is still in use.
    await removeStack(client, EXPORTED);
    await waitFor(
      'the exported stack to go',
      async () =>
        (await client.listServices({ filters: exported })).length || (await client.listNetworks(exported)).length || (await client.listConfigs(exported)).length
          ? undefined
          : true,
      60_000,
      500,
    );
  });
});
