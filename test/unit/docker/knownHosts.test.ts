// ssh:// engines: host keys checked against known_hosts (issue #9, part 6). A real OpenSSH server on loopback
// (Debian's openssh-server; its own port and a throwaway host key) and known_hosts files written by the real
// `ssh-keyscan`; ssh2 connects through the real client. Skips when sshd is not installed, except under CI.
import { after, before, describe, it, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildProblemRows } from '../../../src/core/explorer';
import { EngineError, fingerprint, hostFieldMatches, knownHostsName, SwarmClient, verifyHostKey, type ConnectionEnvironment } from '../../../src/docker/index';

const SSHD = '/usr/sbin/sshd';
const HAVE = fs.existsSync(SSHD) && fs.existsSync('/usr/bin/ssh-keyscan');
const SKIP = HAVE ? false : process.env.CI ? false : 'openssh-server is not installed (apt-get install -y openssh-server)';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-ssh-'));
const keygen = (name: string): { pub: string; blob: Buffer; fp: string } => {
  const file = path.join(tmp, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', '', '-f', file]);
  const pub = fs.readFileSync(`${file}.pub`, 'utf8').trim();
  const fp = execFileSync('ssh-keygen', ['-l', '-f', `${file}.pub`], { encoding: 'utf8' }).split(/\s+/)[1];
  return { pub, blob: Buffer.from(pub.split(/\s+/)[1], 'base64'), fp };
};

test(
  'verifyHostKey with real keys: plain, hashed, [host]:port, wildcards, changed, revoked, unknown',
  { skip: fs.existsSync('/usr/bin/ssh-keygen') ? false : 'no ssh-keygen' },
  () => {
    const a = keygen('ka');
    const b = keygen('kb');
    assert.equal(fingerprint(a.blob), a.fp, 'the fingerprint ssh-keygen -l prints');
    const [type, b64] = a.pub.split(/\s+/);
    const plain = `[db.example]:2222 ${type} ${b64}\n`;
    const files = (text: string) => [{ file: '/home/u/.ssh/known_hosts', text }];
    assert.deepEqual(verifyHostKey({ host: 'db.example', port: 2222, files: files(plain) }, a.blob), { ok: true, file: '/home/u/.ssh/known_hosts', line: 1 });
    // Port 22 is written without brackets; a bracketed entry does not answer another port.
    assert.equal(verifyHostKey({ host: 'db.example', port: 22, files: files(plain) }, a.blob).ok, false);
    // Hashed entries, as `ssh-keygen -H` writes them.
    const kh = path.join(tmp, 'kh-hash');
    fs.writeFileSync(kh, plain);
    execFileSync('ssh-keygen', ['-q', '-H', '-f', kh]);
    const hashed = fs.readFileSync(kh, 'utf8');
    assert.match(hashed, /^\|1\|/);
    assert.ok(hostFieldMatches(hashed.split(' ')[0], 'db.example', 2222));
    assert.equal(verifyHostKey({ host: 'db.example', port: 2222, files: files(hashed) }, a.blob).ok, true);
    assert.equal(verifyHostKey({ host: 'other.example', port: 2222, files: files(hashed) }, a.blob).ok, false);
    // Wildcards and negation.
    assert.equal(verifyHostKey({ host: 'n1.swarm.lan', port: 22, files: files(`*.swarm.lan,!bad.swarm.lan ${type} ${b64}\n`) }, a.blob).ok, true);
    assert.equal(verifyHostKey({ host: 'bad.swarm.lan', port: 22, files: files(`*.swarm.lan,!bad.swarm.lan ${type} ${b64}\n`) }, a.blob).ok, false);
    // A changed key: the host is known with another key of the same type.
    const changed = verifyHostKey({ host: 'db.example', port: 2222, username: 'ops', files: files(plain) }, b.blob);
    assert.equal(changed.ok, false);
    assert.ok(!changed.ok && changed.reason === 'changed');
    assert.ok(
      !changed.ok &&
        changed.message.includes(b.fp) &&
        changed.message.includes('ssh-keygen -R "[db.example]:2222"') &&
        changed.message.includes('ssh -p 2222 ops@db.example'),
    );
    // Revoked wins over a matching entry.
    const revoked = verifyHostKey({ host: 'db.example', port: 2222, files: files(`${plain}@revoked * ${type} ${b64}\n`) }, a.blob);
    assert.ok(!revoked.ok && revoked.reason === 'revoked');
    // Unknown: fingerprint and how to accept it.
    const unknown = verifyHostKey({ host: 'db.example', port: 2222, files: [] }, a.blob);
    assert.ok(
      !unknown.ok &&
        unknown.reason === 'unknown' &&
        unknown.message.includes(a.fp) &&
        unknown.message.includes('ssh-keyscan -p 2222 -t ed25519 db.example >> ~/.ssh/known_hosts'),
    );
    assert.equal(knownHostsName('h', 22), 'h');
  },
);

describe('ssh:// engine against a real sshd on loopback', { skip: SKIP }, () => {
  let sshd: ChildProcess | undefined;
  let port = 0;
  let hostKey: { pub: string; blob: Buffer; fp: string };
  const home = path.join(tmp, 'home');

  before(async () => {
    hostKey = keygen('host');
    port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const cfg = path.join(tmp, 'sshd_config');
    fs.writeFileSync(
      cfg,
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${path.join(tmp, 'host')}`,
        'UsePAM no',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        `PidFile ${path.join(tmp, 'sshd.pid')}`,
        'StrictModes no',
        '',
      ].join('\n'),
    );
    fs.mkdirSync('/run/sshd', { recursive: true }); // sshd's privilege separation directory
    sshd = spawn(SSHD, ['-D', '-e', '-f', cfg], { stdio: ['ignore', 'ignore', 'pipe'] });
    for (let i = 0; i < 50; i++) {
      const up = await new Promise<boolean>((resolve) => {
        const c = net
          .connect(port, '127.0.0.1', () => {
            c.destroy();
            resolve(true);
          })
          .on('error', () => resolve(false));
      });
      if (up) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    fs.mkdirSync(path.join(home, '.ssh'), { recursive: true });
  });
  after(() => {
    if (sshd?.pid) process.kill(sshd.pid);
  });

  const envr = (): ConnectionEnvironment => ({
    env: {},
    homeDir: home,
    readFile: (f) => {
      try {
        return fs.readFileSync(f, 'utf8');
      } catch {
        return undefined;
      }
    },
    platform: 'linux',
  });
  const knownHosts = (text: string) => fs.writeFileSync(path.join(home, '.ssh', 'known_hosts'), text);
  const ping = async () => {
    const client = SwarmClient.fromEnvironment({ host: `ssh://docker@127.0.0.1:${port}` }, { timeoutMs: 8000 }, envr());
    try {
      await client.ping();
      return { client, err: undefined as unknown };
    } catch (err) {
      return { client, err };
    } finally {
      client.dispose();
    }
  };

  it('refuses an unknown host key with its fingerprint and how to accept it', async () => {
    knownHosts('');
    const { err } = await ping();
    assert.ok(err instanceof EngineError, String(err));
    assert.equal(err.kind, 'host-key');
    assert.match(err.message, /is not a known host/);
    // The explorer's row says what it is and offers retry / configure / switch.
    const rows = buildProblemRows({ kind: 'host-key', message: err.message }, 'ssh://docker@127.0.0.1');
    assert.equal(rows[0].label, "The engine's ssh host key is not trusted");
    assert.ok(rows.some((r) => r.action === 'retry'));
    assert.ok(err.message.includes(hostKey.fp), err.message);
    assert.ok(err.message.includes(`ssh-keyscan -p ${port} -t ed25519 127.0.0.1 >> ~/.ssh/known_hosts`), err.message);
  });

  it('refuses a changed host key', async () => {
    const other = keygen('other');
    knownHosts(`[127.0.0.1]:${port} ${other.pub}\n`);
    const { err } = await ping();
    assert.ok(err instanceof EngineError);
    assert.match(err.message, /has CHANGED/);
    assert.ok(err.message.includes(hostKey.fp));
    assert.ok(err.message.includes(`ssh-keygen -R "[127.0.0.1]:${port}"`));
  });

  for (const hashed of [false, true]) {
    it(`accepts the key ssh-keyscan${hashed ? ' -H' : ''} recorded (then fails only at authentication: no key, no agent)`, async () => {
      knownHosts(
        execFileSync('ssh-keyscan', [...(hashed ? ['-H'] : []), '-p', String(port), '-t', 'ed25519', '127.0.0.1'], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        }),
      );
      const { client, err } = await ping();
      assert.equal(client.connection.hostKey?.problem, undefined, 'the host key was accepted');
      assert.ok(err, 'no credentials: authentication fails');
      assert.doesNotMatch(String((err as Error).message), /known host|CHANGED/);
    });
  }
});
