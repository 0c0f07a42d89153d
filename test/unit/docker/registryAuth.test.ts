import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadRegistryAuth, registryOf } from '../../../src/docker/registryAuth';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-dockercfg-'));
const b64 = (s: string) => Buffer.from(s).toString('base64');

test('the registry of an image reference, as the daemon reads it', () => {
  assert.equal(registryOf('mongo:8.0'), 'docker.io');
  assert.equal(registryOf('mendersoftware/deployments:latest'), 'docker.io');
  assert.equal(registryOf('registry.mender.io/mendersoftware/deviceauth-enterprise:4.0'), 'registry.mender.io');
  assert.equal(registryOf('localhost:5000/app'), 'localhost:5000');
});

test('credentials come from the Docker config like --with-registry-auth sends them', () => {
  fs.writeFileSync(
    path.join(dir, 'config.json'),
    JSON.stringify({
      auths: {
        'https://index.docker.io/v1/': { auth: b64('hubuser:hub:pass') },
        'registry.mender.io': { auth: b64('ent:secret') },
        'tok.example': { identitytoken: 'abc' },
      },
    }),
  );
  const env = { DOCKER_CONFIG: dir };
  assert.deepEqual(loadRegistryAuth('mendersoftware/deployments:latest', env), {
    username: 'hubuser',
    password: 'hub:pass',
    serveraddress: 'https://index.docker.io/v1/',
  });
  assert.deepEqual(loadRegistryAuth('registry.mender.io/mendersoftware/tenantadm:4.0', env), {
    username: 'ent',
    password: 'secret',
    serveraddress: 'registry.mender.io',
  });
  assert.deepEqual(loadRegistryAuth('tok.example/x', env), { serveraddress: 'tok.example', identitytoken: 'abc' });
  assert.equal(loadRegistryAuth('other.example/x', env), undefined);
  assert.equal(loadRegistryAuth('x', { DOCKER_CONFIG: path.join(dir, 'missing') }), undefined, 'no config: no auth, no error');
});

test('a credential helper named by credHelpers answers on the helper protocol', () => {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-credbin-'));
  // docker-credential-<name> get: the server on stdin, {Username, Secret} on stdout
  fs.writeFileSync(
    path.join(bin, 'docker-credential-msw'),
    '#!/bin/sh\nread server\necho "{\\"Username\\":\\"helped\\",\\"Secret\\":\\"s3cr3t-$server\\"}"\n',
    { mode: 0o755 },
  );
  const cfgDir = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-dockercfg-'));
  fs.writeFileSync(path.join(cfgDir, 'config.json'), JSON.stringify({ credHelpers: { 'registry.mender.io': 'msw' } }));
  const oldPath = process.env.PATH;
  process.env.PATH = `${bin}:${oldPath}`;
  try {
    assert.deepEqual(loadRegistryAuth('registry.mender.io/x:1', { DOCKER_CONFIG: cfgDir }), {
      username: 'helped',
      password: 's3cr3t-registry.mender.io',
      serveraddress: 'registry.mender.io',
    });
  } finally {
    process.env.PATH = oldPath;
  }
});
