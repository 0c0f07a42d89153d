// `npm test`: every test there is, against the real parts.
//  1. build (esbuild bundles + generated schema validator), typecheck; ESLint (type-checked, regexp: no ReDoS), prettier
//  2. unit tests of the core and the CLI (node:test)
//  3. a real two-node Docker swarm from test/harness (started here, stopped at the end unless it was already up)
//  4. tests against that swarm (node:test)
//  5. tests inside a real VS Code extension host, and UI tests with screenshots (scripts/test-host.mjs)
//  6. the .vsix: packaged, and installed into the real VS Code server
// Prints one closing line "N passed, N failed". Options: --only unit|docker|host|package (repeatable), --keep-swarm.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const only = args.flatMap((a, i) => (a === '--only' ? [args[i + 1]] : []));
const want = (part) => only.length === 0 || only.includes(part);
const keepSwarm = args.includes('--keep-swarm');
const totals = { passed: 0, failed: 0, skipped: 0 };
const failedParts = [];
const failedLines = []; // repeated at the end: CI shows only the tail of the output
const t0 = Date.now();
const log = (m) => console.log(`\n=== [${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

function sh(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { stdio: 'inherit', ...opts });
  return r.status ?? 1;
}

/** Every *.test.ts under dir, in sub-folders too (test/unit mirrors src/). */
function files(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [join(dir, e.name)] : []))
    .sort();
}

/** node:test with the spec reporter on screen and TAP in a file we read the counts from. */
function nodeTests(name, list, env = process.env) {
  if (!list.length) {
    console.log(`(no ${name} tests)`);
    return;
  }
  const tap = join(mkdtempSync(join(tmpdir(), 'msw-tap-')), 'out.tap');
  const status = sh(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=1',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...list,
    ],
    { env },
  );
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const count = (k) => Number(new RegExp(`^# ${k} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  totals.passed += count('pass');
  totals.failed += count('fail') + count('cancelled');
  totals.skipped += count('skipped');
  if (status !== 0) {
    failedParts.push(name);
    if (!count('fail')) totals.failed++;
  }
}

log('build and typecheck');
if (sh('node', ['scripts/build.mjs']) !== 0) {
  failedParts.push('build');
  totals.failed++;
}
if (sh('npx', ['tsc', '-p', '.', '--noEmit']) !== 0 || sh('npx', ['tsc', '-p', 'src/webview', '--noEmit']) !== 0) {
  failedParts.push('typecheck');
  totals.failed++;
}

if (want('unit')) {
  // ESLint (type-checked rules, regexp rules against ReDoS) and the formatter: each fails the run like a failing test.
  // Both keep a cache in .cache/ (keyed on each file's content): a cold run of the typed lint takes about a minute,
  // a warm one seconds. The lint cache does not see a type change in another file; CI (no cache) and
  // `npm run lint` check the whole tree.
  log('lint: ESLint with type information (typescript-eslint, eslint-plugin-regexp)');
  const eslintCache = ['--cache', '--cache-strategy=content', '--cache-location=.cache/eslint/'];
  if (sh('npx', ['eslint', '--max-warnings=0', ...eslintCache, '.']) !== 0) {
    failedParts.push('eslint');
    totals.failed++;
  } else totals.passed++;
  log('format: prettier --check');
  const prettierCache = ['--cache', '--cache-strategy=content', '--cache-location=.cache/prettier'];
  if (sh('npx', ['prettier', '--check', '--log-level=warn', ...prettierCache, '.']) !== 0) {
    failedParts.push('prettier');
    totals.failed++;
  } else totals.passed++;
  log('unit tests');
  nodeTests('unit', files('test/unit'));
}

let startedSwarm = false;
const dockerEnv = { ...process.env };
if (want('docker') || want('host')) {
  log('real swarm (test/harness)');
  const up = spawnSync(process.execPath, ['--import', 'tsx', 'test/harness/swarm-cli.ts', 'env'], { encoding: 'utf8' });
  let out = up.status === 0 ? up.stdout : '';
  if (!out) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/harness/swarm-cli.ts', 'up', '--multi'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (r.status === 0) {
      out = r.stdout;
      startedSwarm = true;
    } else if (process.env.CI) {
      failedParts.push('swarm harness');
      totals.failed++;
    } else console.log('Docker swarm could not be started here: Docker tests will report themselves skipped.');
  }
  for (const m of out.matchAll(/^export (\w+)=(.*)$/gm)) dockerEnv[m[1]] = m[2];
}

try {
  if (want('docker')) {
    log('tests against the real swarm');
    nodeTests('docker', files('test/docker'), dockerEnv);
  }
  if (want('host') && existsSync('scripts/test-host.mjs')) {
    log('tests in a real VS Code extension host, and UI tests');
    const tap = spawnSync(process.execPath, ['scripts/test-host.mjs'], { env: dockerEnv, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
    process.stdout.write(tap.stdout ?? '');
    failedLines.push(...(tap.stdout ?? '').split('\n').filter((l) => l.startsWith('FAILED ')));
    const m = /^(\d+) passed, (\d+) failed/m.exec([...(tap.stdout ?? '').matchAll(/^\d+ passed, \d+ failed.*$/gm)].pop()?.[0] ?? '');
    if (m) {
      totals.passed += Number(m[1]);
      totals.failed += Number(m[2]);
    }
    if (tap.status !== 0) {
      failedParts.push('host');
      if (!m || m[2] === '0') totals.failed++;
    }
  }
  if (want('package')) {
    log('the .vsix: package and install into the real VS Code server');
    nodeTests('package', files('test/package'));
  }
} finally {
  if (startedSwarm && !keepSwarm) {
    log('stopping the swarm');
    sh(process.execPath, ['--import', 'tsx', 'test/harness/swarm-cli.ts', 'down']);
  }
}

for (const l of failedLines) console.log(l);
log(`done${failedParts.length ? `; failed: ${failedParts.join(', ')}` : ''}`);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(failedParts.length || totals.failed ? 1 : 0);
