// What every test against the real swarm starts with: the harness's engines from the environment, a failure
// under CI when they are missing (CI must not skip), a skip with the way to start them anywhere else.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { it } from 'node:test';
import { promisify } from 'node:util';
import { BASE_IMAGE, WORKER_HOSTNAME } from './swarm';

export const HOW = 'Docker tests need a swarm: eval "$(node --import tsx test/harness/swarm-cli.ts up --multi)"';

export interface TestSwarm {
  host: string | undefined;
  workerHost: string | undefined;
  /** For describe(..., { skip }): false when the swarm is there, else the reason. */
  skip: string | false;
}

/** Call once at the top of a test file. */
export function testSwarm(): TestSwarm {
  const host = process.env.MENDER_SWARM_TEST_DOCKER_HOST || undefined;
  if (!host && process.env.CI) it('has a test swarm', () => assert.fail(`MENDER_SWARM_TEST_DOCKER_HOST is not set on CI. ${HOW}`));
  return {
    host,
    workerHost: process.env.MENDER_SWARM_TEST_WORKER_DOCKER_HOST || undefined,
    skip: host ? false : `MENDER_SWARM_TEST_DOCKER_HOST not set. ${HOW}`,
  };
}

/** Stand-in for every Mender image on an air-gapped swarm: busybox whose entrypoint logs its arguments and sleeps. */
export const STANDIN = 'local/mender-standin:1';

/** Build the stand-in on one node (no registry: every node needs its own copy). It stops at once on TERM. */
export async function makeStandin(host: string): Promise<void> {
  const exec = promisify(execFile);
  const entry = JSON.stringify(['/bin/sh', '-c', 'echo "stand-in $(hostname): $*"; trap "exit 0" TERM INT; while :; do sleep 3600 & wait $!; done', 'standin']);
  const { stdout } = await exec('docker', ['-H', host, 'create', BASE_IMAGE, 'true']);
  const id = stdout.trim();
  try {
    await exec('docker', ['-H', host, 'commit', '--change', `ENTRYPOINT ${entry}`, '--change', 'CMD []', id, STANDIN]);
  } finally {
    await exec('docker', ['-H', host, 'rm', id]);
  }
}

/** Poll `fn` until it returns a value; errors count as "not yet" (the engine may be settling). */
export async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 30_000, pollMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** What a client needs to run a short-lived checker service and read its logs (the project's StackClient). */
interface CheckerClient {
  createServiceAuth(spec: object, auth: undefined): Promise<{ ID: string }>;
  lastLogLines(kind: 'service', id: string, lines: number): Promise<string[]>;
  removeService(id: string): Promise<unknown>;
}

/**
 * Which of `names` resolve from a task on `network` (placed on the worker when there is one, so the answer comes
 * from swarm's DNS across nodes): a busybox service runs nslookup for each and logs OK/FAIL; it is removed after.
 */
export async function resolveFromTask(
  client: CheckerClient,
  o: { stack: string; network: string; names: string[]; onWorker: boolean; labels: Record<string, string> },
): Promise<{ ok: string[]; failed: string[]; lines: string[] }> {
  const script = o.names.map((n) => `if nslookup ${n} >/dev/null 2>&1; then echo "OK ${n}"; else echo "FAIL ${n}"; fi`).join('; ') + '; echo DONE; sleep 3600';
  const { ID } = await client.createServiceAuth(
    {
      Name: `${o.stack}_dnscheck`,
      Labels: o.labels,
      TaskTemplate: {
        ContainerSpec: { Image: BASE_IMAGE, Command: ['sh', '-c', script], Init: true, StopGracePeriod: 1e9 },
        Networks: [{ Target: o.network }],
        Placement: o.onWorker ? { Constraints: [`node.hostname == ${WORKER_HOSTNAME}`] } : undefined,
        RestartPolicy: { Condition: 'none' },
      },
      EndpointSpec: { Mode: 'dnsrr' },
    },
    undefined,
  );
  try {
    const lines = await waitFor(
      'the DNS checker to finish',
      async () => {
        const l = await client.lastLogLines('service', ID, Math.max(100, 2 * o.names.length + 10));
        return l.includes('DONE') ? l : undefined;
      },
      60_000,
      300,
    );
    return { ok: lines.filter((l) => l.startsWith('OK ')).map((l) => l.slice(3)), failed: lines.filter((l) => l.startsWith('FAIL')), lines };
  } finally {
    await client.removeService(ID);
  }
}

/** A CLI command's `run` (src/cli/commands/*), called in-process with its output captured. */
export type CliRun = (argv: string[], io: { stdout: (s: string) => void; stderr: (s: string) => void; env: NodeJS.ProcessEnv }) => Promise<number>;
export interface Captured {
  code: number;
  out: string;
  err: string;
}

/** Runs CLI commands in-process against `env` (the harness's DOCKER_HOST), capturing stdout and stderr. */
export function cliRunner(env: NodeJS.ProcessEnv): (run: CliRun, argv: string[]) => Promise<Captured> {
  return async (run, argv) => {
    let out = '';
    let err = '';
    const code = await run(argv, {
      stdout: (s) => {
        out += s;
      },
      stderr: (s) => {
        err += s;
      },
      env,
    });
    return { code, out, err };
  };
}
