// The Kubernetes export (src/core/kubernetes): each mapping on small stacks, validation against the Kubernetes
// API schema (kubernetes-models), and a golden test per Mender stack in which every link resolves by its Service.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadStack } from '../../../../src/core/deploy/stack';
import { exportKubernetes, type KubeExport, type KubeObject } from '../../../../src/core/kubernetes';
import { exportLoaded } from '../../../../src/core/kubernetes/api';
import { escapeExpansion } from '../../../../src/core/kubernetes/container';
import { KUBE_CODES } from '../../../../src/core/kubernetes/context';
import { replaceHost } from '../../../../src/core/kubernetes/dns';
import { requirement } from '../../../../src/core/kubernetes/affinity';
import { isDns1035Label, toDns1035Label } from '../../../../src/core/kubernetes/names';
import { cpu, memory } from '../../../../src/core/kubernetes/resources';
import { validateExport, validateObject } from '../../../../src/core/kubernetes/validate';
import { FIXTURES, ROOT } from '../../helpers';

function stackOf(yaml: string, extra: Record<string, string> = {}, opts: Parameters<typeof exportKubernetes>[1] = {}): KubeExport {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-k8s-'));
  fs.writeFileSync(path.join(dir, 'docker-compose.yml'), yaml);
  for (const [f, t] of Object.entries(extra)) fs.writeFileSync(path.join(dir, f), t);
  return exportKubernetes(loadStack([path.join(dir, 'docker-compose.yml')], { env: {}, stack: 'shop' }), opts);
}
const all = (e: KubeExport): KubeObject[] => e.files.flatMap((f) => f.objects);
const find = (e: KubeExport, kind: string, name: string): Record<string, any> => {
  const o = all(e).find((x) => x.kind === kind && x.metadata.name === name);
  assert.ok(
    o,
    `${kind}/${name} in ${all(e)
      .map((x) => `${x.kind}/${x.metadata.name}`)
      .join(', ')}`,
  );
  return o as Record<string, any>;
};
const podOf = (w: Record<string, any>): Record<string, any> => w.spec.template.spec;
const codesOf = (e: KubeExport): string[] => e.issues.map((i) => i.code);

test('names: RFC 1035 labels, sanitised and cut with a hash', () => {
  assert.equal(toDns1035Label('s3.docker.mender.io'), 's3-docker-mender-io');
  assert.equal(toDns1035Label('Mender_API__Gateway'), 'mender-api-gateway');
  assert.equal(toDns1035Label('9lives'), 'x-9lives');
  const long = toDns1035Label('a'.repeat(80));
  assert.ok(isDns1035Label(long) && long.length <= 63, long);
  assert.notEqual(toDns1035Label(`${'a'.repeat(70)}1`), toDns1035Label(`${'a'.repeat(70)}2`));
  assert.ok(!isDns1035Label('mender_api') && !isDns1035Label('a.b') && isDns1035Label('mender-api'));
});

test('a service Kubernetes refuses the name of is renamed, with a k8s-name finding, and its links follow', () => {
  const e = stackOf('services:\n  Web_App:\n    image: nginx\n    environment:\n      UP: http://api_v2:8080\n  api_v2:\n    image: api\n');
  find(e, 'Deployment', 'web-app');
  find(e, 'Service', 'api-v2');
  assert.ok(e.issues.some((i) => i.code === 'k8s-name' && /Web_App/.test(i.message) && /"web-app"/.test(i.message)));
  const env = podOf(find(e, 'Deployment', 'web-app')).containers[0].env;
  assert.deepEqual(env, [{ name: 'UP', value: 'http://api-v2:8080' }]);
  assert.deepEqual(
    find(e, 'Service', 'api-v2').spec.ports.map((p: any) => p.port),
    [8080],
    'the link names the port the Service must list',
  );
});

test('a dotted network alias gets a Service of its own, and values naming it are rewritten to that Service', () => {
  const e = stackOf(`services:
  s3:
    image: minio/minio
    command: server /data
    networks:
      net:
        aliases: [s3.docker.mender.io, storage]
  app:
    image: app
    environment:
      S3_URL: https://s3.docker.mender.io:9000/bucket
      OTHER: see s3.docker.mender.io.example.com
    networks: [net]
networks:
  net: {}
`);
  const alias = find(e, 'Service', 's3-docker-mender-io');
  assert.deepEqual(alias.spec.selector, { 'app.kubernetes.io/part-of': 'shop', 'app.kubernetes.io/name': 's3' });
  assert.equal(alias.metadata.annotations['mender-swarm/alias'], 's3.docker.mender.io');
  find(e, 'Service', 'storage');
  const env = Object.fromEntries(podOf(find(e, 'Deployment', 'app')).containers[0].env.map((x: any) => [x.name, x.value]));
  assert.equal(env.S3_URL, 'https://s3-docker-mender-io:9000/bucket');
  assert.ok(codesOf(e).includes('k8s-host-renamed'));
  assert.equal(
    replaceHost('see s3.docker.mender.io.example.com and S3.docker.mender.io', 's3.docker.mender.io', 'x'),
    'see s3.docker.mender.io.example.com and x',
  );
});

test('environment, entrypoint and command: $ doubled so Kubernetes does not expand $(VAR)', () => {
  const e = stackOf(
    "services:\n  a:\n    image: busybox\n    entrypoint: [/bin/sh, -c]\n    command: ['echo $$(date) $$HOME']\n    environment:\n      PRICE: '$$5'\n",
  );
  const c = podOf(find(e, 'Deployment', 'a')).containers[0];
  assert.deepEqual(c.command, ['/bin/sh', '-c']);
  assert.deepEqual(c.args, ['echo $$(date) $$HOME']);
  assert.deepEqual(c.env, [{ name: 'PRICE', value: '$$5' }]);
  assert.equal(escapeExpansion('a$(B)'), 'a$$(B)');
});

test("healthcheck as liveness and readiness probes, with Docker's defaults made explicit", () => {
  const e = stackOf(
    'services:\n  a:\n    image: x\n    healthcheck:\n      test: curl -f http://localhost/ || exit 1\n      interval: 15s\n      start_period: 40s\n  b:\n    image: y\n    healthcheck:\n      test: [CMD, /bin/check, --fast]\n      timeout: 2s\n      retries: 5\n  c:\n    image: z\n    healthcheck:\n      disable: true\n',
  );
  const a = podOf(find(e, 'Deployment', 'a')).containers[0];
  assert.deepEqual(a.livenessProbe, {
    exec: { command: ['/bin/sh', '-c', 'curl -f http://localhost/ || exit 1'] },
    periodSeconds: 15,
    timeoutSeconds: 30,
    failureThreshold: 3,
    initialDelaySeconds: 40,
  });
  assert.deepEqual(a.readinessProbe, a.livenessProbe);
  const b = podOf(find(e, 'Deployment', 'b')).containers[0];
  assert.deepEqual(b.livenessProbe, { exec: { command: ['/bin/check', '--fast'] }, periodSeconds: 30, timeoutSeconds: 2, failureThreshold: 5 });
  assert.equal(podOf(find(e, 'Deployment', 'c')).containers[0].livenessProbe, undefined);
});

test('resources: limits and reservations (and v2 mem_limit/cpus) as limits and requests', () => {
  const e = stackOf(
    "services:\n  a:\n    image: x\n    deploy:\n      resources:\n        limits: {cpus: '1.5', memory: 512M}\n        reservations: {cpus: '0.25', memory: 64M}\n  b:\n    image: y\n    mem_limit: 1g\n    cpus: 2\n",
  );
  assert.deepEqual(podOf(find(e, 'Deployment', 'a')).containers[0].resources, {
    limits: { cpu: '1500m', memory: '512Mi' },
    requests: { cpu: '250m', memory: '64Mi' },
  });
  assert.deepEqual(podOf(find(e, 'Deployment', 'b')).containers[0].resources, { limits: { cpu: '2', memory: '1Gi' } });
  assert.equal(cpu(1e9), '1');
  assert.equal(memory(1000), '1000');
});

test('replicas, global as a DaemonSet, dnsrr as a headless Service, update_config as the rolling update', () => {
  const e = stackOf(
    "services:\n  a:\n    image: x\n    expose: ['8080']\n    deploy:\n      replicas: 3\n      update_config: {parallelism: 2, order: start-first}\n  agent:\n    image: y\n    deploy:\n      mode: global\n  r:\n    image: z\n    ports: ['53:53/udp']\n    deploy:\n      endpoint_mode: dnsrr\n",
  );
  const a = find(e, 'Deployment', 'a');
  assert.equal(a.spec.replicas, 3);
  assert.deepEqual(a.spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 2, maxUnavailable: 0 } });
  const ds = find(e, 'DaemonSet', 'agent');
  assert.equal(ds.spec.replicas, undefined);
  assert.equal(find(e, 'Service', 'r').spec.clusterIP, 'None');
  assert.deepEqual(find(e, 'Service', 'r').spec.ports, [{ name: 'udp-53', port: 53, targetPort: 53, protocol: 'UDP' }]);
  assert.deepEqual(
    find(e, 'Service', 'a').spec.ports.map((p: any) => p.port),
    [8080],
  );
});

test('placement constraints as node affinity where they translate, a finding where they do not', () => {
  assert.deepEqual(requirement('node.labels.zone == eu-1'), { key: 'zone', operator: 'In', values: ['eu-1'] });
  assert.deepEqual(requirement('node.hostname != n2'), { key: 'kubernetes.io/hostname', operator: 'NotIn', values: ['n2'] });
  assert.deepEqual(requirement('node.platform.arch == x86_64'), { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] });
  assert.deepEqual(requirement('node.role == manager'), { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' });
  assert.deepEqual(requirement('node.role != manager'), { key: 'node-role.kubernetes.io/control-plane', operator: 'DoesNotExist' });
  assert.match(String(requirement('node.id == abc')), /no swarm node id/);
  const e = stackOf(
    "services:\n  a:\n    image: x\n    deploy:\n      placement:\n        constraints: ['node.role == manager', 'engine.labels.ssd == true']\n        preferences: [{spread: node.labels.zone}]\n",
  );
  const pod = podOf(find(e, 'Deployment', 'a'));
  assert.deepEqual(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions, [
    { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' },
  ]);
  assert.equal(pod.tolerations[0].key, 'node-role.kubernetes.io/control-plane');
  assert.equal(pod.topologySpreadConstraints[0].topologyKey, 'zone');
  assert.ok(e.issues.some((i) => i.code === 'k8s-untranslated' && /engine\.labels\.ssd/.test(i.message)));
});

test('published ports: a NodePort Service (node port kept when in range) or a LoadBalancer one', () => {
  const yaml = "services:\n  gw:\n    image: traefik\n    ports: ['443:443', '30080:80']\n";
  const np = find(stackOf(yaml), 'Service', 'gw-published');
  assert.equal(np.spec.type, 'NodePort');
  assert.deepEqual(np.spec.ports, [
    { name: 'tcp-443', port: 443, targetPort: 443, protocol: 'TCP' },
    { name: 'tcp-30080', port: 80, targetPort: 80, protocol: 'TCP', nodePort: 30080 },
  ]);
  const lb = find(stackOf(yaml, {}, { publish: 'LoadBalancer' }), 'Service', 'gw-published');
  assert.equal(lb.spec.type, 'LoadBalancer');
  assert.deepEqual(
    lb.spec.ports.map((p: any) => [p.port, p.targetPort]),
    [
      [443, 443],
      [30080, 80],
    ],
  );
});

test('secrets and configs as Secrets and ConfigMaps mounted at the paths swarm gives them', () => {
  const e = stackOf(
    `services:
  a:
    image: x
    secrets: [db_pass, {source: key, target: /etc/app/key.pem, mode: 0400}]
    configs: [{source: conf, target: app.conf}]
secrets:
  db_pass: {file: ./pass.txt}
  key: {file: ./key.pem}
configs:
  conf: {file: ./app.conf}
`,
    { 'pass.txt': 's3cret', 'key.pem': 'KEY', 'app.conf': 'x=1\n' },
  );
  assert.equal(find(e, 'Secret', 'db-pass').data.db_pass, Buffer.from('s3cret').toString('base64'));
  assert.deepEqual(find(e, 'ConfigMap', 'conf').data, { conf: 'x=1\n' });
  const pod = podOf(find(e, 'Deployment', 'a'));
  const mounts = Object.fromEntries(pod.containers[0].volumeMounts.map((m: any) => [m.mountPath, m.subPath]));
  assert.deepEqual(mounts, { '/run/secrets/db_pass': 'db_pass', '/etc/app/key.pem': 'key', '/app.conf': 'conf' });
  const keyVol = pod.volumes.find((v: any) => v.secret?.secretName === 'key');
  assert.equal(keyVol.secret.items[0].mode, 0o400);
  assert.deepEqual(
    e.files.map((f) => f.name),
    ['namespace.yaml', 'a.yaml', 'secrets.yaml', 'configs.yaml'],
  );
});

test('stores the catalog knows (MongoDB, MinIO) are StatefulSets with a claim per data path; named volumes elsewhere are claims', () => {
  const e = stackOf(
    "services:\n  db:\n    image: mongo:4.4\n  s3:\n    image: minio/minio\n    command: server /export\n    volumes: ['art:/export']\n  app:\n    image: app\n    volumes: ['cache:/cache', './conf:/conf:ro']\nvolumes:\n  art: {}\n  cache: {}\n",
  );
  const db = find(e, 'StatefulSet', 'db');
  assert.deepEqual(
    db.spec.volumeClaimTemplates.map((c: any) => c.metadata.name),
    ['data-data-db'],
  );
  assert.equal(podOf(db).containers[0].volumeMounts[0].mountPath, '/data/db');
  assert.deepEqual(
    find(e, 'Service', 'db').spec.ports.map((p: any) => p.port),
    [27017],
    "the catalog's port",
  );
  const s3 = find(e, 'StatefulSet', 's3');
  assert.deepEqual(
    s3.spec.volumeClaimTemplates.map((c: any) => c.metadata.name),
    ['art'],
    'the named volume covers /export',
  );
  find(e, 'PersistentVolumeClaim', 'app-cache');
  const app = podOf(find(e, 'Deployment', 'app'));
  assert.ok(app.volumes.some((v: any) => v.hostPath && v.hostPath.path.endsWith('/conf')));
  assert.ok(e.issues.some((i) => i.code === 'k8s-approximated' && /hostPath/.test(i.message)));
});

test('every swarm-only key is a finding saying what was done instead, never a silent drop', () => {
  const e = stackOf(
    'services:\n  a:\n    image: x\n    build: .\n    container_name: a1\n    ulimits: {nofile: 1024}\n    logging: {driver: syslog}\n    stop_signal: SIGINT\n    user: www-data\n    privileged: true\n    cap_add: [NET_ADMIN]\n    stop_grace_period: 1m\n    deploy:\n      rollback_config: {parallelism: 1}\n      restart_policy: {condition: on-failure}\n',
  );
  const msgs = e.issues
    .filter((i) => i.code === 'k8s-untranslated')
    .map((i) => i.message)
    .join('\n');
  for (const k of ['`build`', '`container_name`', '`ulimits`', '`logging`', '`stop_signal`', 'user: www-data', 'rollback_config'])
    assert.ok(msgs.includes(k), `${k} in\n${msgs}`);
  assert.ok(e.issues.some((i) => i.code === 'k8s-approximated' && /on-failure/.test(i.message)));
  const pod = podOf(find(e, 'Deployment', 'a'));
  assert.deepEqual(pod.containers[0].securityContext, { capabilities: { add: ['NET_ADMIN'] }, privileged: true });
  assert.equal(pod.terminationGracePeriodSeconds, 60);
});

test('validation: the Kubernetes schema refuses a wrong object; the export writes nothing then', () => {
  assert.deepEqual(validateObject({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'ok' }, spec: { ports: [{ port: 80 }] } }), []);
  const bad = validateObject({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'a' },
    spec: { selector: {}, template: { spec: { containers: [{ name: 'a', ports: [{ containerPort: 'http' }] }] } } },
  });
  assert.ok(
    bad.some((m) => /containerPort must be integer/.test(m)),
    bad.join('\n'),
  );
  assert.ok(validateObject({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'a.b' } }).some((m) => /RFC 1035/.test(m)));
  // An object the export makes invalid (a volume size the schema's quantity refuses is not one: quantities are
  // strings there), so break one after the fact: validateExport sees it, and exportLoaded would not have written.
  const e = stackOf('services:\n  a:\n    image: x\n');
  (podOf(find(e, 'Deployment', 'a')).containers[0] as any).ports = [{ containerPort: 'x' }];
  assert.equal(validateExport(e).length, 1);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-k8s-bad-'));
  fs.writeFileSync(path.join(dir, 'docker-compose.yml'), 'services:\n  a:\n    image: x\n    expose: ["0"]\n');
  const out = path.join(dir, 'out');
  const r = exportLoaded(loadStack([path.join(dir, 'docker-compose.yml')], { env: {} }), { outDir: out });
  assert.equal(r.invalid.length, 0);
  assert.ok(fs.existsSync(path.join(out, 'kustomization.yaml')));
  assert.equal(fs.statSync(path.join(out, 'a.yaml')).mode & 0o777, 0o600);
});

// The two Mender stacks: manifests valid, every link resolvable by its Service name, text as the golden files.
const STACKS: Record<string, { files: string[]; stack: string }> = {
  'mender-2016': { files: [path.join(ROOT, 'examples/mender-2016/docker-compose.yml')], stack: 'mender' },
  'current-4x': { files: ['docker-compose.yml', 'docker-compose.storage-minio.yml'].map((f) => path.join(FIXTURES, 'current-4x', f)), stack: 'mender' },
};
for (const [name, s] of Object.entries(STACKS)) {
  test(`golden: ${name} exports to valid manifests where every link resolves by its Service name`, () => {
    const loaded = loadStack(s.files, { env: {}, stack: s.stack });
    const r = exportLoaded(loaded, { readFile: (f) => Buffer.from(`contents of ${path.basename(f)}\n`) });
    assert.deepEqual(r.invalid, []);
    const services = all(r.exp).filter((o) => o.kind === 'Service') as Record<string, any>[];
    assert.ok(r.exp.links.length >= 10, `${r.exp.links.length} links`);
    for (const l of r.exp.links) {
      const target = r.exp.services.get(l.target)!;
      const svc = services.find((x) => x.metadata.name === l.kubeHost);
      assert.ok(svc, `${l.service} ${l.variable}: no Service "${l.kubeHost}" for ${l.host}`);
      assert.ok(isDns1035Label(l.kubeHost));
      assert.equal(svc.spec.selector['app.kubernetes.io/name'], target.name, `${l.host} selects ${l.target}'s pods`);
      if (l.port) assert.ok(svc.spec.clusterIP === 'None' || svc.spec.ports.some((p: any) => p.port === l.port), `${l.kubeHost} lists port ${l.port}`);
      // The pod's environment names the Service, not the swarm-only spelling.
      const workload = all(r.exp).find((o) => o.metadata.name === r.exp.services.get(l.service)!.name && 'spec' in o && (o as any).spec.template) as any;
      const env = (workload.spec.template.spec.containers[0].env ?? []) as { name: string; value: string }[];
      if (!l.byDefault || env.some((x) => x.name === l.variable))
        assert.ok(
          env.some((x) => x.name === l.variable && x.value.toLowerCase().includes(l.kubeHost)),
          `${l.service} ${l.variable} names ${l.kubeHost}`,
        );
    }
    const dir = path.join(FIXTURES, 'kubernetes', name);
    if (process.env.UPDATE_GOLDEN) {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir, { recursive: true });
      for (const f of r.rendered) fs.writeFileSync(path.join(dir, f.name), f.text);
      fs.writeFileSync(path.join(dir, 'findings.txt'), r.exp.issues.map((i) => `${i.severity} ${i.code} ${i.message}`).join('\n') + '\n');
    }
    assert.deepEqual(
      fs
        .readdirSync(dir)
        .filter((f) => f !== 'findings.txt')
        .sort(),
      r.rendered.map((f) => f.name).sort(),
    );
    for (const f of r.rendered) assert.equal(f.text, fs.readFileSync(path.join(dir, f.name), 'utf8'), `${name}/${f.name} (UPDATE_GOLDEN=1 rewrites it)`);
    assert.equal(r.exp.issues.map((i) => `${i.severity} ${i.code} ${i.message}`).join('\n') + '\n', fs.readFileSync(path.join(dir, 'findings.txt'), 'utf8'));
  });
}

test('the README documents every code of the export, and the export uses no other', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  for (const c of KUBE_CODES) assert.ok(readme.includes(`\`${c}\``), c);
  const used = new Set(
    Object.keys(STACKS).flatMap((n) =>
      fs
        .readFileSync(path.join(FIXTURES, 'kubernetes', n, 'findings.txt'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(' ')[1]),
    ),
  );
  for (const c of used) assert.ok((KUBE_CODES as readonly string[]).includes(c), c);
  const src = fs
    .readdirSync(path.join(ROOT, 'src/core/kubernetes'))
    .map((f) => fs.readFileSync(path.join(ROOT, 'src/core/kubernetes', f), 'utf8'))
    .join('\n');
  for (const m of src.matchAll(/'(k8s-[a-z-]+)'/g)) assert.ok((KUBE_CODES as readonly string[]).includes(m[1]), m[1]);
});

test('CLI: export --to kubernetes writes the files and a kustomization to -o DIR, prints the stream without -o, refuses bad flags', async () => {
  const { run } = await import('../../../../src/cli/commands/export');
  const call = async (...argv: string[]): Promise<{ code: number; out: string; err: string }> => {
    let out = '';
    let err = '';
    const code = await run(argv, {
      stdout: (s) => {
        out += s;
      },
      stderr: (s) => {
        err += s;
      },
      env: {},
    });
    return { code, out, err };
  };
  const seed = path.join(ROOT, 'examples/mender-2016/docker-compose.yml');
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'msw-k8s-cli-')), 'out');
  const w = await call('--to', 'kubernetes', '--stack', 'mender', '--publish', 'LoadBalancer', '-o', dir, seed);
  assert.equal(w.code, 0, w.err);
  assert.match(w.err, /wrote \d+ files .*kubectl apply -k/);
  assert.match(w.err, /\[k8s-untranslated\]/);
  assert.match(fs.readFileSync(path.join(dir, 'kustomization.yaml'), 'utf8'), /- minio\.yaml/);
  assert.match(fs.readFileSync(path.join(dir, 'minio.yaml'), 'utf8'), /type: LoadBalancer/);
  const s = await call('--to', 'kubernetes', '--namespace', 'ota', seed);
  assert.equal(s.code, 0, s.err);
  assert.match(s.out, /kind: Namespace\nmetadata:\n {2}name: ota\n/);
  assert.doesNotMatch(s.out, /kind: Kustomization/);
  assert.equal((await call('--to', 'helm', seed)).code, 2);
  assert.equal((await call('--to', 'kubernetes', '--publish', 'ClusterIP', seed)).code, 2);
  assert.equal((await call('--namespace', 'x', seed)).code, 2, '--namespace goes with --to kubernetes');
  assert.equal((await call('--to', 'kubernetes', '--namespace', 'Bad_NS', seed)).code, 2);
});

test('every compose service key has a Kubernetes fate (translated, or dropped with what to do instead)', async () => {
  const { KUBE_FATE } = await import('../../../../src/core/kubernetes/fate');
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'src/core/schema/compose-spec.schema.json'), 'utf8')) as {
    definitions: { service: { properties: Record<string, unknown> } };
  };
  assert.deepEqual(
    Object.keys(schema.definitions.service.properties).filter((k) => !(k in KUBE_FATE)),
    [],
  );
  for (const f of Object.values(KUBE_FATE)) assert.ok(f.fate === 'translated' ? f.to : f.why);
  const e = stackOf('services:\n  a:\n    image: x\n    pull_policy: always\n    pre_stop: [{command: [stop]}]\n');
  assert.equal(podOf(find(e, 'Deployment', 'a')).containers[0].imagePullPolicy, 'Always');
  assert.ok(e.issues.some((i) => i.code === 'k8s-untranslated' && /`pre_stop`/.test(i.message)));
});
