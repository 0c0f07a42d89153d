// `npm run demo [-- --port N] [--no-swarm]`: builds the extension, installs the VS Code server if missing, starts a
// real two-node Docker swarm (test/harness, as root; reused if one is up) with a stand-in for every Mender image,
// and serves a real VS Code (in the browser) on 127.0.0.1 with Mender Swarm installed, examples/mender-2016 opened
// and the explorer and deploy pointed at that swarm. Runs until Ctrl+C, then stops what it started.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const portArg = args.find((a) => a.startsWith('--port=')) ?? (args.includes('--port') ? `--port=${args[args.indexOf('--port') + 1]}` : undefined);
const port = portArg ? Number(portArg.slice('--port='.length)) : 8765;
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`bad --port: ${portArg}`);
  process.exit(2);
}
const folder = join(ROOT, 'examples/mender-2016');

const run = (cmd, argv) => spawnSync(cmd, argv, { cwd: ROOT, stdio: 'inherit' }).status ?? 1;
if (run(process.execPath, ['scripts/build.mjs']) !== 0) process.exit(1);
if (!existsSync(join(ROOT, '.vscode-test-server/node_modules/code-server/lib/vscode/out/server-main.js'))) {
  console.log('Installing the VS Code server (code-server) into .vscode-test-server/ (about a minute) ...');
  if (run('bash', ['scripts/install-vscode-server.sh']) !== 0) process.exit(1);
}

// The swarm for the explorer and deploy: the test harness's, so the demo needs nothing but this machine.
let swarmEnv = {};
let startedSwarm = false;
if (!args.includes('--no-swarm')) {
  const running = spawnSync(process.execPath, ['--import', 'tsx', 'test/harness/swarm-cli.ts', 'env'], { cwd: ROOT, stdio: 'ignore' }).status === 0;
  // `up` reuses a running harness swarm; --standin builds the stand-in image on its nodes.
  const up = spawnSync(process.execPath, ['--import', 'tsx', 'test/harness/swarm-cli.ts', 'up', '--multi', '--standin'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (up.status === 0) {
    startedSwarm = !running;
    for (const m of up.stdout.matchAll(/^export (\w+)=(.*)$/gm)) swarmEnv[m[1]] = m[2];
  } else {
    console.error('No local swarm (the harness needs root and Debian packages): the explorer will show why it cannot connect.');
  }
}
const dockerHost = swarmEnv.MENDER_SWARM_TEST_DOCKER_HOST;

const { startServer } = require('../test/host/vscode-server.js');
let server;
try {
  // Installed the way a user has it (symlinked into the extensions dir), not as a development extension:
  // rebuild (`npm run build`) and reload the window to see changes.
  // Workspace trust stays on, as for users: validation works untrusted, deploying asks for trust.
  server = await startServer({
    installExtensions: [ROOT],
    smokeTestDriver: false,
    port,
    workspaceTrust: true,
    settings: {
      'security.workspace.trust.enabled': true,
      // The explorer and deploy use the demo swarm; it has no registry, so every image deploys as the stand-in.
      ...(dockerHost ? { 'menderSwarm.docker.host': dockerHost, 'menderSwarm.deploy.imageMap': { '*': 'local/mender-standin:1' } } : {}),
    },
  });
} catch (e) {
  console.error(String(e instanceof Error ? e.message : e));
  console.error(`(is port ${port} in use? try --port <other>)`);
  process.exit(1);
}

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  await server.stop();
  if (startedSwarm) spawnSync(process.execPath, ['--import', 'tsx', 'test/harness/swarm-cli.ts', 'down'], { cwd: ROOT, stdio: 'inherit' });
  process.exit(code);
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'])
  process.on(sig, () => {
    console.log('\nstopping VS Code server ...');
    void stop(0);
  });
server.proc.on('exit', (code, signal) => {
  if (stopping) return;
  console.error(`VS Code server exited (${code ?? signal}):\n${server.log().slice(-3000)}`);
  void stop(1);
});

console.log(`
Mender Swarm demo: VS Code 1.100 with the extension, workspace examples/mender-2016

  ${server.workbenchUrl({ folder })}

Open docker-compose.broken.yml to see the checks and quick fixes (Ctrl+.).${
  dockerHost
    ? `
The Mender Swarm view shows the demo swarm (${dockerHost}); "Deploy Stack" on docker-compose.yml deploys the
2016 stack onto it (images replaced by a local stand-in: there is no registry here).`
    : ''
}
Ctrl+C stops the server${startedSwarm ? ' and the swarm' : ''}.
`);
