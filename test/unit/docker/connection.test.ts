import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as https from 'node:https';
import { ConnectionConfigError, contextDigest, parseDockerHost, resolveConnection, type ConnectionEnvironment } from '../../../src/docker/index';

const HOME = '/home/u';

function envr(env: Record<string, string>, files: Record<string, string> = {}): ConnectionEnvironment {
  return { env, homeDir: HOME, readFile: (f) => files[f], platform: 'linux' };
}

function contextFiles(name: string, host: string, opts: { configDir?: string; tls?: boolean; skipVerify?: boolean } = {}) {
  const dir = opts.configDir ?? `${HOME}/.docker`;
  const d = contextDigest(name);
  const files: Record<string, string> = {
    [`${dir}/contexts/meta/${d}/meta.json`]: JSON.stringify({
      Name: name,
      Metadata: {},
      Endpoints: { docker: { Host: host, SkipTLSVerify: opts.skipVerify ?? false } },
    }),
  };
  if (opts.tls) {
    files[`${dir}/contexts/tls/${d}/docker/ca.pem`] = 'CA';
    files[`${dir}/contexts/tls/${d}/docker/cert.pem`] = 'CERT';
    files[`${dir}/contexts/tls/${d}/docker/key.pem`] = 'KEY';
  }
  return files;
}

test('context directories are the sha256 of the name, like docker/cli', () => {
  assert.equal(contextDigest('prod'), '6754af9632a2745e85c293e5aac0863370d9bd3330b9938c00cadfd215227d77');
});

test('nothing configured: default unix socket', () => {
  const c = resolveConnection({}, envr({}));
  assert.equal(c.description.kind, 'unix');
  assert.equal(c.description.host, 'unix:///var/run/docker.sock');
  assert.equal(c.description.source, 'default');
  assert.equal(c.options.socketPath, '/var/run/docker.sock');
});

test('explicit setting wins over DOCKER_HOST, and env-derived keys are explicitly unset', () => {
  const c = resolveConnection({ host: 'unix:///tmp/x.sock' }, envr({ DOCKER_HOST: 'tcp://far:2375' }));
  assert.equal(c.description.source, 'setting');
  assert.equal(c.description.kind, 'unix');
  assert.equal(c.options.socketPath, '/tmp/x.sock');
  // docker-modem would otherwise merge its process.env defaults (host, port...) underneath.
  assert.ok('host' in c.options && c.options.host === undefined);
  assert.ok('timeout' in c.options && c.options.timeout === undefined);
});

test('a bare path and a bare host:port are accepted', () => {
  assert.equal(resolveConnection({ host: '/run/d.sock' }, envr({})).options.socketPath, '/run/d.sock');
  const t = resolveConnection({ host: 'example.com:2375' }, envr({}));
  assert.equal(t.description.kind, 'tcp');
  assert.equal(t.options.host, 'example.com');
  assert.equal(t.options.port, 2375);
  assert.equal(t.options.protocol, 'http');
});

test('tcp without port defaults to 2375; IPv6 brackets are stripped for the socket', () => {
  assert.equal(parseDockerHost('tcp://h').port, 2375);
  const v6 = parseDockerHost('tcp://[::1]:2376');
  assert.equal(v6.hostname, '::1');
  assert.equal(v6.host, 'tcp://[::1]:2376');
});

test('DOCKER_HOST unix socket', () => {
  const c = resolveConnection({}, envr({ DOCKER_HOST: 'unix:///tmp/msw/m/docker.sock' }));
  assert.equal(c.description.source, 'DOCKER_HOST');
  assert.equal(c.options.socketPath, '/tmp/msw/m/docker.sock');
  assert.equal(c.description.tls, false);
});

test('DOCKER_HOST tcp with DOCKER_TLS_VERIFY reads ca/cert/key from DOCKER_CERT_PATH', () => {
  const c = resolveConnection(
    {},
    envr(
      { DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' },
      { '/certs/ca.pem': 'CA', '/certs/cert.pem': 'CERT', '/certs/key.pem': 'KEY' },
    ),
  );
  assert.equal(c.description.kind, 'tcp');
  assert.equal(c.description.tls, true);
  assert.equal(c.description.tlsVerify, true);
  assert.equal(c.options.protocol, 'https');
  assert.equal(c.options.host, '10.0.0.5');
  assert.equal(c.options.port, 2376);
  assert.deepEqual([c.options.ca, c.options.cert, c.options.key], ['CA', 'CERT', 'KEY']);
  assert.equal(c.options.agent, undefined);
});

test('DOCKER_TLS_VERIFY defaults the cert path to ~/.docker and needs ca.pem', () => {
  const ok = resolveConnection({}, envr({ DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1' }, { [`${HOME}/.docker/ca.pem`]: 'CA' }));
  assert.equal(ok.options.ca, 'CA');
  assert.throws(
    () => resolveConnection({}, envr({ DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/none' })),
    (e: unknown) => e instanceof ConnectionConfigError && /\/none\/ca\.pem/.test(e.message),
  );
});

test('DOCKER_TLS without verify: TLS through an agent that does not check the server', () => {
  const c = resolveConnection({}, envr({ DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS: '1' }));
  assert.equal(c.description.tls, true);
  assert.equal(c.description.tlsVerify, false);
  assert.ok(c.options.agent instanceof https.Agent);
  assert.equal(c.options.agent.options.rejectUnauthorized, false);
});

test('ssh:// uses the ssh agent and the user from the URL', () => {
  const c = resolveConnection({ host: 'ssh://deploy@manager.example:2222' }, envr({ SSH_AUTH_SOCK: '/tmp/agent' }));
  assert.equal(c.description.kind, 'ssh');
  assert.equal(c.description.host, 'ssh://deploy@manager.example:2222');
  assert.equal(c.options.protocol, 'ssh');
  assert.equal(c.options.username, 'deploy');
  assert.equal(c.options.host, 'manager.example');
  assert.equal(c.options.port, 2222);
  const { hostVerifier, ...rest } = c.options.sshOptions as Record<string, unknown>;
  assert.deepEqual(rest, { agent: '/tmp/agent', agentForward: false });
  assert.equal(typeof hostVerifier, 'function', 'host keys are checked against known_hosts');
  assert.equal(hostVerifier, c.hostKey?.verify);
});

test('ssh:// without an agent falls back to a default private key', () => {
  const c = resolveConnection({ host: 'ssh://m' }, envr({}, { [`${HOME}/.ssh/id_rsa`]: 'PRIVATE' }));
  assert.equal(c.options.port, 22);
  const { hostVerifier, ...rest } = c.options.sshOptions as Record<string, unknown>;
  assert.deepEqual(rest, { privateKey: 'PRIVATE', agentForward: false });
  assert.equal(typeof hostVerifier, 'function');
});

test('DOCKER_CONTEXT loads the context meta and TLS material', () => {
  const c = resolveConnection({}, envr({ DOCKER_CONTEXT: 'prod' }, contextFiles('prod', 'tcp://prod.example:2376', { tls: true })));
  assert.equal(c.description.source, 'DOCKER_CONTEXT');
  assert.equal(c.description.context, 'prod');
  assert.equal(c.description.label, 'prod');
  assert.equal(c.description.host, 'tcp://prod.example:2376');
  assert.equal(c.description.tlsVerify, true);
  assert.equal(c.options.protocol, 'https');
  assert.deepEqual([c.options.ca, c.options.cert, c.options.key], ['CA', 'CERT', 'KEY']);
});

test('context with SkipTLSVerify', () => {
  const c = resolveConnection({ context: 'lab' }, envr({}, contextFiles('lab', 'tcp://lab:2376', { tls: true, skipVerify: true })));
  assert.equal(c.description.source, 'setting');
  assert.equal(c.description.tlsVerify, false);
  assert.ok(c.options.agent instanceof https.Agent);
});

test('DOCKER_HOST beats DOCKER_CONTEXT (docker CLI precedence)', () => {
  const c = resolveConnection({}, envr({ DOCKER_HOST: 'unix:///a.sock', DOCKER_CONTEXT: 'prod' }, contextFiles('prod', 'ssh://x')));
  assert.equal(c.description.source, 'DOCKER_HOST');
});

test('currentContext from config.json, honouring DOCKER_CONFIG', () => {
  const files = {
    '/cfg/config.json': JSON.stringify({ auths: {}, currentContext: 'remote' }),
    ...contextFiles('remote', 'ssh://ops@remote', { configDir: '/cfg' }),
  };
  const c = resolveConnection({}, envr({ DOCKER_CONFIG: '/cfg', SSH_AUTH_SOCK: '/s' }, files));
  assert.equal(c.description.source, 'config-context');
  assert.match(c.description.sourceDetail, /\/cfg\/config\.json/);
  assert.equal(c.description.kind, 'ssh');
  assert.equal(c.options.username, 'ops');
});

test('the "default" context means the default socket; a broken config.json is ignored', () => {
  const d = resolveConnection({}, envr({ DOCKER_CONTEXT: 'default' }));
  assert.equal(d.options.socketPath, '/var/run/docker.sock');
  assert.equal(d.description.context, 'default');
  const broken = resolveConnection({}, envr({}, { [`${HOME}/.docker/config.json`]: '{not json' }));
  assert.equal(broken.description.source, 'default');
});

test('unknown context, bad scheme and empty host are configuration errors', () => {
  assert.throws(() => resolveConnection({}, envr({ DOCKER_CONTEXT: 'nope' })), ConnectionConfigError);
  assert.throws(() => resolveConnection({ host: 'http://x:1' }, envr({})), /unsupported Docker host scheme/);
  assert.throws(() => parseDockerHost('   '), ConnectionConfigError);
});

test('npipe on Windows by default', () => {
  const c = resolveConnection({}, { env: {}, homeDir: 'C:\\Users\\u', readFile: () => undefined, platform: 'win32' });
  assert.equal(c.description.kind, 'npipe');
  assert.equal(c.options.socketPath, '//./pipe/docker_engine');
});
