// CLI around the swarm harness:
//   node --import tsx test/harness/swarm-cli.ts up [--multi] [--standin]   start (or reuse) and print the env exports
//   node --import tsx test/harness/swarm-cli.ts env            print the env exports of the running swarm
//   node --import tsx test/harness/swarm-cli.ts down           tear everything down
// Progress goes to stderr and only `export ...` lines to stdout, so `eval "$(... up --multi)"` works.
import { findRunningSwarm, harnessEnv, startSwarm, stopSwarm, type SwarmHandle } from './swarm';
import { makeStandin } from './testSwarm';

function printEnv(handle: SwarmHandle): void {
  for (const [k, v] of Object.entries(harnessEnv(handle))) process.stdout.write(`export ${k}=${v}\n`);
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'up': {
      const handle = await startSwarm({ multi: rest.includes('--multi') });
      // --standin: the air-gapped stand-in for every Mender image, on every node (for the demo's deploys).
      if (rest.includes('--standin')) await Promise.all([handle.dockerHost, ...(handle.workerDockerHost ? [handle.workerDockerHost] : [])].map(makeStandin));
      printEnv(handle);
      return 0;
    }
    case 'env': {
      const handle = await findRunningSwarm();
      if (!handle) {
        process.stderr.write('no harness swarm is running; start one with: node --import tsx test/harness/swarm-cli.ts up --multi\n');
        return 1;
      }
      printEnv(handle);
      return 0;
    }
    case 'down':
      await stopSwarm();
      return 0;
    default:
      process.stderr.write('usage: swarm-cli.ts up [--multi] [--standin] | env | down\n');
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
