// At scale, on the real two-node swarm: (1) waits survive a slow engine — a loopback HTTP proxy in front of the
// real engine's unix socket holds some list calls past the client's request timeout, and the wait still
// converges, saying "the engine is slow to answer"; (2) a stack on an overlay network too small for its tasks:
// the linter warns before the deploy, and after it the doctor names the address exhaustion, the network, its
// size and the fix. Stack and service names start with `scl`; everything is removed afterwards.
//   eval "$(node --import tsx test/harness/swarm-cli.ts up --multi)"; node --import tsx --test test/docker/scale.test.ts
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { run as deployCmd } from '../../src/cli/commands/deploy';
import { run as doctorCmd } from '../../src/cli/commands/doctor';
import { run as lintCmd } from '../../src/cli/commands/lint';
import { LABEL_NAMESPACE } from '../../src/core/deploy/engine';
import { waitForConvergence, type DeployEvent } from '../../src/docker/deploy';
import { doctorReport } from '../../src/docker/doctor';
import { SLOW_ENGINE } from '../../src/docker/patience';
import { removeStack, StackClient } from '../../src/docker/stacks';
import { BASE_IMAGE } from '../harness/swarm';
import { testSwarm, cliRunner } from '../harness/testSwarm';

const { host: HOST, skip: SKIP } = testSwarm();
const ID = process.pid % 100000;

/**
 * A real HTTP server on 127.0.0.1 that forwards every request to the engine's unix socket, holding the ones
 * `hold` picks for `holdMs` first (long enough for the client's request timeout to fire).
 */
async function slowProxy(
  socketPath: string,
  holdMs: number,
  hold: (method: string, url: string) => boolean,
): Promise<{ host: string; held: string[]; close: () => Promise<void> }> {
  const held: string[] = [];
  const server = http.createServer((req, res) => {
    const forward = (): void => {
      if (res.destroyed || req.socket.destroyed) return; // the client gave up on this one
      const up = http.request({ socketPath, method: req.method, path: req.url, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.on('error', () => res.destroy());
      req.pipe(up);
    };
    if (hold(req.method ?? 'GET', req.url ?? '')) {
      held.push(`${req.method} ${req.url}`);
      setTimeout(forward, holdMs);
    } else forward();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    host: `tcp://127.0.0.1:${port}`,
    held,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const socketOf = (host: string): string => host.replace(/^unix:\/\//, '');
const ENV = { ...process.env, DOCKER_HOST: HOST ?? '' };
const cli = cliRunner(ENV);

describe(
  'waits on a slow engine (a real proxy in front of the real engine)',
  { skip: SKIP || (!HOST?.startsWith('unix://') && 'the harness engine is not on a unix socket') },
  () => {
    const direct = HOST ? StackClient.fromEnvironment({ host: HOST }, { timeoutMs: 20_000 }) : undefined;
    const created: string[] = [];
    after(async () => {
      for (const id of created) await direct!.removeService(id).catch(() => undefined);
      direct?.dispose();
    });

    it('convergence asks again, with backoff, when list calls time out, and converges', { timeout: 120_000 }, async () => {
      const name = `scl${ID}-slow`;
      const { ID: id } = await direct!.createService({
        Name: name,
        Labels: { [LABEL_NAMESPACE]: `scl${ID}s` },
        TaskTemplate: { ContainerSpec: { Image: BASE_IMAGE, Command: ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1; done'], StopGracePeriod: 1e9 } },
        Mode: { Replicated: { Replicas: 2 } },
      });
      created.push(id);
      // The first three GET /services of the wait are answered after 1.5 s; the client gives up after 0.6 s.
      let services = 0;
      const proxy = await slowProxy(socketOf(HOST!), 1500, (m, url) => m === 'GET' && /\/services\?/.test(url) && ++services <= 3);
      const slow = StackClient.fromEnvironment({ host: proxy.host }, { timeoutMs: 600 });
      const events: DeployEvent[] = [];
      try {
        const r = await waitForConvergence(slow, [{ name, fullName: name, id }], { timeoutMs: 60_000, settleMs: 2000, progress: (e) => events.push(e) });
        assert.equal(r.converged, true, JSON.stringify(r.services));
        assert.equal(proxy.held.length, 3, 'the proxy held three list calls past the client timeout');
        const notes = events.map((e) => e.message);
        assert.ok(
          notes.some((m) => m.startsWith(`${SLOW_ENGINE} (no answer from tcp://127.0.0.1:`) && /within 0.6 s \(GET \/services\)/.test(m)),
          notes.join('\n'),
        );
        assert.ok(
          notes.some((m) => /answered again after 3 slow requests/.test(m)),
          notes.join('\n'),
        );
        assert.equal(notes.filter((m) => m.startsWith(SLOW_ENGINE)).length, 1, 'one notice per slow spell, not one per retry');
      } finally {
        slow.dispose();
        await proxy.close();
      }
    });

    it('a wait whose deadline passes while the engine still does not answer reports that, not a crash', { timeout: 60_000 }, async () => {
      const [svc] = await direct!.listServices({ filters: { name: [`scl${ID}-slow`] } });
      const proxy = await slowProxy(socketOf(HOST!), 1500, (m, url) => m === 'GET' && /\/services\?/.test(url));
      const slow = StackClient.fromEnvironment({ host: proxy.host }, { timeoutMs: 600 });
      try {
        const r = await waitForConvergence(slow, [{ name: 'slow', fullName: svc.Spec!.Name!, id: svc.ID }], { timeoutMs: 3000, settleMs: 1000 });
        assert.equal(r.converged, false);
        assert.equal(r.services[0].state, 'timeout');
        assert.match(
          r.services[0].error ?? '',
          new RegExp(`^${SLOW_ENGINE}: no answer .* within 0.6 s \\(GET /services\\); tried \\d+ times over \\d+ s until the command's deadline$`),
        );
      } finally {
        slow.dispose();
        await proxy.close();
      }
    });

    it('the doctor asks again too', { timeout: 60_000 }, async () => {
      let n = 0;
      const proxy = await slowProxy(socketOf(HOST!), 1500, (m, url) => m === 'GET' && /\/tasks\?/.test(url) && ++n <= 2);
      const slow = StackClient.fromEnvironment({ host: proxy.host }, { timeoutMs: 600 });
      const notes: string[] = [];
      try {
        const r = await doctorReport(slow, `scl${ID}s`, { onSlow: (m) => notes.push(m) });
        assert.equal(r.healthy, true, r.markdown);
        assert.match(r.markdown, new RegExp(`scl${ID}-slow 2/2`));
        assert.match(notes[0] ?? '', new RegExp(`^${SLOW_ENGINE} `));
      } finally {
        slow.dispose();
        await proxy.close();
      }
    });
  },
);

describe('a stack on an overlay network too small for its tasks', { skip: SKIP }, () => {
  const stack = `scl${ID}`;
  const client = HOST ? StackClient.fromEnvironment({ host: HOST }, { timeoutMs: 20_000 }) : undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-scale-'));
  const file = path.join(dir, 'docker-compose.yml');
  // A /29 has 8 addresses, 5 usable; 6 dnsrr tasks on two nodes need 6 + 2 load-balancer addresses.
  const subnet = `10.250.${ID % 250}.0/29`;
  fs.writeFileSync(
    file,
    [
      'services:',
      '  web:',
      `    image: ${BASE_IMAGE}`,
      '    command: ["sh", "-c", "trap \'exit 0\' TERM; while :; do sleep 1; done"]',
      '    deploy:',
      '      replicas: 6',
      '      endpoint_mode: dnsrr',
      '    networks: [small]',
      'networks:',
      '  small:',
      '    driver: overlay',
      '    ipam:',
      '      config:',
      `        - subnet: ${subnet}`,
      '',
    ].join('\n'),
  );
  after(async () => {
    if (client) {
      await removeStack(client, stack).catch(() => undefined);
      client.dispose();
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lint warns before the deploy; the deploy does not converge; doctor names the exhausted network, its size and the fix', { timeout: 240_000 }, async () => {
    const lint = await cli(lintCmd, ['--stack', stack, '--verbose', file]);
    assert.equal(lint.code, 0, 'a warning, not an error');
    assert.match(lint.out, /docker-compose.yml:14:19 warning Network "small" has 5 usable addresses; its services need about 9\. network-addresses$/m);
    // --verbose: the detail below it names the swarm network and its subnet.
    assert.match(lint.out, new RegExp(`^ {4}.*${stack}_small.*${subnet.replace(/\./g, '\\.')}`, 'm'));

    const deploy = await cli(deployCmd, ['--stack', stack, '--yes', '--timeout', '150', file]);
    assert.match(deploy.err, /warning Network "small" .* \[network-addresses\]/, 'the warning is shown before the deploy');
    assert.equal(deploy.code, 1, deploy.out + deploy.err);
    assert.match(deploy.out, new RegExp(`${stack}_web: failed .*ip addresses may be exhausted`));

    const doctor = await cli(doctorCmd, ['--stack', stack]);
    assert.equal(doctor.code, 1, doctor.out + doctor.err);
    assert.match(
      doctor.out,
      new RegExp(
        `\\*\\*IP addresses exhausted\\*\\* on network \`${stack}_small\` \\(${subnet.replace(/\./g, '\\.')}: 5 usable addresses; its 1 service needs about 8: 6 tasks, 0 virtual IPs, 2 load-balancer addresses`,
      ),
    );
    assert.match(
      doctor.out,
      /Fix: a larger subnet in the network's `ipam: config: - subnet:` \(a \/28 leaves room for rolling updates\), or fewer replicas; then remove the stack and deploy it again/,
    );
  });
});
