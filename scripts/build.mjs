// Bundles the extension, the CLI and the extension-host test suite with esbuild.
// `--production` minifies and drops source maps; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const prod = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
if (existsSync('scripts/gen-schema.mjs')) execFileSync(process.execPath, ['scripts/gen-schema.mjs'], { stdio: 'inherit' });

const common = {
  bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning',
  minify: prod, sourcemap: prod ? false : 'linked', legalComments: 'none',
  // ssh2's optional native parts load inside try/catch and fall back to pure JS.
  external: ['vscode', 'cpu-features', './crypto/build/Release/sshcrypto.node'],
  loader: { '.node': 'empty' },
};

function listTests(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? listTests(p) : /\.(test|index)\.ts$|^index\.ts$/.test(f) ? [p] : [];
  });
}

const builds = [
  { ...common, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist' },
  { ...common, entryPoints: { 'cli-main': 'src/cli/main.ts', 'cli-lint': 'src/cli/lintMain.ts' }, outdir: 'dist', define: { __MENDER_SWARM_VERSION__: JSON.stringify(pkg.version) } },
];
const hostTests = listTests('test/host/suite');
if (!prod && hostTests.length) {
  builds.push({ ...common, entryPoints: hostTests, outdir: 'dist/test/host/suite', outbase: 'test/host/suite', external: [...common.external, 'mocha'] });
}

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('watching...');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
// The `mender-swarm` bin: a small launcher that runs dist/cli-main.js with V8's code cache.
mkdirSync('dist', { recursive: true });
copyFileSync('src/cli/launcher.js', 'dist/cli.js');
chmodSync('dist/cli.js', 0o755);
