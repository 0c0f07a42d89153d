// Proves an installed VS Code server works: starts server-main.js, asks /version, and reports which of
// VS Code's native modules load. Only the server answering is required: the extension host needs none of
// the natives (node-pty is for terminals, @parcel/watcher for file watching, kerberos for proxy auth).
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const csDir = resolve(process.argv[2] ?? '.vscode-test-server/node_modules/code-server');
process.env.CODE_SERVER_DIR = csDir;
const { startServer } = require('../test/host/vscode-server.js');

const vscodeDir = join(csDir, 'lib/vscode');
const natives = ['node-pty', '@parcel/watcher', '@vscode/spdlog', 'native-watchdog', 'kerberos', '@vscode/ripgrep'];
const vsRequire = createRequire(join(vscodeDir, 'package.json'));
let watcherOk = false;
for (const name of natives) {
  try {
    const m = vsRequire(name);
    if (name === '@vscode/ripgrep') require('node:fs').accessSync(m.rgPath);
    if (name === '@parcel/watcher') watcherOk = true;
    console.log(`native ${name}: ok`);
  } catch (e) {
    console.log(`native ${name}: NOT usable (${String(e.message).split('\n')[0]})`);
  }
}
const t0 = Date.now();
try {
  const server = await startServer({});
  const v = await (await fetch(`http://${server.host}/version`)).text();
  await server.stop();
  console.log(`server-main.js answered /version (${v.trim().slice(0, 12)}) in ${Date.now() - t0} ms`);
} catch (e) {
  console.error(String(e.message));
  process.exit(1);
}
// Without the watcher, VS Code misses on-disk changes made outside the editor: worth a loud note, not a failure.
if (!watcherOk) console.log('warning: @parcel/watcher unusable: the workbench will not see external file changes');
