#!/usr/bin/env node
// Starts the CLI bundle with V8's code cache: CI runs the linter on every push, and on Node 20 (no
// module.enableCompileCache) compiling the bundle is a large share of a lint's whole-process time.
// The cache lives in the user's cache folder, keyed by the bundle and Node version; any failure
// falls back to a plain require.
'use strict';
const fs = require('fs');
const path = require('path');
// `lint` has a bundle of its own without the Docker client (most of the full CLI's size).
const bundle = path.join(__dirname, process.argv[2] === 'lint' ? 'cli-lint.js' : 'cli-main.js');
function cacheFile() {
  const st = fs.statSync(bundle);
  const base = process.env.XDG_CACHE_HOME || path.join(require('os').homedir(), '.cache');
  return path.join(base, 'mender-swarm', `${path.basename(bundle, '.js')}-${process.version}-${st.size}-${Math.floor(st.mtimeMs)}.v8cache`);
}
function run() {
  let file; let cached;
  try { file = cacheFile(); cached = fs.readFileSync(file); } catch { /* first run or no cache folder */ }
  const vm = require('vm');
  const Module = require('module');
  const src = fs.readFileSync(bundle, 'utf8');
  const script = new vm.Script(Module.wrap(src), { filename: bundle, cachedData: cached });
  const mod = new Module(bundle, module);
  mod.filename = bundle;
  mod.paths = Module._nodeModulePaths(__dirname);
  const req = (id) => mod.require(id);
  req.resolve = (id) => Module._resolveFilename(id, mod);
  req.main = require.main;   // the launcher is the main module: the bundle must not run main() itself
  if (file && (!cached || script.cachedDataRejected)) {
    // Written after the run, so the functions the run compiled are in the cache too.
    process.once('exit', () => {
      try { fs.mkdirSync(path.dirname(file), { recursive: true }); fs.writeFileSync(file, script.createCachedData()); } catch { /* read-only home: no cache */ }
    });
  }
  script.runInThisContext().call(mod.exports, mod.exports, req, mod, bundle, __dirname);
  return mod.exports;
}
let cli;
try { cli = run(); } catch (e) { if (e && e.code === 'ENOENT') throw e; cli = require(bundle); }
cli.main(process.argv.slice(2), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), env: process.env })
  .then((code) => { process.exitCode = code; }, (e) => { process.stderr.write(`mender-swarm: ${String(e)}\n`); process.exitCode = 2; });
