// Bundles the extension, the CLI and the extension-host test suite with esbuild.
// `--production` minifies and drops source maps; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const LAZY_BUNDLES = JSON.parse(readFileSync('src/lazyBundles.json', 'utf8'));
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
 * loads only to pack a build context. test/unit/project/bundle.test.ts checks what is left out and that dockerode still loads.
 */
const dropImageBuilds = {
  name: 'drop-dockerode-image-builds',
  setup(build) {
    build.onResolve({ filter: /^(\.\/(session|buildkit)|tar-fs)$/ }, (args) =>
      /[\\/]dockerode[\\/]lib$/.test(args.resolveDir) ? { path: join(process.cwd(), 'scripts/stubs/dockerode-build.js') } : undefined,
    );
    // ssh2's server and key generation: Mender Swarm only connects to an engine over ssh (scripts/stubs/ssh2-unused.js).
    build.onResolve({ filter: /^\.\/(server|keygen)\.js$/ }, (args) =>
      /[\\/]ssh2[\\/]lib$/.test(args.resolveDir) ? { path: join(process.cwd(), 'scripts/stubs/ssh2-unused.js') } : undefined,
    );
    // ssh2 is dist/ssh2.js, required on the first ssh:// connection (scripts/stubs/ssh2-lazy.js).
    build.onResolve({ filter: /^ssh2$/ }, (args) =>
      /[\\/]docker-modem[\\/]lib$/.test(args.resolveDir) ? { path: join(process.cwd(), 'scripts/stubs/ssh2-lazy.js') } : undefined,
    );
    // docker-modem's request trace (DEBUG=modem) has nowhere to go in an extension host or the CLI's output.
    build.onResolve({ filter: /^debug$/ }, (args) =>
      /[\\/]docker-modem[\\/]lib$/.test(args.resolveDir) ? { path: join(process.cwd(), 'scripts/stubs/debug.js') } : undefined,
    );
  },
};

/**
 * The extension is two bundles: dist/extension.js, the entry VS Code loads to activate (registration stubs and the
 * timing, a few KB), and dist/features.js with every feature and the core, which the entry requires just after
 * activate() returns (src/vscode/lazy.ts). In the entry the require of src/vscode/features.ts becomes one of
 * ./features.js, so the features are not bundled twice.
 */
const featuresApart = {
  name: 'features-bundle-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/vscode\/features$/ }, (args) =>
      /[\\/]src$/.test(args.resolveDir) ? { path: './features.js', external: true } : undefined,
    );
  },
};

/**
 * `import * as fs from 'fs'` in our sources becomes, in an esbuild bundle, a copy of the module's every property as
 * a getter, made once per importing file (`__toESM`): 18 such copies were ~240 KB of the CLI lint's allocations
 * (more pages touched, one more scavenge) before any work. Here each Node built-in our sources import is a small ES
 * module that takes the built-in's data properties once (`export const { readFileSync, ... } = require('fs')`),
 * which esbuild binds to directly. Properties that are getters (`fs.promises`) are left out so that reading them
 * does not load their module; a source importing one fails the build (`import-is-undefined` is an error in
 * `common`) rather than getting undefined.
 */
const builtinsDirect = {
  name: 'builtins-direct',
  setup(build) {
    build.onResolve({ filter: /^(node:)?[a-z_]+$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      if (args.kind !== 'import-statement' || args.namespace !== 'file' || /[\\/]node_modules[\\/]/.test(args.resolveDir)) return undefined;
      return Object.hasOwn(builtinDataProperties(), name) ? { path: name, namespace: 'node-builtin' } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: 'node-builtin' }, (args) => ({
      contents: `const m = require(${JSON.stringify(args.path)});\nexport default m;\nexport const { ${builtinDataProperties()[args.path].join(', ')} } = m;\n`,
      loader: 'js',
      resolveDir: process.cwd(),
    }));
  },
};

let dataProperties;
/**
 * Each built-in's data properties (names that are identifiers and not reserved words), read in a fresh Node, by the
 * built-in's name; the built-ins bound directly are exactly these (internal ones like `_http_agent` are not). Node
 * turns a lazy getter (`fs.opendir`, which loads internal/fs/dir) into a data property once something has read it,
 * and this build's own process may have.
 */
function builtinDataProperties() {
  dataProperties ??= JSON.parse(
    execFileSync(
      process.execPath,
      [
        '--no-warnings',
        '-e',
        `const out = {};
        for (const name of require('module').builtinModules.filter((n) => /^[a-z][a-z_]*$/.test(n))) {
          let m;
          try { m = require(name); } catch { continue; }
          out[name] = Object.entries(Object.getOwnPropertyDescriptors(m)).flatMap(([k, d]) => {
            if (!('value' in d) || k === 'default' || !/^[A-Za-z_$][\\w$]*$/.test(k)) return [];
            try { new Function('let ' + k + ';'); return [k]; } catch { return []; }
          });
        }
        process.stdout.write(JSON.stringify(out));`,
      ],
      { encoding: 'utf8' },
    ),
  );
  return dataProperties;
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  minify: prod,
  sourcemap: prod ? false : 'linked',
  legalComments: 'none',
  // ssh2's optional native parts load inside try/catch and fall back to pure JS.
  external: ['vscode', 'cpu-features', './crypto/build/Release/sshcrypto.node'],
  loader: { '.node': 'empty' },
  plugins: [dropImageBuilds, builtinsDirect],
  // An import esbuild knows to be undefined is a bug, not a warning (a getter of a built-in: builtinsDirect).
  logOverride: { 'import-is-undefined': 'error' },
};

/**
 * The YAML libraries of the lint's slow paths, each a bundle of its own that the launcher loads with its own code
 * cache when a file first needs it: the block reader (src/core/model/blockYaml.ts) reads most compose files without
 * either, and their text (~150 KB) would otherwise be read and copied by every lint.
 */
const SIDE_LIBRARIES = { yaml: 'cli-yaml', 'js-yaml': 'cli-js-yaml' };
const librariesApart = {
  name: 'yaml-libraries-apart',
  setup(build) {
    build.onResolve({ filter: /^(yaml|js-yaml)$/ }, (args) => ({ path: `./${SIDE_LIBRARIES[args.path]}.js`, external: true }));
  },
};

/**
 * The CLI bundles are written already wrapped in the function Node wraps a CommonJS module in, so the launcher
 * (src/cli/launcher.js) compiles the file's text as it is read: wrapping it at run time copied the whole bundle
 * once more (~0.6 MB for the lint) and filled V8's young generation, a GC more per lint. Evaluated as a script the
 * text is that function; required as a module (no launcher) it calls it, so `require('./cli-main.js')` still works.
 * ASCII only (esbuild's default charset, said here because the launcher reads the text as latin1).
 */
const cliWrapped = {
  charset: 'ascii',
  // esbuild leaves non-ASCII in regular expression literals (`/µs/`): \u escapes mean the same there, in strings and
  // in names, so the files the launcher reads as latin1 are ASCII whole.
  plugins: [
    ...common.plugins,
    {
      name: 'cli-ascii',
      setup(build) {
        build.onEnd((result) => {
          if (result.errors.length) return;
          const { entryPoints, outdir: dir, outfile } = build.initialOptions;
          for (const file of outfile ? [outfile] : Object.keys(entryPoints).map((name) => join(dir, `${name}.js`))) {
            const text = readFileSync(file, 'utf8');
            if (/[^\x00-\x7f]/.test(text))
              writeFileSync(
                file,
                text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
              );
          }
        });
      },
    },
  ],
  banner: {
    js: "(typeof exports === 'object' ? (f) => f.call(exports, exports, require, module, __filename, __dirname) : (f) => f)((function (exports, require, module, __filename, __dirname) {",
  },
  footer: { js: '\n}));' },
};

function listTests(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? listTests(p) : /\.(test|index)\.ts$|^index\.ts$/.test(f) ? [p] : [];
  });
}

const builds = [
  // The banner and footer mark when the bundle starts and ends to run, for the activation time (src/vscode/activation.ts).
  {
    ...common,
    entryPoints: { extension: 'src/extension.ts' },
    outdir,
    metafile,
    banner: { js: 'globalThis.__menderSwarmLoadStart = performance.now();' },
    footer: { js: 'globalThis.__menderSwarmLoadEnd = performance.now();' },
    plugins: [...common.plugins, featuresApart],
  },
  { ...common, entryPoints: { features: 'src/vscode/features.ts' }, outdir, metafile },
  {
    ...common,
    entryPoints: { 'cli-main': 'src/cli/main.ts' },
    outdir,
    metafile,
    define: { __MENDER_SWARM_VERSION__: JSON.stringify(pkg.version) },
    ...cliWrapped,
  },
  // `lint` alone, without the Docker client, and without the YAML libraries (the slow paths for unusual or broken
  // files and the project configuration file): ./cli-yaml.js and ./cli-js-yaml.js hold them, and a lint of a clean
  // file loads neither.
  {
    ...common,
    entryPoints: { 'cli-lint': 'src/cli/lintMain.ts' },
    outdir,
    metafile,
    define: { __MENDER_SWARM_VERSION__: JSON.stringify(pkg.version) },
    ...cliWrapped,
    plugins: [...cliWrapped.plugins, librariesApart],
  },
  ...Object.entries(SIDE_LIBRARIES).map(([lib, name]) => ({
    ...common,
    ...cliWrapped,
    stdin: { contents: `module.exports = require('${lib}');`, resolveDir: process.cwd(), sourcefile: `${name}.js` },
    outfile: join(outdir, `${name}.js`),
  })),
  // The bundles required on first use (src/lazyBundles.json, loaded by src/vscode/bundles.ts): one file each.
  ...Object.entries(LAZY_BUNDLES).map(([name, b]) => ({ ...common, entryPoints: { [name]: b.entry }, outdir })),
];
// The webviews' scripts (src/webview/*/main.ts): for the browser, each its own file, so elkjs stays out of the
// extension host's bundle (the webview lays its picture out itself).
const webviews = readdirSync('src/webview', { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(join('src/webview', d.name, 'main.ts')));
builds.push({
  entryPoints: Object.fromEntries(webviews.map((d) => [d.name, join('src/webview', d.name, 'main.ts')])),
  outdir: join(outdir, 'webview'),
  bundle: true,
  platform: 'browser',
  target: 'chrome120',
  format: 'iife',
  logLevel: 'warning',
  minify: prod,
  sourcemap: prod ? false : 'linked',
  legalComments: 'none',
});
const hostTests = listTests('test/host/suite');
if (!prod && hostTests.length) {
  builds.push({ ...common, entryPoints: hostTests, outdir: 'dist/test/host/suite', outbase: 'test/host/suite', external: [...common.external, 'mocha'] });
}

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('watching...');
} else {
  const results = await Promise.all(builds.map((b) => esbuild.build(b)));
  if (metafile)
    ['extension', 'features', 'cli', 'cli-lint'].forEach((name, i) => writeFileSync(join(outdir, `${name}.meta.json`), JSON.stringify(results[i].metafile)));
}
// The `mender-swarm` bin: a small launcher that runs dist/cli-main.js with V8's code cache.
mkdirSync(outdir, { recursive: true });
copyFileSync('src/cli/launcher.js', join(outdir, 'cli.js'));
chmodSync(join(outdir, 'cli.js'), 0o755);
// Node looks for the nearest package.json to learn each CommonJS file's module type: without this one it reads and
// parses the project's own (~37 KB of VS Code manifest) on every CLI start and extension activation (~2 ms a lint).
writeFileSync(join(outdir, 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`);
