// `npm run demo [-- --port N]`: builds the extension, installs the VS Code server if missing, and serves a real
// VS Code (in the browser) on 127.0.0.1 with Mender Swarm installed and examples/mender-2016 opened.
// Runs until Ctrl+C, then stops the server's whole process group.
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
if (!Number.isInteger(port) || port <= 0 || port > 65535) { console.error(`bad --port: ${portArg}`); process.exit(2); }
const folder = join(ROOT, 'examples/mender-2016');

const run = (cmd, argv) => spawnSync(cmd, argv, { cwd: ROOT, stdio: 'inherit' }).status ?? 1;
if (run(process.execPath, ['scripts/build.mjs']) !== 0) process.exit(1);
if (!existsSync(join(ROOT, '.vscode-test-server/node_modules/code-server/lib/vscode/out/server-main.js'))) {
  console.log('Installing the VS Code server (code-server) into .vscode-test-server/ (about a minute) ...');
  if (run('bash', ['scripts/install-vscode-server.sh']) !== 0) process.exit(1);
}

const { startServer } = require('../test/host/vscode-server.js');
let server;
try {
  // Installed the way a user has it (symlinked into the extensions dir), not as a development extension:
  // rebuild (`npm run build`) and reload the window to see changes.
  // Workspace trust stays on, as for users: validation works untrusted, deploying asks for trust.
  server = await startServer({ installExtensions: [ROOT], smokeTestDriver: false, port, workspaceTrust: true,
    settings: { 'security.workspace.trust.enabled': true } });
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
  process.exit(code);
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => { console.log('\nstopping VS Code server ...'); void stop(0); });
server.proc.on('exit', (code, signal) => {
  if (stopping) return;
  console.error(`VS Code server exited (${code ?? signal}):\n${server.log().slice(-3000)}`);
  void stop(1);
});

console.log(`
Mender Swarm demo: VS Code 1.100 with the extension, workspace examples/mender-2016

  ${server.workbenchUrl({ folder })}

Open docker-compose.broken.yml to see the checks and quick fixes (Ctrl+.). Ctrl+C stops the server.
`);
