// Runs test/host/suite (built to dist/test/host/suite by scripts/build.mjs) inside a real VS Code extension
// host with @vscode/test-electron. Here runTests starts code-shim.js instead of a downloaded VS Code; on a
// desktop, set MENDER_SWARM_REAL_VSCODE=1 to let runTests download and run VS Code as usual.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { runTests } = require('@vscode/test-electron');

const ROOT = path.resolve(__dirname, '../..');

async function main() {
  // The tests edit files and write workspace settings: give them a copy, never the checked-in fixtures.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mender-swarm-host-'));
  const ws = path.join(tmp, 'ws');
  fs.cpSync(path.join(__dirname, 'fixtures/ws'), ws, { recursive: true });
  const resultsFile = process.env.MENDER_SWARM_HOST_RESULTS || path.join(tmp, 'results.json');
  try {
    await runTests({
      ...(process.env.MENDER_SWARM_REAL_VSCODE ? {} : { vscodeExecutablePath: path.join(__dirname, 'code-shim.js') }),
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(ROOT, 'dist/test/host/suite/index.js'),
      // Fresh profile per run: restored editors or state from an earlier run would make tests order-dependent.
      launchArgs: [ws, `--user-data-dir=${path.join(tmp, 'user-data')}`, `--extensions-dir=${path.join(tmp, 'extensions')}`],
      extensionTestsEnv: {
        MENDER_SWARM_TEST_ENV_MARK: 'from-runTest',
        MENDER_SWARM_HOST_RESULTS: resultsFile,
        // Later suites (explorer, deploy) talk to the test swarm through this.
        MENDER_SWARM_TEST_DOCKER_HOST: process.env.MENDER_SWARM_TEST_DOCKER_HOST ?? '',
        MENDER_SWARM_TEST_GREP: process.env.MENDER_SWARM_TEST_GREP ?? '',
        CI: process.env.CI ?? '', // tests that CI's runners cannot carry skip themselves
      },
    });
    return 0;
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    return 1;
  } finally {
    if (!process.env.MENDER_SWARM_KEEP_WS) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code));
