// Deploy benchmark (`npm run bench -- --only deploy`): seconds from start to converged for the seed's 15-service
// stack, ours (`mender-swarm deploy`, the production CLI bundle, waiting on all services at once) vs
// `docker stack deploy --detach=false` with our exported v3 file (which waits for one service after another),
// on the same harness swarm, each from an empty stack. Images: every image mapped to a local stand-in, as the
// Docker tests do (no registry on the harness swarm).
// Swarm: MENDER_SWARM_TEST_DOCKER_HOST (+ _WORKER_) if set, else the harness swarm, started for the benchmark
// (two nodes) and stopped afterwards when it was not already running. BENCH_DEPLOY_RUNS=N repeats each side.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run as exportCmd } from '../src/cli/commands/export';
import { LABEL_NAMESPACE } from '../src/core/deploy/engine';
import { removeStack, StackClient } from '../src/docker/stacks';
import { startSwarm, type SwarmHandle } from '../test/harness/swarm';
import { makeStandin, STANDIN } from '../test/harness/testSwarm';
import { median } from './timing';

const ROOT = path.resolve(__dirname, '..');
const SEED = path.join(ROOT, 'test/fixtures/seed-2016/docker-compose.yml');
const MAP = `*=${STANDIN}`;
const TARGET = 0.25;

export interface DeployBench {
  rows: [string, string, string, string][];
}

/** Run a process to its end; seconds from spawn to exit. Fails with its output when it exits non-zero. */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    p.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const timer = setTimeout(() => {
      p.kill('SIGTERM');
    }, timeoutMs);
    p.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    p.on('close', (code, sig) => {
      clearTimeout(timer);
      const s = (performance.now() - t0) / 1000;
      if (code === 0) resolve(s);
      else
        reject(
          new Error(
            `${path.basename(cmd)} ${args.join(' ')} ${sig ? `killed (${sig}) after ${(timeoutMs / 1000).toFixed(0)} s` : `exited ${code}`}:\n${out.split('\n').slice(-40).join('\n')}`,
          ),
        );
    });
  });
}

export async function benchDeploy(): Promise<DeployBench> {
  let started: SwarmHandle | undefined;
  let host = process.env.MENDER_SWARM_TEST_DOCKER_HOST;
  let worker = process.env.MENDER_SWARM_TEST_WORKER_DOCKER_HOST;
  if (!host) {
    const h = await startSwarm({ multi: true, log: (m) => process.stderr.write(`[swarm-harness] ${m}\n`) });
    if (!h.reused) started = h;
    host = h.dockerHost;
    worker = h.workerDockerHost;
  }
  const client = StackClient.fromEnvironment({ host }, { timeoutMs: 30_000 });
  const env = { ...process.env, DOCKER_HOST: host };
  const stack = `bench${process.pid % 10000}`;
  const v3 = path.join(os.tmpdir(), `msw-bench-${stack}.yml`);
  const cli = path.join(ROOT, 'dist/cli.js');
  const runs = Math.max(1, Number(process.env.BENCH_DEPLOY_RUNS ?? 1) || 1);
  const clean = async (): Promise<void> => {
    const r = await removeStack(client, stack, { timeoutMs: 120_000 });
    if (r.errors.length) throw new Error(`removing bench stack ${stack}: ${r.errors.join('; ')}`);
  };
  try {
    if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: npm run bench builds it (node scripts/build.mjs --production)`);
    await Promise.all([host, ...(worker ? [worker] : [])].map(makeStandin));
    const nodes = await client.listNodes();
    // The seed publishes 8080 and 9000 on the ingress network: another copy of it on the swarm would collide.
    const holders = (await client.listServices()).filter((s) => (s.Endpoint?.Ports ?? []).some((p) => p.PublishedPort === 8080 || p.PublishedPort === 9000));
    if (holders.length)
      throw new Error(`ports 8080/9000 are taken on the swarm by ${holders.map((s) => s.Spec?.Name).join(', ')} (another seed stack deployed?)`);
    let err = '';
    const code = await exportCmd(['--image-map', MAP, '-o', v3, SEED], {
      stdout: () => undefined,
      stderr: (s) => {
        err += s;
      },
      env,
    });
    if (code !== 0) throw new Error(`export failed: ${err}`);

    const ours: number[] = [];
    const theirs: number[] = [];
    await clean();
    for (let i = 0; i < runs; i++) {
      ours.push(
        await timed(process.execPath, [cli, 'deploy', '--stack', stack, '--image-map', MAP, '--yes', '--quiet', '--timeout', '300', SEED], env, 360_000),
      );
      const n = (await client.listServices({ filters: { label: [`${LABEL_NAMESPACE}=${stack}`] } })).length;
      if (n !== 15) throw new Error(`mender-swarm deploy left ${n} services, not 15`);
      await clean();
      theirs.push(await timed('docker', ['-H', host, 'stack', 'deploy', '--detach=false', '--resolve-image', 'never', '-c', v3, stack], env, 600_000));
      await clean();
    }
    const o = median(ours);
    const c = median(theirs);
    const ratio = o / c;
    const each = (xs: number[]): string => (xs.length > 1 ? ` (runs: ${xs.map((x) => x.toFixed(1)).join(', ')})` : '');
    return {
      rows: [
        ['seed-2016 stack (15 services), images -> stand-in', `${nodes.length}-node swarm`, host, ''],
        [`mender-swarm deploy (CLI bundle), start to converged${each(ours)}`, `${o.toFixed(1)} s`, '', ''],
        [`docker stack deploy --detach=false, exported v3 file${each(theirs)}`, `${c.toFixed(1)} s`, '', ''],
        [
          'deploy to converged: mender-swarm vs docker stack deploy',
          `${o.toFixed(1)} s vs ${c.toFixed(1)} s`,
          `ratio ${ratio.toFixed(2)}x (target <= ${TARGET}x)`,
          ratio <= TARGET ? 'met' : 'MISSED',
        ],
      ],
    };
  } finally {
    await clean().catch(() => undefined);
    fs.rmSync(v3, { force: true });
    client.dispose();
    if (started) await started.stop();
  }
}
