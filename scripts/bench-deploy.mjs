// Deploy benchmark: seconds from start to converged for the seed's 15-service stack, ours (`mender-swarm deploy`,
// waiting on all services at once) vs `docker stack deploy --detach=false` with our exported v3 file, on the
// same harness swarm, each from an empty stack. Needs MENDER_SWARM_TEST_DOCKER_HOST and the stand-in image
// `local/mender-standin:1` on every node (test/docker/deploy.test.ts makes it).
//   node scripts/bench-deploy.mjs            prints JSON {ours_s, cli_s, ratio}
import { execFileSync, spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const host = process.env.MENDER_SWARM_TEST_DOCKER_HOST;
if (!host) { console.error('MENDER_SWARM_TEST_DOCKER_HOST is not set: eval "$(node --import tsx test/harness/swarm-cli.ts up --multi)"'); process.exit(2); }
const env = { ...process.env, DOCKER_HOST: host };
const seed = path.join(root, 'test/fixtures/seed-2016/docker-compose.yml');
const map = '*=local/mender-standin:1';
const stack = `bench${process.pid % 10000}`;
const runner = path.join(root, 'scripts/run-command.ts');
const cmd = (name, ...args) => spawnSync(process.execPath, ['--import', 'tsx', runner, name, ...args], { cwd: root, env, encoding: 'utf8' });
const rm = () => cmd('rm', '--stack', stack, '--yes');

rm();
let t = performance.now();
const ours = cmd('deploy', '--stack', stack, '--image-map', map, '--yes', '--quiet', '--timeout', '300', seed);
const oursS = (performance.now() - t) / 1000;
if (ours.status !== 0) { console.error(ours.stdout, ours.stderr); process.exit(1); }
rm();
const v3 = path.join(os.tmpdir(), `msw-bench-${stack}.yml`);
cmd('export', '--image-map', map, '-o', v3, seed);
t = performance.now();
execFileSync('docker', ['-H', host, 'stack', 'deploy', '--detach=false', '--resolve-image', 'never', '-c', v3, stack], { stdio: 'ignore' });
const cliS = (performance.now() - t) / 1000;
rm();
console.log(JSON.stringify({ stack: 'seed-2016 (15 services)', ours_s: +oursS.toFixed(2), cli_s: +cliS.toFixed(2), ratio: +(oursS / cliS).toFixed(3) }));
