// Issue #10: what our deploy creates against what `docker stack deploy` creates, field by field, for one file that
// uses most of the compose v3.8 keys swarm honours, on the real harness swarm. Names carry the stack name, and the
// engine's ids, versions and timestamps differ; everything else in the service Spec must be equal, except the
// deliberate differences the README's deploy section names. No task of the stack runs where it would leave something
// behind (app's constraint matches no node, so no volume is created; misc has 0 replicas).
//   eval "$(node --import tsx test/harness/swarm-cli.ts up --multi)"
//   node --import tsx --test test/docker/deploy-parity.test.ts
// MSW_PARITY_DUMP=/tmp/x- writes both stacks' specs as read back (x-ours.json, x-oursd.json) for a closer look.
import * as assert from 'node:assert/strict';
import { PROJECT_LABEL_PREFIX } from '../../src/core/deploy/objectVersions';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { convertProject } from '../../src/core/deploy/convert';
import { LABEL_NAMESPACE } from '../../src/core/deploy/engine';
import { loadProject } from '../../src/core/manifest/project';
import { deployStack } from '../../src/docker/deploy';
import { removeStack, StackClient } from '../../src/docker/stacks';
import { makeStandin, STANDIN, testSwarm, waitFor } from '../harness/testSwarm';

const { host: HOST, workerHost: WORKER_HOST, skip: SKIP } = testSwarm();
const exec = promisify(execFile);
const OURS = `parw${process.pid % 100000}`;
const THEIRS = `${OURS}d`;
const HAS_DOCKER = fs.existsSync('/usr/local/bin/docker') || fs.existsSync('/usr/bin/docker');

/** Most of the v3.8 keys swarm honours, over two services (environment as a list in one, a map in the other). */
export const STACK_FILE = `version: "3.8"
services:
  app:
    image: ${STANDIN}
    entrypoint: ["/bin/sh", "-c"]
    command: sleep 3600 "a b"
    environment:
      - A=1
      - EMPTY=
      - FROM_FILE=inline
    env_file: [./app.env]
    labels: { team: backend, "com.example.empty": "" }
    ports:
      - "18080:80"
      - "18053:53/udp"
      - "18100-18101:100-101"
      - target: 443
        published: 18443
        protocol: tcp
        mode: host
      - "9000"
      - "127.0.0.1:18081:81"
    volumes:
      - data:/data
      - data:/data-nocopy:nocopy
      - ./conf:/conf:ro
      - /var/run:/host-run:rslave
      - type: volume
        source: data
        target: /long
        read_only: true
        volume:
          nocopy: true
      - type: bind
        source: ./conf
        target: /long-bind
        bind:
          propagation: rprivate
      - type: tmpfs
        target: /scratch
        tmpfs:
          size: 1048576
    tmpfs:
      - /run
      - /tmp:size=65536
    networks:
      front:
        aliases: [web, www.example]
      back:
    secrets:
      - s1
      - source: s2
        target: s2.pem
        uid: "1000"
        gid: "1001"
        mode: 0400
    configs:
      - c1
      - source: c2
        target: /etc/c2.conf
        uid: "1000"
        gid: "1000"
        mode: 0440
    healthcheck:
      test: ["CMD", "true"]
      interval: 30s
      timeout: 5s
      retries: 3
      start_period: 10s
    stop_grace_period: 1m30s
    stop_signal: SIGUSR1
    user: "1000:1000"
    working_dir: /srv
    hostname: app-host
    init: true
    read_only: true
    tty: true
    stdin_open: true
    extra_hosts:
      - "somehost:162.242.195.82"
      - "otherhost:50.31.209.229"
    dns: [8.8.8.8, 9.9.9.9]
    dns_search: example.com
    sysctls:
      net.core.somaxconn: 1024
      net.ipv4.tcp_syncookies: 0
    ulimits:
      nproc: 65535
      nofile:
        soft: 20000
        hard: 40000
    cap_add: [net_admin, SYS_TIME]
    cap_drop: [chown]
    logging:
      driver: json-file
      options:
        max-size: 10m
        max-file: "3"
    deploy:
      mode: replicated
      replicas: 2
      labels: [tier=web, empty=]
      endpoint_mode: vip
      resources:
        limits: { cpus: "0.50", memory: 64M }
        reservations: { cpus: "0.01", memory: 8M }
      restart_policy: { condition: on-failure, delay: 5s, max_attempts: 3, window: 2m }
      update_config: { parallelism: 2, delay: 10s, failure_action: rollback, monitor: 30s, max_failure_ratio: 0.3, order: start-first }
      rollback_config: { parallelism: 0, order: stop-first }
      placement:
        constraints: [node.role == manager, "node.labels.nosuch == x"]
        preferences:
          - spread: node.labels.zone
        max_replicas_per_node: 2
  worker:
    image: ${STANDIN}
    command: ["sleep", "3600"]
    environment:
      B: "2"
      NUM: 3
      BOOL: "true"
    healthcheck:
      disable: true
    networks: [back]
    deploy:
      mode: global
      endpoint_mode: dnsrr
      labels: { role: worker }
      restart_policy: { condition: any }
      update_config: { parallelism: 3 }
  misc:
    image: ${STANDIN}
    entrypoint: /bin/sh -c 'sleep 3600'
    environment:
      - MSW_PARITY_FROM_ENV
      - MSW_PARITY_UNSET_BARE
      - SPACED=a b
      - DOLLAR=$$HOME
      - INTERP=\${MSW_PARITY_FROM_ENV:-x}-\${MSW_PARITY_UNSET:-dflt}
    labels: [lab=1, bare]
    extra_hosts: { dicthost: 10.0.0.1 }
    restart: on-failure
    logging:
      options: { max-size: 1m }
    healthcheck:
      test: "exit 0"
    ports:
      - target: 8080
    volumes:
      - named:/named
      - /anon
      - ext:/ext:ro
    networks:
      back:
        aliases: [misc-alias]
    secrets: [s1]
    deploy:
      replicas: 0
      resources:
        reservations:
          generic_resources:
            - discrete_resource_spec: { kind: gpu, value: 1 }
      placement:
        constraints: [node.role == worker]
      rollback_config: { parallelism: 3, delay: 1s, failure_action: pause, monitor: 5s, max_failure_ratio: 0.5, order: start-first }
networks:
  front:
    driver: overlay
    labels: [net.label=1]
    driver_opts: { com.docker.network.driver.mtu: "1400" }
  back:
    attachable: true
    internal: true
    labels: { net.back: "" }
volumes:
  data:
    labels: { vol.label: "1" }
  named:
    name: \${PARITY_STACK}_custom-named
    driver: local
    driver_opts: { type: tmpfs, device: tmpfs, o: size=1m }
  ext:
    external: true
    name: msw-parity-ext
secrets:
  s1: { file: ./s1.txt }
  s2: { file: ./s2.txt, labels: { secret.label: "x" } }
configs:
  c1: { file: ./c1.txt }
  c2: { file: ./c2.txt }
`;

type Json = unknown;

/** What must differ between two deploys of one file: the stack name inside names, labels and targets; ids. */
function normalise(v: Json, stack: string, ids: Map<string, string>): Json {
  if (typeof v === 'string') {
    if (ids.has(v)) return ids.get(v);
    return v === stack ? 'STACK' : v.split(`${stack}_`).join('STACK_');
  }
  if (Array.isArray(v)) return v.map((x) => normalise(x, stack, ids));
  if (v && typeof v === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, x] of Object.entries(v as Record<string, Json>)) {
      // Object ids point at per-stack secrets, configs and networks: compared through their names instead.
      if (k === 'SecretID' || k === 'ConfigID') continue;
      // The deliberate difference (README, deploy): our secrets/configs carry a content digest under our own prefix.
      if (k.startsWith(PROJECT_LABEL_PREFIX)) continue;
      out[k] = normalise(x, stack, ids);
    }
    return out;
  }
  return v;
}

/** Every path where the two differ, one line each, `a` = ours, `b` = docker stack deploy. */
export function diffJson(a: Json, b: Json, at = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const isObj = (x: Json) => x !== null && typeof x === 'object';
  if (isObj(a) && isObj(b) && Array.isArray(a) === Array.isArray(b)) {
    const ra = a as Record<string, Json>;
    const rb = b as Record<string, Json>;
    const keys = [...new Set([...Object.keys(ra), ...Object.keys(rb)])].sort();
    return keys.flatMap((k) => diffJson(ra[k], rb[k], Array.isArray(a) ? `${at}[${k}]` : `${at}.${k}`));
  }
  return [`${at || '.'}: ours ${JSON.stringify(a)} / docker stack deploy ${JSON.stringify(b)}`];
}

describe('deploy creates what docker stack deploy creates, field by field', { skip: SKIP || (!HAS_DOCKER && 'no docker CLI') }, () => {
  let client: StackClient;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-dparity-'));
  const file = path.join(tmp, 'stack.yml');
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: HOST! };

  before(async () => {
    client = StackClient.fromEnvironment({ host: HOST }, { timeoutMs: 20_000 });
    await Promise.all([HOST!, ...(WORKER_HOST ? [WORKER_HOST] : [])].map(makeStandin));
    fs.mkdirSync(path.join(tmp, 'conf'));
    fs.writeFileSync(path.join(tmp, 'app.env'), '# comment\nFROM_FILE=file\nFILE_ONLY=yes\nQUOTED="q"\nMSW_PARITY_FROM_ENV\nMSW_PARITY_UNSET_FILE\n');
    for (const n of ['s1', 's2', 'c1', 'c2']) fs.writeFileSync(path.join(tmp, `${n}.txt`), `${n}\n`);
    fs.writeFileSync(file, STACK_FILE);
    env.MSW_PARITY_FROM_ENV = 'from-env';
    await removeStack(client, OURS).catch(() => undefined);
    await removeStack(client, THEIRS).catch(() => undefined);
  });
  after(async () => {
    if (!client) return;
    await removeStack(client, OURS).catch(() => undefined);
    await removeStack(client, THEIRS).catch(() => undefined);
    client.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** The stack's services, networks, secrets and configs by short name, normalised. */
  async function readBack(stack: string): Promise<Map<string, Json>> {
    const label = { label: [`${LABEL_NAMESPACE}=${stack}`] };
    const ids = new Map<string, string>();
    const out = new Map<string, Json>();
    for (const n of await client.listNetworks(label)) {
      const name = (n.Name ?? '').replace(`${stack}_`, 'STACK_');
      ids.set(n.Id!, name);
      // Subnets, gateways and VXLAN ids are the engine's pick; what the stack asked for is compared.
      const options = { ...n.Options };
      delete options['com.docker.network.driver.overlay.vxlanid_list'];
      out.set(
        `network ${name}`,
        normalise(
          { Driver: n.Driver, Scope: n.Scope, Attachable: n.Attachable, Internal: n.Internal, Labels: n.Labels, Options: options, IPAMDriver: n.IPAM?.Driver },
          stack,
          ids,
        ),
      );
    }
    for (const x of await client.listSecrets(label)) out.set(`secret ${x.Spec?.Name?.replace(`${stack}_`, 'STACK_')}`, normalise(x.Spec, stack, ids));
    for (const x of await client.listConfigs(label)) out.set(`config ${x.Spec?.Name?.replace(`${stack}_`, 'STACK_')}`, normalise(x.Spec, stack, ids));
    const services = await client.listServices({ filters: label });
    if (process.env.MSW_PARITY_DUMP)
      fs.writeFileSync(
        process.env.MSW_PARITY_DUMP + stack.replace(OURS, 'ours') + '.json',
        JSON.stringify(
          services.map((s) => s.Spec),
          null,
          1,
        ),
      );
    for (const s of services) out.set((s.Spec?.Name ?? '').replace(`${stack}_`, ''), normalise(s.Spec, stack, ids));
    return out;
  }

  async function remove(stack: string): Promise<void> {
    await removeStack(client, stack);
    // Ingress ports are released a little after the services go.
    const label = { label: [`${LABEL_NAMESPACE}=${stack}`] };
    await waitFor(`stack ${stack} gone`, async () => ((await client.listNetworks(label)).length === 0 ? true : undefined), 30_000);
  }

  it('the service specs are equal once the stack name is taken out', async () => {
    const convert = (stack: string) => convertProject(loadProject({ files: [file], stackName: stack, env: { ...env, PARITY_STACK: stack } }), { env });
    const desired = convert(OURS);
    assert.deepEqual(
      desired.issues.filter((i) => i.severity === 'error'),
      [],
    );
    await deployStack(client, desired, { timeoutMs: 0 });
    const ours = await readBack(OURS);
    // Redeploying our own stack sees nothing to change (the engine's defaults and the always-sent empty parts included).
    const again = await deployStack(client, convert(OURS), { confirm: async () => false });
    assert.deepEqual(
      again.plan.services.filter((x) => x.action !== 'unchanged').map((x) => `${x.fullName}: ${JSON.stringify(x.changes)}`),
      [],
    );
    await remove(OURS);
    await exec('docker', ['stack', 'deploy', '--resolve-image', 'never', '-c', file, THEIRS], { env: { ...env, PARITY_STACK: THEIRS }, cwd: tmp });
    const theirs = await readBack(THEIRS);
    // Our planner, asked to deploy the same file over the CLI's stack, sees nothing to change.
    const plan = await deployStack(client, convert(THEIRS), { confirm: async () => false });
    await remove(THEIRS);
    const names = [
      'app',
      'config STACK_c1',
      'config STACK_c2',
      'misc',
      'network STACK_back',
      'network STACK_front',
      'secret STACK_s1',
      'secret STACK_s2',
      'worker',
    ];
    assert.deepEqual([...ours.keys()].sort(), names);
    assert.deepEqual([...theirs.keys()].sort(), names);
    // The deliberate difference (README, deploy section): the service key `tmpfs:` becomes tmpfs mounts, which
    // docker stack deploy drops without a word. They are there, and then left out of the comparison.
    const app = ours.get('app') as { TaskTemplate: { ContainerSpec: { Mounts: { Type: string; Target: string }[] } } };
    const fromTmpfsKey = (m: { Type: string; Target: string }) => m.Type === 'tmpfs' && ['/run', '/tmp'].includes(m.Target);
    assert.equal(app.TaskTemplate.ContainerSpec.Mounts.filter(fromTmpfsKey).length, 2);
    app.TaskTemplate.ContainerSpec.Mounts = app.TaskTemplate.ContainerSpec.Mounts.filter((m) => !fromTmpfsKey(m));
    const diffs = names.flatMap((n) => diffJson(ours.get(n), theirs.get(n), n));
    assert.deepEqual(diffs, [], `\n${diffs.join('\n')}`);
    // ... but the deliberate difference: app's `tmpfs:` mounts, which the CLI's stack lacks.
    const app2 = plan.plan.services.find((x) => x.name === 'app')!;
    assert.deepEqual(
      app2.changes.map((c) => c.path),
      ['TaskTemplate.ContainerSpec.Mounts'],
    );
    const added = (app2.changes[0].to as { Target: string }[]).filter(
      (m) => !(app2.changes[0].from as { Target: string }[]).some((f) => f.Target === m.Target),
    );
    assert.deepEqual(
      added.map((m) => m.Target),
      ['/run', '/tmp'],
    );
    const changes = plan.plan.services
      .filter((x) => x.action !== 'unchanged' && x !== app2)
      .map((x) => `${x.fullName} ${x.action}: ${JSON.stringify(x.changes)}`);
    assert.deepEqual(changes, []);
  });
});
