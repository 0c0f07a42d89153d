// Starts the real VS Code server shipped in the npm package code-server (installed by
// scripts/install-vscode-server.sh) and a headless Debian Chromium. Shared by the runTests shim, the
// UI test and `npm run demo`. Plain CommonJS so all three run without a build step.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '../..');
const CODE_SERVER_DIR = process.env.CODE_SERVER_DIR || path.join(ROOT, '.vscode-test-server/node_modules/code-server');
const SERVER_MAIN = path.join(CODE_SERVER_DIR, 'lib/vscode/out/server-main.js');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Symlinks an extension folder into an extensions dir as `<publisher>.<name>-<version>`, as an install would. */
function linkExtension(extensionDir, extensionsDir) {
  const pj = JSON.parse(fs.readFileSync(path.join(extensionDir, 'package.json'), 'utf8'));
  const link = path.join(extensionsDir, `${pj.publisher}.${pj.name}-${pj.version}`.toLowerCase());
  try {
    fs.lstatSync(link);
  } catch {
    fs.symlinkSync(path.resolve(extensionDir), link, 'dir');
  }
  return link;
}

/**
 * @param {{ userDataDir?: string, extensionsDir?: string, installExtensions?: string[], smokeTestDriver?: boolean,
 *   port?: number, settings?: Record<string, unknown>, keepDirs?: boolean, env?: Record<string, string>,
 *   workspaceTrust?: boolean }} opts  workspaceTrust: keep VS Code's trust prompt (the demo); tests turn it off.
 */
async function startServer(opts = {}) {
  if (!fs.existsSync(SERVER_MAIN)) throw new Error(`No VS Code server at ${SERVER_MAIN}: run scripts/install-vscode-server.sh`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mender-swarm-vscode-'));
  const userDataDir = opts.userDataDir || path.join(tmp, 'user-data');
  const extensionsDir = opts.extensionsDir || path.join(tmp, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  for (const dir of opts.installExtensions || []) linkExtension(dir, extensionsDir);
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  if (!fs.existsSync(settingsFile)) {
    fs.writeFileSync(
      settingsFile,
      JSON.stringify(
        {
          'workbench.startupEditor': 'none', // no Welcome tab over the editor
          'security.workspace.trust.enabled': false, // tests only: no trust dialog / Restricted Mode
          'telemetry.telemetryLevel': 'off',
          'extensions.autoCheckUpdates': false,
          'extensions.autoUpdate': false,
          'workbench.tips.enabled': false,
          'git.openRepositoryInParentFolders': 'never', // no "open the parent repository?" toast over the panel
          // The web workbench saves an edited file after a second by default (desktop VS Code does not): on a busy
          // machine a test's unsaved probe edit was saved before the test reverted it, and stayed.
          'files.autoSave': 'off',
          ...(opts.settings || {}),
        },
        null,
        2,
      ),
    );
  }
  const port = opts.port || (await freePort());
  const host = `127.0.0.1:${port}`;
  // server-main.js directly: the code-server CLI wraps it and rejects VS Code's own flags.
  // --enable-smoke-test-driver makes the workbench honour ?payload= (extensionTestsPath) and report the
  // result through window.codeAutomationExit; UI tests and the demo run without it.
  const args = [
    SERVER_MAIN,
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--without-connection-token',
    ...(opts.smokeTestDriver ? ['--enable-smoke-test-driver'] : []),
    '--disable-telemetry',
    ...(opts.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--accept-server-license-terms',
    '--user-data-dir',
    userDataDir,
    '--server-data-dir',
    path.join(tmp, 'server-data'),
    '--extensions-dir',
    extensionsDir,
  ];
  // XDG dirs keep the server's caches out of the user's HOME.
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
    XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
    XDG_CACHE_HOME: path.join(tmp, 'xdg-cache'),
    // No extension gallery: the server would otherwise query open-vsx.org, and only loopback is ours to reach.
    EXTENSIONS_GALLERY: '{}',
    ...(opts.env || {}),
  };
  const proc = spawn(process.env.CODE_SERVER_NODE || process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env }); // own process group: stop() kills it whole
  let log = '';
  proc.stdout.on('data', (d) => {
    log += d;
  });
  proc.stderr.on('data', (d) => {
    log += d;
  });
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`http://${host}/version`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (i > 300 || proc.exitCode !== null) {
      try {
        process.kill(-proc.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
      throw new Error(`VS Code server did not start:\n${log}`);
    }
    await sleep(100);
  }
  /** @param {{ folder?: string, extensionDevelopmentPath?: string|string[], extensionTestsPath?: string }} o */
  const workbenchUrl = (o = {}) => {
    const payload = [].concat(o.extensionDevelopmentPath || []).map((p) => ['extensionDevelopmentPath', `vscode-remote://${host}${path.resolve(p)}`]);
    if (o.extensionTestsPath) payload.push(['extensionTestsPath', `vscode-remote://${host}${path.resolve(o.extensionTestsPath)}`]);
    let q = o.folder ? `folder=${encodeURIComponent(path.resolve(o.folder))}` : 'ew=true';
    if (payload.length) q += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    return `http://${host}/?${q}`;
  };
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      process.kill(-proc.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    for (let i = 0; i < 20 && proc.exitCode === null && proc.signalCode === null; i++) await sleep(100);
    try {
      process.kill(-proc.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
    if (!opts.keepDirs) fs.rmSync(tmp, { recursive: true, force: true });
  };
  return { host, port, pid: proc.pid, proc, userDataDir, extensionsDir, workbenchUrl, stop, log: () => log };
}

function launchBrowser() {
  const { chromium } = require('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

module.exports = { ROOT, CODE_SERVER_DIR, SERVER_MAIN, startServer, launchBrowser, linkExtension, freePort };
