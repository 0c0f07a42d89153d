// Bundles the extension, the CLI and the extension-host test suite with esbuild.
// `--production` minifies and drops source maps; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const prod = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// `--outdir=DIR` (the bundle test builds elsewhere, so it never races the other tests for dist/); `--metafile`
// writes esbuild's metafile per bundle next to it.
const outdir = process.argv.find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length) ?? 'dist';
const metafile = process.argv.includes('--metafile');
if (existsSync('scripts/gen-schema.mjs')) execFileSync(process.execPath, ['scripts/gen-schema.mjs'], { stdio: 'inherit' });

/**
 * dockerode requires lib/session.js (gRPC) at load and lib/buildkit.js (protobuf) on demand, both only for image
 * builds, which this extension never runs: they resolve to a stub that says so, keeping @grpc/grpc-js and
 * protobufjs out of the bundles. So does tar-fs (with tar-stream and bl), which dockerode's util
 * loads only to pack a build context. test/unit/bundle.test.ts checks what is left out and that dockerode still loads.
 */
const dropImageBuilds = {
  name: 'drop-dockerode-image-builds',
  setup(build) {
    build.onResolve({ filter: /^(\.\/(session|buildkit)|tar-fs)$/ }, (args) =>
      /[\\/]dockerode[\\/]lib$/.test(args.resolveDir) ? { path: join(process.cwd(), 'scripts/stubs/dockerode-build.js') } : undefined);
    // docker-modem's request trace (DEBUG=modem) has nowhere to go in an extension host or the CLI's output.
    build.onResolve({ filter: /^debug$/ }, (args) =>
      /[\\/]docker-modem[\\/]lib$/.test(args.resolveDir) ? { path: join(process.cwd(), 'scripts/stubs/debug.js') } : undefined);
  },
};

const common = {
  bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning',
  minify: prod, sourcemap: prod ? false : 'linked', legalComments: 'none',
  // ssh2's optional native parts load inside try/catch and fall back to pure JS.
  external: ['vscode', 'cpu-features', './crypto/build/Release/sshcrypto.node'],
  loader: { '.node': 'empty' },
  plugins: [dropImageBuilds],
};

function listTests(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? listTests(p) : /\.(test|index)\.ts$|^index\.ts$/.test(f) ? [p] : [];
  });
}

const builds = [
  // The banner marks when the bundle starts to run, for the activation time (src/vscode/activation.ts).
  { ...common, entryPoints: { extension: 'src/extension.ts' }, outdir, metafile, banner: { js: 'globalThis.__menderSwarmLoadStart = performance.now();' } },
  // The picture panels (src/vscode/pictures/impl.ts), loaded by the extension on first use: not in extension.js.
  { ...common, entryPoints: { pictures: 'src/vscode/pictures/impl.ts' }, outdir },
  { ...common, entryPoints: { 'cli-main': 'src/cli/main.ts', 'cli-lint': 'src/cli/lintMain.ts' }, outdir, metafile, define: { __MENDER_SWARM_VERSION__: JSON.stringify(pkg.version) } },
];
// The webviews' scripts (src/webview/*/main.ts): for the browser, each its own file, so elkjs stays out of the
// extension host's bundle (the webview lays its picture out itself).
const webviews = readdirSync('src/webview', { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(join('src/webview', d.name, 'main.ts')));
builds.push({ entryPoints: Object.fromEntries(webviews.map((d) => [d.name, join('src/webview', d.name, 'main.ts')])), outdir: join(outdir, 'webview'),
  bundle: true, platform: 'browser', target: 'chrome120', format: 'iife', logLevel: 'warning', minify: prod, sourcemap: prod ? false : 'linked', legalComments: 'none' });
const hostTests = listTests('test/host/suite');
if (!prod && hostTests.length) {
  builds.push({ ...common, entryPoints: hostTests, outdir: 'dist/test/host/suite', outbase: 'test/host/suite', external: [...common.external, 'mocha'] });
}

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('watching...');
} else {
  const results = await Promise.all(builds.map((b) => esbuild.build(b)));
  if (metafile) [results[0], results[2]].forEach((r, i) => writeFileSync(join(outdir, `${i ? 'cli' : 'extension'}.meta.json`), JSON.stringify(r.metafile)));
}
// The `mender-swarm` bin: a small launcher that runs dist/cli-main.js with V8's code cache.
mkdirSync(outdir, { recursive: true });
copyFileSync('src/cli/launcher.js', join(outdir, 'cli.js'));
chmodSync(join(outdir, 'cli.js'), 0o755);
