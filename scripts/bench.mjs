// `npm run bench`: the speed and memory figures, each side by side with its peer or target.
// Builds the production bundles first so the CLI measured is the one users run.
//   --only lint|language|explorer|deploy|kubernetes|pictures|activation   (repeatable)   --activation starts the real VS Code host   --deploy needs a swarm: MENDER_SWARM_TEST_DOCKER_HOST or the harness
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const args = process.argv.slice(2);
const only = args.flatMap((a, i) => (a === '--only' ? [args[i + 1]] : []));
const want = (p) => only.length === 0 || only.includes(p);

const r = spawnSync(process.execPath, ['scripts/build.mjs', '--production'], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);

const parts = [
  ['lint', 'bench/lint.bench.ts', 'benchLint'],
  ['language', 'bench/language.bench.ts', 'benchLanguage'],
  ['explorer', 'bench/explorer.bench.ts', 'benchExplorerRows'],
  ['deploy', 'bench/deploy.bench.ts', 'benchDeploy'],
  ['kubernetes', 'bench/kubernetes.bench.ts', 'benchKubernetes'],
  ['pictures', 'bench/topology.bench.ts', 'benchTopology'],
].filter(([name, file]) => want(name) && existsSync(file));

let failed = false;
for (const [name, file, fn] of parts) {
  console.log(`\n== ${name}`);
  // Each part in its own process, so one part's warm JIT and heap do not flatter the next.
  const code = `const m = require('./${file}'); Promise.resolve(m.${fn}()).then((res) => {
    const rows = res.rows; const w = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => String(r[i] ?? '').length)));
    for (const row of rows) console.log(row.map((c, i) => String(c ?? '').padEnd(w[i])).join('  ').trimEnd());
  }, (e) => { console.error(e && e.stack || e); process.exit(1); });`;
  const p = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', '-e', code], { stdio: 'inherit' });
  if (p.status !== 0) failed = true;
}
if (want('activation')) {
  // In the real extension host (test-host builds the development bundle, as the host tests run it).
  console.log('\n== activation');
  const h = spawnSync(process.execPath, ['scripts/test-host.mjs', '--grep', 'Activation timing'], { encoding: 'utf8' });
  const m = /MENDER_SWARM_ACTIVATION (\{.*\})/.exec(`${h.stdout}${h.stderr}`);
  if (!m) {
    console.error(`no activation figure from the host run (exit ${h.status})\n${(h.stdout + h.stderr).slice(-2000)}`);
    failed = true;
  } else {
    const t = JSON.parse(m[1]);
    const ms = (v) => (v === undefined ? '?' : `${v.toFixed(1)} ms`);
    const rows = [
      ['', 'measured', 'target'],
      ['activation (evaluating the entry bundle + activate())', ms(t.totalMs), '< 100 ms'],
      ['  of which activate()', ms(t.activateMs), ''],
      ['  of which evaluating dist/extension.js', ms(t.loadMs), ''],
      // Not part of it: VS Code's own wait before calling activate(), and the features bundle loaded after it (src/vscode/lazy.ts).
      ['(VS Code preparing the extension context, between the two)', ms(t.hostMs), ''],
      ['after activation: loading and registering dist/features.js', ms(t.featuresMs), ''],
    ];
    const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
    for (const row of rows)
      console.log(
        row
          .map((c, i) => c.padEnd(w[i]))
          .join('  ')
          .trimEnd(),
      );
  }
}
process.exit(failed ? 1 : 0);
