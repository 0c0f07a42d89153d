import assert from 'node:assert/strict';
import * as path from 'path';
import { test } from 'node:test';
import type { Diagnostic } from '../../../../src/core/diagnostic';
import { lintStack } from '../../../../src/core/lint';
import { overlayReader } from '../../../../src/core/manifest/files';
import { applyFix, codes, lintTexts, VDIR } from '../../catalog-helpers';
import { said } from '../../said';

const F = path.join(VDIR, 'docker-compose.yml');

/** A small current-era stack: every link resolves, keys are mounted, storage is MinIO with matching keys. */
function current(over: { deployments?: string; deviceauth?: string; worker?: string; minio?: string; mongoAliases?: string[] } = {}): string {
  const aliases = over.mongoAliases ?? ['mongo-deployments', 'mongo-device-auth', 'mongo-inventory', 'mongo-useradm'];
  return `services:
  mender-deployments:
    image: mendersoftware/deployments:mender-3.7.0
    environment:
${
  over.deployments ??
  `      DEPLOYMENTS_AWS_URI: http://minio:9000
      DEPLOYMENTS_AWS_AUTH_KEY: mender
      DEPLOYMENTS_AWS_AUTH_SECRET: secret123
`
}  mender-device-auth:
    image: mendersoftware/deviceauth:mender-3.7.0
${
  over.deviceauth ??
  `    volumes:
      - ./keys/deviceauth.pem:/etc/deviceauth/rsa/private.pem
`
}  mender-inventory:
    image: mendersoftware/inventory:mender-3.7.0
  mender-workflows-server:
    image: mendersoftware/workflows:mender-3.7.0
${over.worker ?? ''}  mender-nats:
    image: nats:2.10
  mender-mongo:
    image: mongo:8.0
    networks:
      default:
        aliases:
${aliases.map((a) => `          - ${a}\n`).join('')}  minio:
    image: minio/minio:latest
    environment:
${
  over.minio ??
  `      MINIO_ROOT_USER: mender
      MINIO_ROOT_PASSWORD: secret123
`
}`;
}

const only = (ds: Diagnostic[], code: string): Diagnostic[] => ds.filter((d) => d.code === code);

test('the small current stack is clean', () => {
  const { diagnostics } = lintTexts({ 'docker-compose.yml': current() });
  assert.deepEqual(
    diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.code}: ${d.message}`),
    [],
  );
});

test('mender-implicit-host: default host without provider, with alias and variable fixes that both clear it', () => {
  const text = current({ mongoAliases: ['mongo-deployments', 'mongo-device-auth', 'mongo-useradm'] });
  const { diagnostics } = lintTexts({ 'docker-compose.yml': text });
  const d = only(diagnostics, 'mender-implicit-host');
  assert.equal(d.length, 1);
  assert.equal(d[0].severity, 'error');
  assert.equal(d[0].range.start.line, 11, 'on the inventory service key');
  assert.match(said(d[0]), /"mongo-inventory:27017" by default \(INVENTORY_MONGO is not set/);
  assert.match(said(d[0]), /It could be "mender-mongo"/);
  const [alias, setVar] = d[0].fixes!;
  assert.match(alias.title, /Add network alias "mongo-inventory" to "mender-mongo"/);
  assert.match(setVar.title, /Set INVENTORY_MONGO=mender-mongo:27017 on "mender-inventory"/);
  for (const fix of [alias, setVar]) {
    const fixed = applyFix(text, F, fix);
    assert.deepEqual(codes(lintTexts({ 'docker-compose.yml': fixed }).diagnostics), [], fix.title);
  }
});

test('mender-implicit-host: a set overriding variable, an extra_hosts entry or an unreadable env_file change the verdict', () => {
  const noAlias = { mongoAliases: ['mongo-deployments', 'mongo-device-auth', 'mongo-useradm'] };
  const set = current(noAlias).replace(
    '    image: mendersoftware/inventory:mender-3.7.0\n',
    '    image: mendersoftware/inventory:mender-3.7.0\n    environment:\n      - INVENTORY_MONGO=mongodb://mender-mongo:27017\n',
  );
  assert.deepEqual(codes(lintTexts({ 'docker-compose.yml': set }).diagnostics), []);
  const envFile = current(noAlias).replace(
    '    image: mendersoftware/inventory:mender-3.7.0\n',
    '    image: mendersoftware/inventory:mender-3.7.0\n    env_file: missing-inventory.env\n',
  );
  const d = only(lintTexts({ 'docker-compose.yml': envFile }).diagnostics, 'mender-implicit-host');
  assert.equal(d[0].severity, 'warning', 'may be set in the env_file we could not read');
});

test('set-variable fix writes the list form in a list environment and creates environment: when absent', () => {
  const text = `services:
  mender-inventory:
    image: mendersoftware/inventory:mender-3.7.0
    environment:
      - TZ=UTC
  mender-mongo:
    image: mongo:8
  mender-workflows-server:
    image: mendersoftware/workflows:mender-3.7.0
  mender-nats:
    image: nats:2
  mender-useradm:
    image: mendersoftware/useradm:mender-3.7.0
    secrets: [key]
    environment: [USERADM_SERVER_PRIV_KEY_PATH=/run/secrets/key, USERADM_MONGO=mongodb://mender-mongo:27017]
secrets:
  key:
    file: ./k.pem
`;
  const d = only(lintTexts({ 'docker-compose.yml': text }).diagnostics, 'mender-implicit-host');
  const setVar = d[0].fixes!.find((f) => f.title.startsWith('Set'))!;
  const fixed = applyFix(text, F, setVar);
  assert.match(fixed, /      - TZ=UTC\n      - INVENTORY_MONGO=mender-mongo:27017\n/);
  const noEnv = text.replace('    environment:\n      - TZ=UTC\n', '');
  const d2 = only(lintTexts({ 'docker-compose.yml': noEnv }).diagnostics, 'mender-implicit-host');
  const fixed2 = applyFix(
    noEnv,
    F,
    d2[0].fixes!.find((f) => f.title.startsWith('Set'))!,
  );
  assert.match(fixed2, /    image: mendersoftware\/inventory:mender-3.7.0\n    environment:\n      INVENTORY_MONGO: mender-mongo:27017\n/);
  assert.deepEqual(codes(lintTexts({ 'docker-compose.yml': fixed2 }).diagnostics), []);
});

test('optional links (tenantadm, deviceconnect of the worker) are silent when the stack does not run them', () => {
  const worker = `  mender-workflows-worker:
    image: mendersoftware/workflows:mender-3.7.0
    command: [worker]
    environment:
      DEPLOYMENTS_ADDR: mender-deployments:8080
      DEVICEAUTH_ADDR: mender-device-auth:8080
      INVENTORY_ADDR: mender-inventory:8080
`;
  assert.deepEqual(codes(lintTexts({ 'docker-compose.yml': current({ worker }) }).diagnostics), []);
  const withConnect = current({ worker }) + '  deviceconnect:\n    image: mendersoftware/deviceconnect:mender-3.7.0\n';
  const d = only(lintTexts({ 'docker-compose.yml': withConnect }).diagnostics, 'mender-implicit-host');
  assert.equal(d.length, 1);
  assert.equal(d[0].severity, 'warning');
  assert.match(said(d[0]), /"mender-deviceconnect:8080" by default \(DEVICECONNECT_ADDR is not set/);
});

test('mender-unresolved-endpoint replaces the generic unresolved-host on a catalogued endpoint', () => {
  const text = current({
    deployments: '      DEPLOYMENTS_AWS_URI: http://s3-storage:9000\n      DEPLOYMENTS_AWS_AUTH_KEY: mender\n      DEPLOYMENTS_AWS_AUTH_SECRET: secret123\n',
  });
  const { diagnostics } = lintTexts({ 'docker-compose.yml': text });
  const d = only(diagnostics, 'mender-unresolved-endpoint');
  assert.equal(d.length, 1);
  assert.equal(d[0].range.start.line, 4);
  assert.equal(only(diagnostics, 'unresolved-host').length, 0, 'one cause, one diagnostic');
  const point = d[0].fixes!.find((f) => f.title.startsWith('Point'))!;
  assert.deepEqual(codes(lintTexts({ 'docker-compose.yml': applyFix(text, F, point) }).diagnostics), []);
  // Amazon S3 itself: public DNS, not ours to resolve.
  const s3 = current({ deployments: '      DEPLOYMENTS_AWS_URI: https://s3.eu-west-1.amazonaws.com\n' });
  assert.deepEqual(codes(lintTexts({ 'docker-compose.yml': s3 }).diagnostics), []);
});

test('mender-gateway-upstream: the 2016 gateway needs every backend to resolve', () => {
  const text = `version: '2'
services:
  mender-api-gateway:
    image: mendersoftware/api-gateway:latest
  mender-device-auth:
    image: mendersoftware/deviceauth:latest
  mender-deployments:
    image: mendersoftware/deployments:latest
    environment:
      AWS_URI: https://s3.amazonaws.com
  mender-inventory:
    image: mendersoftware/inventory:latest
  mender-useradm:
    image: mendersoftware/useradm:latest
  device-adm:
    image: mendersoftware/deviceadm:latest
  mender-gui:
    image: mendersoftware/gui:latest
  mongo:
    image: mongo:3.4
    networks:
      default:
        aliases: [mongo-device-auth, mongo-device-adm, mongo-inventory, mongo-useradm, mongo-deployments]
`;
  const { diagnostics } = lintTexts({ 'docker-compose.yml': text });
  const d = only(diagnostics, 'mender-gateway-upstream');
  assert.equal(d.length, 1);
  assert.equal(d[0].severity, 'error');
  assert.equal(d[0].range.start.line, 2);
  assert.match(said(d[0]), /routes to "mender-device-adm:8080".*upstream server not found/);
  // deviceauth's default DEVICEAUTH_DEVADM_ADDR names the same host: that is its own finding, on deviceauth.
  assert.equal(only(diagnostics, 'mender-implicit-host').length, 1);
  const fix = d[0].fixes![0];
  assert.match(fix.title, /Add network alias "mender-device-adm" to "device-adm"/);
  assert.deepEqual(codes(lintTexts({ 'docker-compose.yml': applyFix(text, F, fix) }).diagnostics), []);
});

test('mender-url-scheme and mender-url-port', () => {
  const worker = `  mender-workflows-worker:
    image: mendersoftware/workflows:mender-3.7.0
    command: [worker]
    environment:
      WORKFLOWS_NATS_URI: mongodb://mender-mongo:27017
      DEPLOYMENTS_ADDR: mender-deployments:8080
      DEVICEAUTH_ADDR: http://mender-device-auth:9090
      INVENTORY_ADDR: mender-inventory:8080
`;
  const { diagnostics } = lintTexts({ 'docker-compose.yml': current({ worker }) });
  const scheme = only(diagnostics, 'mender-url-scheme');
  assert.deepEqual(
    scheme.map((d) => [d.range.start.line, d.range.start.character, d.severity]),
    [
      [19, 26, 'error'],
      [21, 23, 'error'],
    ],
  );
  assert.match(said(scheme[0]), /WORKFLOWS_NATS_URI .* holds a mongodb:\/\/ URL; workflows expects nats:\/\//);
  const port = only(diagnostics, 'mender-url-port');
  assert.equal(port.length, 1);
  assert.match(said(port[0]), /reaches "mender-device-auth" .* on port 9090, but it listens on 8080/);
  // Right scheme, right port: nothing.
  const ok = worker.replace('mongodb://mender-mongo:27017', 'nats://mender-nats:4222').replace('http://mender-device-auth:9090', 'mender-device-auth:8080');
  assert.deepEqual(codes(lintTexts({ 'docker-compose.yml': current({ worker: ok }) }).diagnostics), []);
});

test('mender-unread-variable: misspellings warn with a rename fix; generic and unknown variables stay quiet', () => {
  const worker = `  mender-workflows-worker:
    image: mendersoftware/workflows:mender-3.7.0
    command: [worker]
    environment:
      WOKRFLOWS_MONGO_URL: mongodb://mender-mongo:27017
      DEPLOYMENTS_ADDR: mender-deployments:8080
      DEVICEAUTH_ADDR: mender-device-auth:8080
      INVENTORY_ADDR: mender-inventory:8080
      TZ: UTC
      HTTP_PROXY: http://proxy.example.com:3128
      WORKFLOWS_SOMETHING_NEW: "1"
`;
  const text = current({
    worker,
    deviceauth: '    environment:\n      DEVICEAUTH_SERVER_PRIV_KEY_PTH: /x.pem\n    volumes:\n      - ./k.pem:/etc/deviceauth/rsa/private.pem\n',
  });
  const { diagnostics } = lintTexts({ 'docker-compose.yml': text });
  const d = only(diagnostics, 'mender-unread-variable');
  assert.deepEqual(
    d.map((x) => said(x).match(/Did you mean (\S+)/)?.[1]),
    ['DEVICEAUTH_SERVER_PRIV_KEY_PATH', 'WORKFLOWS_MONGO_URL'],
  );
  assert.ok(d.every((x) => x.severity === 'warning'));
  let fixed = text;
  for (const x of [...d].reverse()) fixed = applyFix(fixed, F, x.fixes![0]);
  const after = lintTexts({ 'docker-compose.yml': fixed }).diagnostics;
  assert.equal(only(after, 'mender-unread-variable').length, 0);
});

test("mender-credentials: deployments keys differ from MinIO's; same variable on both sides is fine", () => {
  const text = current({ minio: '      MINIO_ROOT_USER: mender\n      MINIO_ROOT_PASSWORD: other-secret\n' });
  const d = only(lintTexts({ 'docker-compose.yml': text }).diagnostics, 'mender-credentials');
  assert.equal(d.length, 1);
  assert.equal(d[0].range.start.line, 6);
  assert.match(said(d[0]), /DEPLOYMENTS_AWS_AUTH_SECRET of "mender-deployments" .* differs from MINIO_ROOT_PASSWORD of "minio"/);
  assert.doesNotMatch(said(d[0]), /other-secret|secret123/, 'values are never echoed');
  assert.deepEqual(codes(lintTexts({ 'docker-compose.yml': applyFix(text, F, d[0].fixes![0]) }).diagnostics), []);
  const vars = current({
    deployments: '      DEPLOYMENTS_AWS_URI: http://minio:9000\n      DEPLOYMENTS_AWS_AUTH_KEY: ${S3_KEY}\n      DEPLOYMENTS_AWS_AUTH_SECRET: ${S3_SECRET}\n',
    minio: '      MINIO_ROOT_USER: ${S3_KEY}\n      MINIO_ROOT_PASSWORD: ${S3_SECRET}\n',
  });
  assert.deepEqual(codes(lintTexts({ 'docker-compose.yml': vars }, { S3_KEY: 'k', S3_SECRET: 's' }).diagnostics), []);
});

test("mender-missing-file: private key path not mounted; a secret at the path (or at the variable's path) is enough", () => {
  const text = current({ deviceauth: '' });
  const d = only(lintTexts({ 'docker-compose.yml': text }).diagnostics, 'mender-missing-file');
  assert.equal(d.length, 1);
  assert.equal(d[0].range.start.line, 7);
  assert.match(said(d[0]), /from \/etc\/deviceauth\/rsa\/private.pem \(the default of DEVICEAUTH_SERVER_PRIV_KEY_PATH/);
  const secret =
    current({ deviceauth: '    environment:\n      DEVICEAUTH_SERVER_PRIV_KEY_PATH: /run/secrets/devauth-key\n    secrets:\n      - devauth-key\n' }) +
    'secrets:\n  devauth-key:\n    external: true\n';
  assert.deepEqual(codes(lintTexts({ 'docker-compose.yml': secret }).diagnostics), []);
});

test('mender-missing-setting: deployments without a storage endpoint; an error when a MinIO is there, with a fix', () => {
  const text = current({ deployments: '      DEPLOYMENTS_AWS_AUTH_KEY: mender\n' });
  const d = only(lintTexts({ 'docker-compose.yml': text }).diagnostics, 'mender-missing-setting');
  assert.equal(d.length, 1);
  assert.equal(d[0].severity, 'error');
  const fixed = applyFix(text, F, d[0].fixes![0]);
  assert.match(fixed, /DEPLOYMENTS_AWS_URI: "http:\/\/minio:9000"|DEPLOYMENTS_AWS_URI: http:\/\/minio:9000/);
  assert.equal(only(lintTexts({ 'docker-compose.yml': fixed }).diagnostics, 'mender-missing-setting').length, 0);
  const noMinio = text.replace(/  minio:[\s\S]*$/, '');
  const w = only(lintTexts({ 'docker-compose.yml': noMinio }).diagnostics, 'mender-missing-setting');
  assert.equal(w[0].severity, 'warning', 'Amazon S3 itself is possible');
});

test('mender-missing-setting: a MinIO only a storage overlay brings leaves the endpoint to another file: a warning', () => {
  // As Mender's docker-compose.storage.minio.yml: MinIO and a depends_on, the endpoint set by the demo or production file.
  const base = current({ deployments: '      DEPLOYMENTS_AWS_AUTH_KEY: mender\n' }).replace(/  minio:[\s\S]*$/, '');
  const storage = 'services:\n  minio:\n    image: minio/minio:RELEASE.2019-04-23T23-50-36Z\n  mender-deployments:\n    depends_on: [minio]\n';
  const d = only(lintTexts({ 'docker-compose.yml': base, 'docker-compose.storage.minio.yml': storage }).diagnostics, 'mender-missing-setting');
  assert.deepEqual(
    d.map((x) => x.severity),
    ['warning'],
  );
  assert.match(said(d[0]), /docker-compose\.storage\.minio\.yml, an overlay that leaves the endpoint to another file/);
  // A MinIO the file includes itself is meant to be used: still an error.
  const including = `include:\n  - storage.yml\n${base}`;
  const storageOnly = 'services:\n  minio:\n    image: minio/minio:RELEASE.2019-04-23T23-50-36Z\n';
  const texts = new Map([
    [F, including],
    [path.join(VDIR, 'storage.yml'), storageOnly],
  ]);
  const e = only(lintStack({ files: [F], reader: overlayReader(texts), envFile: false, stackName: 'mender' }).diagnostics, 'mender-missing-setting');
  assert.deepEqual(
    e.map((x) => x.severity),
    ['error'],
  );
});

test('an explicit endpoint to a component the stack does not run is a warning, not an error (enterprise addresses in OSS stacks)', () => {
  const text = current().replace(
    '    image: mendersoftware/inventory:mender-3.7.0\n',
    '    image: mendersoftware/inventory:mender-3.7.0\n    environment:\n      INVENTORY_DEVICEMONITOR_ADDR: http://devicemonitor:8080\n',
  );
  const d = only(lintTexts({ 'docker-compose.yml': text }).diagnostics, 'mender-unresolved-endpoint');
  // Enterprise-only, but set: a host nothing answers is at least a warning.
  assert.deepEqual(
    d.map((x) => x.severity),
    ['warning'],
  );
});
