import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { convertProject } from '../../../../src/core/deploy/convert';
import { LABEL_IMAGE, LABEL_NAMESPACE } from '../../../../src/core/deploy/engine';
import { diffSpecs, resolveRefs } from '../../../../src/core/deploy/plan';
import { parseImageMapping, type ImageMapping } from '../../../../src/core/deploy/units';
import type { FileReader } from '../../../../src/core/manifest/files';
import { loadProject } from '../../../../src/core/manifest/project';

const SEED = path.join(__dirname, '..', '..', '..', 'fixtures', 'seed-2016', 'docker-compose.yml');
const map = (s: string): ImageMapping => parseImageMapping(s) as ImageMapping;

function memProject(text: string, stack = 'st') {
  const files = new Map([
    ['/p/docker-compose.yml', text],
    ['/p/app.env', 'FROM_FILE=1\nOVERRIDDEN=file\n'],
  ]);
  const reader: FileReader = { read: (p) => (files.has(p) ? { text: files.get(p)! } : { error: `${p}: no such file` }) };
  const project = loadProject({ files: ['/p/docker-compose.yml'], reader, stackName: stack, envFile: false });
  return convertProject(project, { reader, env: { FROM_ENV: 'e' } });
}

test('seed stack: 15 services, scoped names, namespace labels, mapped images recorded like the CLI', () => {
  const d = convertProject(loadProject({ files: [SEED], stackName: 'mender' }), { imageMap: [map('mendersoftware/*=registry.local/mendersoftware/*')] });
  assert.equal(d.services.length, 15);
  const gw = d.services.find((s) => s.name === 'mender-api-gateway')!;
  assert.equal(gw.fullName, 'mender_mender-api-gateway');
  assert.equal(gw.spec.Name, 'mender_mender-api-gateway');
  assert.equal(gw.spec.Labels?.[LABEL_NAMESPACE], 'mender');
  assert.equal(gw.spec.Labels?.[LABEL_IMAGE], 'registry.local/mendersoftware/api-gateway:latest');
  assert.equal(gw.spec.TaskTemplate?.ContainerSpec?.Labels?.[LABEL_NAMESPACE], 'mender');
  assert.equal(gw.spec.TaskTemplate?.ContainerSpec?.Image, 'registry.local/mendersoftware/api-gateway:latest');
  // extends common.yml: restart: on-failure -> the CLI's convertRestartPolicy
  assert.deepEqual(gw.spec.TaskTemplate?.RestartPolicy, { Condition: 'on-failure', MaxAttempts: 0 });
  assert.deepEqual(gw.spec.TaskTemplate?.Networks, [{ Target: 'mender_mender', Aliases: ['gateway', 'docker.mender.io', 'mender-api-gateway'] }]);
  assert.deepEqual(gw.spec.EndpointSpec, { Mode: 'vip', Ports: [{ Protocol: 'tcp', TargetPort: 443, PublishedPort: 8080, PublishMode: 'ingress' }] });
  assert.deepEqual(gw.spec.TaskTemplate?.ContainerSpec?.Env, ['MAPPED_PORT=8080']);
  const minio = d.services.find((s) => s.name === 'minio')!;
  assert.deepEqual(minio.spec.TaskTemplate?.ContainerSpec?.Args, ['server', '/export']);
  assert.deepEqual(minio.spec.TaskTemplate?.Networks?.[0].Aliases, [
    'mender-artifact-storage.localhost',
    'mender-artifact-storage.s3.docker.mender.io',
    's3.docker.mender.io',
    'minio',
  ]);
  assert.equal(minio.spec.TaskTemplate?.RestartPolicy, undefined, 'no restart: no policy (swarm default any)');
  assert.equal(minio.spec.TaskTemplate?.ContainerSpec?.Image, 'minio/minio:RELEASE.2016-10-07T01-16-39Z', 'unmatched images stay');
  assert.deepEqual(d.networks, [
    {
      name: 'mender',
      fullName: 'mender_mender',
      external: false,
      create: { Name: 'mender_mender', Driver: 'overlay', Scope: 'swarm', Labels: { [LABEL_NAMESPACE]: 'mender' } },
    },
  ]);
  assert.ok(!d.issues.some((i) => i.severity === 'error'), JSON.stringify(d.issues.filter((i) => i.severity === 'error')));
  assert.ok(d.issues.some((i) => i.code === 'deploy-restart' && i.service === 'mender-gui'));
  assert.ok(d.issues.some((i) => i.code === 'deploy-ignored-key' && /depends_on/.test(i.message)));
});

test('full service conversion', () => {
  const d = memProject(`
services:
  app:
    image: mendersoftware/deployments:2.0
    entrypoint: /bin/app --flag "a b"
    command: ["serve", "--port", "8080"]
    environment: [A=1, FROM_ENV, OVERRIDDEN=inline]
    env_file: app.env
    labels: { team: backend }
    user: "1000:1000"
    working_dir: /srv
    hostname: app-host
    init: true
    stop_grace_period: 1m30s
    stop_signal: SIGINT
    healthcheck: { test: "curl -f http://localhost/", interval: 10s, timeout: 5s, retries: 3, start_period: 500ms }
    cap_add: [NET_ADMIN]
    cap_drop: [ALL]
    sysctls: { net.core.somaxconn: 1024 }
    ulimits: { nofile: { soft: 1024, hard: 2048 }, nproc: 65535 }
    logging: { driver: json-file, options: { max-size: 10m } }
    dns: 10.0.0.2
    dns_search: [example.com]
    tmpfs: /run:size=64m
    extra_hosts: ["db.local:10.0.0.5"]
    volumes: [data:/data, "./conf:/etc/app:ro", { type: tmpfs, target: /cache, tmpfs: { size: 1048576 } }]
    secrets: [s1, { source: s1, target: other, mode: 0400 }]
    configs: [c1]
    ports: ["80:8080", { target: 9000, published: 9000, mode: host }, "7000-7001:8000-8001/udp"]
    networks: { back: { aliases: [api.internal] }, ext: }
    deploy:
      mode: replicated
      replicas: 3
      labels: [tier=api]
      placement: { constraints: [node.role == worker], preferences: [{ spread: node.labels.zone }], max_replicas_per_node: 2 }
      resources: { limits: { cpus: '0.5', memory: 512M, pids: 100 }, reservations: { cpus: '0.25', memory: 128m } }
      restart_policy: { condition: on-failure, delay: 5s, max_attempts: 3, window: 2m }
      update_config: { parallelism: 2, delay: 10s, order: start-first, failure_action: rollback, monitor: 30s, max_failure_ratio: 0.1 }
      rollback_config: { parallelism: 0 }
    restart: always
  worker:
    image: busybox
    deploy: { mode: global, endpoint_mode: dnsrr }
  job:
    image: busybox
    deploy: { mode: replicated-job, replicas: 4 }
networks:
  back: { driver_opts: { encrypted: "" }, attachable: true, labels: { a: b } }
  ext: { external: true, name: shared-net }
volumes:
  data: { driver: local, labels: { keep: "yes" } }
secrets:
  s1: { file: ./s1.txt }
configs:
  c1: { external: true }
`);
  assert.deepEqual(
    d.issues.filter((i) => i.severity === 'error'),
    [],
  );
  const app = d.services.find((s) => s.name === 'app')!.spec;
  const cs = app.TaskTemplate!.ContainerSpec!;
  assert.deepEqual(cs.Command, ['/bin/app', '--flag', 'a b']);
  assert.deepEqual(cs.Args, ['serve', '--port', '8080']);
  assert.deepEqual(cs.Env, ['A=1', 'FROM_ENV=e', 'FROM_FILE=1', 'OVERRIDDEN=inline']);
  assert.equal(cs.Labels?.team, 'backend');
  assert.equal(cs.User, '1000:1000');
  assert.equal(cs.Dir, '/srv');
  assert.equal(cs.Hostname, 'app-host');
  assert.equal(cs.Init, true);
  assert.equal(cs.StopGracePeriod, 90e9);
  assert.equal(cs.StopSignal, 'SIGINT');
  assert.deepEqual(cs.Healthcheck, { Test: ['CMD-SHELL', 'curl -f http://localhost/'], Interval: 10e9, Timeout: 5e9, StartPeriod: 500e6, Retries: 3 });
  assert.deepEqual(cs.CapabilityAdd, ['CAP_NET_ADMIN']);
  assert.deepEqual(cs.CapabilityDrop, ['ALL']);
  assert.deepEqual(cs.Sysctls, { 'net.core.somaxconn': '1024' });
  assert.deepEqual(cs.Ulimits, [
    { Name: 'nofile', Soft: 1024, Hard: 2048 },
    { Name: 'nproc', Soft: 65535, Hard: 65535 },
  ]);
  assert.deepEqual(cs.DNSConfig, { Nameservers: ['10.0.0.2'], Search: ['example.com'], Options: [] });
  assert.deepEqual(cs.Hosts, ['10.0.0.5 db.local']);
  assert.deepEqual(cs.Mounts, [
    {
      Type: 'volume',
      Target: '/data',
      Source: 'st_data',
      VolumeOptions: { Labels: { keep: 'yes', [LABEL_NAMESPACE]: 'st' }, DriverConfig: { Name: 'local', Options: {} } },
    },
    { Type: 'bind', Target: '/etc/app', Source: '/p/conf', ReadOnly: true },
    { Type: 'tmpfs', Target: '/cache', TmpfsOptions: { SizeBytes: 1048576, Mode: undefined } },
    { Type: 'tmpfs', Target: '/run', TmpfsOptions: { SizeBytes: 64 * 1024 * 1024 } },
  ]);
  assert.deepEqual(cs.Secrets, [
    { File: { Name: 's1', UID: '0', GID: '0', Mode: 0o444 }, SecretName: 'st_s1' },
    { File: { Name: 'other', UID: '0', GID: '0', Mode: 0o400 }, SecretName: 'st_s1' },
  ]);
  assert.deepEqual(cs.Configs, [{ File: { Name: 'c1', UID: '0', GID: '0', Mode: 0o444 }, ConfigName: 'c1' }]);
  const t = app.TaskTemplate!;
  assert.deepEqual(t.LogDriver, { Name: 'json-file', Options: { 'max-size': '10m' } });
  assert.deepEqual(t.Resources, {
    Limits: { NanoCPUs: 5e8, MemoryBytes: 512 * 1024 ** 2, Pids: 100 },
    Reservations: { NanoCPUs: 2.5e8, MemoryBytes: 128 * 1024 ** 2 },
  });
  assert.deepEqual(t.RestartPolicy, { Condition: 'on-failure', Delay: 5e9, MaxAttempts: 3, Window: 120e9 }, 'deploy.restart_policy wins over restart:');
  assert.deepEqual(t.Placement, { Constraints: ['node.role == worker'], Preferences: [{ Spread: { SpreadDescriptor: 'node.labels.zone' } }], MaxReplicas: 2 });
  assert.deepEqual(t.Networks, [
    { Target: 'shared-net', Aliases: ['app'] },
    { Target: 'st_back', Aliases: ['api.internal', 'app'] },
  ]);
  assert.deepEqual(app.Mode, { Replicated: { Replicas: 3 } });
  assert.equal(app.Labels?.tier, 'api');
  assert.deepEqual(app.UpdateConfig, { Parallelism: 2, Delay: 10e9, Order: 'start-first', FailureAction: 'rollback', Monitor: 30e9, MaxFailureRatio: 0.1 });
  assert.deepEqual(app.RollbackConfig, { Parallelism: 0, Order: '' });
  assert.deepEqual(app.EndpointSpec, {
    Mode: 'vip',
    Ports: [
      { Protocol: 'tcp', TargetPort: 8080, PublishedPort: 80, PublishMode: 'ingress' },
      { Protocol: 'udp', TargetPort: 8000, PublishedPort: 7000, PublishMode: 'ingress' },
      { Protocol: 'udp', TargetPort: 8001, PublishedPort: 7001, PublishMode: 'ingress' },
      { Protocol: 'tcp', TargetPort: 9000, PublishedPort: 9000, PublishMode: 'host' },
    ],
  });
  assert.deepEqual(d.services.find((s) => s.name === 'worker')!.spec.Mode, { Global: {} });
  assert.equal(d.services.find((s) => s.name === 'worker')!.spec.EndpointSpec?.Mode, 'dnsrr');
  assert.deepEqual(d.services.find((s) => s.name === 'job')!.spec.Mode, { ReplicatedJob: { MaxConcurrent: 4, TotalCompletions: 4 } });
  const back = d.networks.find((n) => n.name === 'back')!;
  assert.deepEqual(back.create, {
    Name: 'st_back',
    Driver: 'overlay',
    Scope: 'swarm',
    Labels: { a: 'b', [LABEL_NAMESPACE]: 'st' },
    Options: { encrypted: '' },
    Attachable: true,
  });
  assert.deepEqual(
    d.networks.find((n) => n.name === 'ext'),
    { name: 'ext', fullName: 'shared-net', external: true },
  );
  assert.deepEqual(
    d.secrets.map((s) => [s.fullName, s.file]),
    [['st_s1', '/p/s1.txt']],
  );
  assert.deepEqual(
    d.configs.map((s) => [s.fullName, s.external]),
    [['c1', true]],
  );
  // workers without networks get the stack's default network
  assert.deepEqual(d.services.find((s) => s.name === 'worker')!.spec.TaskTemplate?.Networks, [{ Target: 'st_default', Aliases: ['worker'] }]);
});

test('keys swarm cannot honour are reported before anything is sent', () => {
  const d = memProject(`
version: '2'
services:
  a:
    image: x
    volumes_from: [b]
    cpu_shares: 512
    privileged: true
    network_mode: host
    links: [b]
    restart: on-failure:5
    networks: [nowhere]
    secrets: [missing]
  b:
    build: .
`);
  const codes = d.issues.map((i) => `${i.severity}:${i.code}:${i.service}`);
  assert.ok(codes.includes('error:deploy-refused-key:a'));
  assert.ok(codes.includes('warning:deploy-ignored-key:a'));
  assert.ok(codes.includes('error:deploy-undefined-network:a'));
  assert.ok(codes.includes('error:deploy-undefined-object:a'));
  assert.ok(codes.includes('error:deploy-no-image:b'));
  assert.ok(
    d.issues.every((i) => i.span),
    'every issue points into the manifest',
  );
  assert.deepEqual(d.services[0].spec.TaskTemplate?.RestartPolicy, { Condition: 'on-failure', MaxAttempts: 5 });
});

test('as docker stack deploy: a config listed by name gets the target "c1" (not "/c1"); capabilities get CAP_, ALL alone, add beats drop', () => {
  const d = memProject(`
services:
  a:
    image: x
    configs: [c1, { source: c2, target: /etc/c2.conf }]
    cap_add: [net_admin, CAP_SYS_TIME, NET_ADMIN]
    cap_drop: [SYS_TIME, chown]
  b:
    image: x
    cap_add: [ALL, NET_ADMIN]
configs:
  c1: { file: ./c1.txt }
  c2: { file: ./c2.txt }
`);
  const a = d.services.find((s) => s.name === 'a')!.spec.TaskTemplate!.ContainerSpec!;
  assert.deepEqual(
    a.Configs?.map((c) => c.File?.Name),
    ['c1', '/etc/c2.conf'],
  );
  assert.deepEqual(a.CapabilityAdd, ['CAP_NET_ADMIN', 'CAP_SYS_TIME']);
  assert.deepEqual(a.CapabilityDrop, ['CAP_CHOWN']);
  const b = d.services.find((s) => s.name === 'b')!.spec.TaskTemplate!.ContainerSpec!;
  assert.deepEqual(b.CapabilityAdd, ['ALL']);
});

test('as docker stack deploy: Privileges, Resources and Placement are always sent, empty when the file says nothing', () => {
  const d = memProject(`
services:
  a:
    image: x
`);
  const t = d.services[0].spec.TaskTemplate!;
  assert.deepEqual(t.ContainerSpec!.Privileges, { CredentialSpec: null, SELinuxContext: null });
  assert.deepEqual(t.Resources, {});
  assert.deepEqual(t.Placement, {});
});

test('as docker stack deploy: network attachments stay in network-name order once their targets become IDs', () => {
  const d = memProject(`
services:
  a:
    image: x
    networks: [front, back]
networks:
  front: {}
  back: {}
`);
  const spec = d.services[0].spec;
  assert.deepEqual(
    spec.TaskTemplate!.Networks!.map((n) => n.Target),
    ['st_back', 'st_front'],
  );
  // IDs sort the other way: the engine keeps the order sent, and the CLI sends name order.
  const r = resolveRefs(spec, {
    networks: [
      { Id: 'zz-back', Name: 'st_back' },
      { Id: 'aa-front', Name: 'st_front' },
    ],
    secrets: [],
    configs: [],
  });
  assert.deepEqual(
    r.TaskTemplate!.Networks!.map((n) => n.Target),
    ['zz-back', 'aa-front'],
  );
});

test('as docker stack deploy: logging options without a driver name no driver; an external volume mount gets empty VolumeOptions', () => {
  const d = memProject(`
services:
  a:
    image: x
    logging: { options: { max-size: 1m } }
    volumes: [ext:/ext:ro]
volumes:
  ext: { external: true, name: corp-data }
`);
  const t = d.services[0].spec.TaskTemplate!;
  assert.deepEqual(t.LogDriver, { Options: { 'max-size': '1m' } });
  assert.deepEqual(t.ContainerSpec!.Mounts, [{ Type: 'volume', Source: 'corp-data', Target: '/ext', ReadOnly: true, VolumeOptions: {} }]);
});

test('an update/rollback config without failure_action and order is unchanged once the engine stored its defaults (pause, stop-first)', () => {
  const d = memProject(`
services:
  a:
    image: x
    deploy:
      update_config: { parallelism: 3 }
      rollback_config: { parallelism: 0 }
`);
  const sent = d.services[0].spec;
  const stored = structuredClone(sent);
  stored.UpdateConfig = { ...stored.UpdateConfig!, FailureAction: 'pause', Order: 'stop-first' };
  stored.RollbackConfig = { ...stored.RollbackConfig!, FailureAction: 'pause', Order: 'stop-first' };
  assert.deepEqual(diffSpecs(stored, sent), []);
  stored.UpdateConfig.FailureAction = 'rollback';
  assert.deepEqual(
    diffSpecs(stored, sent).map((c) => c.path),
    ['UpdateConfig.FailureAction'],
  );
});

test("as docker stack deploy: a bare name in an env_file takes the caller's value, and is left out when unset; in environment: it stays bare", () => {
  const files = new Map([
    [
      '/p/docker-compose.yml',
      `
services:
  a:
    image: x
    env_file: bare.env
    environment: [STILL_BARE]
`,
    ],
    ['/p/bare.env', 'FROM_ENV\nNOT_SET\nK=v\n'],
  ]);
  const reader: FileReader = { read: (p) => (files.has(p) ? { text: files.get(p)! } : { error: `${p}: no such file` }) };
  const d = convertProject(loadProject({ files: ['/p/docker-compose.yml'], reader, stackName: 'st', envFile: false }), { reader, env: { FROM_ENV: 'e' } });
  assert.deepEqual(d.services[0].spec.TaskTemplate!.ContainerSpec!.Env, ['FROM_ENV=e', 'K=v', 'STILL_BARE']);
});
