// What every test against the real swarm starts with: the harness's engines from the environment, a failure
// under CI when they are missing (CI must not skip), a skip with the way to start them anywhere else.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { it } from 'node:test';
import { promisify } from 'node:util';
import { BASE_IMAGE } from './swarm';

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
  return { host, workerHost: process.env.MENDER_SWARM_TEST_WORKER_DOCKER_HOST || undefined, skip: host ? false : `MENDER_SWARM_TEST_DOCKER_HOST not set. ${HOW}` };
}

/** Stand-in for every Mender image on an air-gapped swarm: busybox whose entrypoint logs its arguments and sleeps. */
export const STANDIN = 'local/mender-standin:1';

/** Build the stand-in on one node (no registry: every node needs its own copy). It stops at once on TERM. */
export async function makeStandin(host: string): Promise<void> {
  const exec = promisify(execFile);
  const entry = JSON.stringify(['/bin/sh', '-c', 'echo "stand-in $(hostname): $*"; trap "exit 0" TERM INT; while :; do sleep 3600 & wait $!; done', 'standin']);
  const { stdout } = await exec('docker', ['-H', host, 'create', BASE_IMAGE, 'true']);
  const id = stdout.trim();
  try { await exec('docker', ['-H', host, 'commit', '--change', `ENTRYPOINT ${entry}`, '--change', 'CMD []', id, STANDIN]); }
  finally { await exec('docker', ['-H', host, 'rm', id]); }
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
