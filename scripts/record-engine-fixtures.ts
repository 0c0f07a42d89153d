// Records the list responses the explorer model reads from a real engine into test/fixtures/engine/<name>/,
// so the model's unit tests and the benchmark run on what a real engine sends, not on hand-written JSON.
//   node --import tsx scripts/record-engine-fixtures.ts <name> [unix:///path/docker.sock]
// The socket defaults to MENDER_SWARM_TEST_DOCKER_HOST (the harness swarm, see test/harness/swarm-cli.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { engineJson } from '../test/harness/engine-http';

/** The same constant set of calls a refresh makes (see src/core/swarm/snapshot.ts), plus version for context. */
export const RECORDED = {
  version: '/version',
  info: '/info',
  swarm: '/swarm',
  nodes: '/nodes',
  services: '/services?status=true',
  tasks: '/tasks',
  networks: '/networks',
} as const;

async function main(): Promise<void> {
  const name = process.argv[2];
  const host = process.argv[3] ?? process.env.MENDER_SWARM_TEST_DOCKER_HOST;
  if (!name || !host?.startsWith('unix://')) {
    throw new Error('usage: record-engine-fixtures.ts <name> [unix:///...sock] (or MENDER_SWARM_TEST_DOCKER_HOST)');
  }
  const socket = host.slice('unix://'.length);
  const dir = path.join(__dirname, '..', 'test', 'fixtures', 'engine', name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [key, p] of Object.entries(RECORDED)) {
    const body = await engineJson<unknown>(socket, { path: p });
    fs.writeFileSync(path.join(dir, `${key}.json`), JSON.stringify(body, null, 2) + '\n');
  }
  process.stdout.write(`recorded ${Object.keys(RECORDED).length} responses into ${dir}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
