#!/usr/bin/env node
// Stand-in "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }): no desktop
// VS Code can be downloaded here, so this takes runTests' Electron-style arguments, runs the tests inside the
// real (Node) extension host of the code-server VS Code server, driven by headless Chromium, and exits with
// the tests' result. The environment runTests passes (extensionTestsEnv) reaches the extension host through
// the server process.
'use strict';
const path = require('path');
const util = require('util');
const { startServer, launchBrowser } = require('./vscode-server');

const a = { dev: [], pos: [] };
for (const arg of process.argv.slice(2)) {
  const m = /^--([^=]+)=(.*)$/.exec(arg);
  if (m && m[1] === 'extensionDevelopmentPath') a.dev.push(m[2]);
  else if (m && m[1] === 'extensionTestsPath') a.tests = m[2];
  else if (m && m[1] === 'user-data-dir') a.userDataDir = path.resolve(m[2]);
  else if (m && m[1] === 'extensions-dir') a.extensionsDir = path.resolve(m[2]);
  else if (!arg.startsWith('-')) a.pos.push(arg); // the workspace folder from launchArgs
}

let server;
let browser;
async function cleanup() {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
}
// runTests forwards Ctrl+C as SIGINT: stop the server's whole process group, not just this process.
for (const sig of ['SIGINT', 'SIGTERM'])
  process.on(sig, () => {
    cleanup().finally(() => process.exit(130));
  });

(async () => {
  let code = 1;
  try {
    server = await startServer({ userDataDir: a.userDataDir, extensionsDir: a.extensionsDir, smokeTestDriver: true });
    browser = await launchBrowser();
    const page = await browser.newPage();
    let done;
    const finished = new Promise((r) => {
      done = r;
    });
    // The workbench forwards the extension host's console here and calls codeAutomationExit with the result.
    await page.exposeFunction('codeAutomationLog', (type, args) =>
      (type === 'error' ? process.stderr : process.stdout).write(util.format(...(args || [])) + '\n'),
    );
    await page.exposeFunction('codeAutomationExit', (c) => done(c));
    await page.goto(server.workbenchUrl({ folder: a.pos[0], extensionDevelopmentPath: a.dev, extensionTestsPath: a.tests }));
    const t = Number(process.env.CODE_SHIM_TIMEOUT_MS || 300000);
    code = await Promise.race([finished, new Promise((r) => setTimeout(() => r('timeout'), t))]);
    if (code === 'timeout') {
      console.error(`code-shim: no test result after ${t} ms`);
      code = 1;
    }
  } catch (e) {
    console.error('code-shim:', e instanceof Error ? e.message : e);
    code = 1;
  }
  if (code !== 0 && server && process.env.CODE_SHIM_SERVER_LOG !== '0') {
    console.error('--- VS Code server log (tail) ---\n' + server.log().slice(-4000));
  }
  await cleanup();
  process.exit(code);
})();
