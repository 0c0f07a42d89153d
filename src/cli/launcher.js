#!/usr/bin/env node
// Starts the CLI bundle with V8's code cache: CI runs the linter on every push, and on Node 20 (no
// module.enableCompileCache) compiling the bundle is a large share of a lint's whole-process time.
// The bundles it requires on demand (./cli-yaml.js, ./cli-js-yaml.js: YAML libraries for unusual files) get one too.
// Each cache lives in the user's cache folder, keyed by the bundle and Node version; any failure
// falls back to a plain require.
'use strict';
const fs = require('fs');
const path = require('path');
// `lint` has a bundle of its own without the Docker client (most of the full CLI's size).
const lint = process.argv[2] === 'lint';
const main = path.join(__dirname, lint ? 'cli-lint.js' : 'cli-main.js');
/** What the bundles require that is a bundle of its own (scripts/build.mjs writes them wrapped, as the CLI's). */
const SIDE_BUNDLE = /^\.\/cli-[a-z-]+\.js$/;
function cacheFile(st, stem) {
  // HOME first: os.homedir() reads it too, and loading the os module is a cost every run would pay.
  const base = process.env.XDG_CACHE_HOME || path.join(process.env.HOME || require('os').homedir(), '.cache');
  return path.join(base, 'mender-swarm', `${stem}-${process.version}-${st.size}-${Math.floor(st.mtimeMs)}.v8cache`);
}
/** Reads `length` bytes of `file` into the start of `buf`. */
function readInto(file, buf, length) {
  const fd = fs.openSync(file, 'r');
  try {
    let off = 0;
    while (off < length) {
      const n = fs.readSync(fd, buf, off, length - off, off);
      if (n === 0) throw Object.assign(new Error(`${file} is shorter than it was`), { code: 'ESHORT' });
      off += n;
    }
  } finally {
    fs.closeSync(fd);
  }
}
/** Written whole or not at all (a lint running in parallel never reads half a file); older bundles' caches go. */
function writeCache(file, data, stem) {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
  for (const f of fs.readdirSync(dir)) {
    if (f.startsWith(`${stem}-`) && f !== path.basename(file) && /\.v8cache$/.test(f)) {
      try {
        fs.unlinkSync(path.join(dir, f));
      } catch {
        /* another run removed it */
      }
    }
  }
}
/** Side bundles loaded so far, by the id the bundle required them with: each runs once per process. */
const sides = new Map();
/**
 * Whether the lint bundle's cache may be written by this run: only once `lint` says it ran every check (io.wholeLint).
 * A cache is what its first run compiled, and one of a file that is not YAML would lack the checks' code for good.
 */
let representative = !lint;
/** Runs a wrapped bundle with its code cache and returns its exports. */
function load(bundle) {
  const st = fs.statSync(bundle);
  const stem = path.basename(bundle, '.js');
  let file;
  let cacheSize = 0;
  try {
    file = cacheFile(st, stem);
    cacheSize = fs.statSync(file).size;
  } catch {
    /* first run or no cache folder */
  }
  const vm = require('vm');
  // The Module class without require('module'): that public module loads the ES module loader and source maps too.
  const Module = module.constructor;
  // One buffer for both files: the bundle's text is read into it and copied out as a string, then the cache is read
  // over it. On this kind of machine a lint's cost above Node's own start-up is mostly fresh memory touched (each new
  // page is a fault), and the second file then lands in pages already touched.
  const buf = Buffer.allocUnsafeSlow(Math.max(st.size, cacheSize));
  readInto(bundle, buf, st.size);
  // The bundle is ASCII and already wrapped as a module function (scripts/build.mjs): read as latin1 it becomes V8's
  // string in one copy (utf8 decoding makes two), and no Module.wrap copies it again.
  const src = buf.toString('latin1', 0, st.size);
  let cached;
  if (cacheSize) {
    try {
      readInto(file, buf, cacheSize);
      cached = buf.subarray(0, cacheSize);
    } catch {
      /* removed or replaced meanwhile: compile without it */
    }
  }
  const script = new vm.Script(src, { filename: bundle, cachedData: cached });
  const mod = new Module(bundle, module);
  mod.filename = bundle;
  mod.paths = Module._nodeModulePaths(__dirname);
  const req = (id) => (SIDE_BUNDLE.test(id) ? side(mod, id) : mod.require(id));
  req.resolve = (id) => Module._resolveFilename(id, mod);
  req.main = require.main; // the launcher is the main module: the bundle must not run main() itself
  if (file && (!cached || script.cachedDataRejected)) {
    // Written after the run, so the functions the run compiled are in the cache too.
    process.once('exit', () => {
      if (bundle === main && !representative) return;
      try {
        writeCache(file, script.createCachedData(), stem);
      } catch {
        /* read-only home: no cache */
      }
    });
  }
  script.runInThisContext().call(mod.exports, mod.exports, req, mod, bundle, __dirname);
  return mod.exports;
}
/** A side bundle the running one requires (`./cli-yaml.js`): loaded once, with its own cache; else a plain require. */
function side(parent, id) {
  let exports = sides.get(id);
  if (exports === undefined) {
    try {
      exports = load(path.join(__dirname, id));
    } catch (e) {
      if (e && e.code === 'ENOENT') throw e;
      exports = parent.require(id);
    }
    sides.set(id, exports);
  }
  return exports;
}
/**
 * Output to a pipe, a file or /dev/null is written synchronously with fs.writeSync: process.stdout would load Node's
 * whole stream stack (~370 functions to compile), a large share of a CI lint's time above Node's own start-up. A
 * terminal keeps process.stdout (asking the tty module would load that stack too: any other character device is
 * taken for one), and so does Windows (its consoles need the stream's encoding). A non-blocking pipe that is full
 * (EAGAIN) hands the rest, and all that follows, to the stream, in order; a reader that went away (EPIPE) ends the
 * output quietly.
 */
function plainOutput(fd) {
  if (process.platform === 'win32') return false;
  try {
    const st = fs.fstatSync(fd);
    return st.isFile() || st.isFIFO() || st.isSocket() || (st.isCharacterDevice() && st.rdev === fs.statSync('/dev/null').rdev);
  } catch {
    return false;
  }
}
/** Whether any output went through a Node stream, which may still hold it when main() resolves. */
let streamed = false;
function output(fd, stream) {
  let direct = plainOutput(fd);
  let closed = false;
  return (s) => {
    if (closed) return;
    if (direct) {
      const buf = Buffer.from(s, 'utf8');
      let off = 0;
      try {
        while (off < buf.length) off += fs.writeSync(fd, buf, off);
        return;
      } catch (e) {
        if (e && e.code === 'EPIPE') {
          closed = true;
          return;
        }
        if (!e || e.code !== 'EAGAIN') throw e;
        direct = false;
        streamed = true;
        stream().write(buf.subarray(off));
        return;
      }
    }
    streamed = true;
    stream().write(s);
  };
}
let cli;
try {
  cli = load(main);
} catch (e) {
  if (e && e.code === 'ENOENT') throw e;
  cli = require(main);
}
cli
  .main(process.argv.slice(2), {
    stdout: output(1, () => process.stdout),
    stderr: output(2, () => process.stderr),
    env: process.env,
    wholeLint: () => {
      representative = true;
    },
  })
  .then(
    (code) => {
      process.exitCode = code;
      // A lint has nothing left to do once main() resolves and its output is written: exiting here skips tearing the
      // heap down (a few ms of every CI lint). Output a stream still holds, and the other commands, end naturally.
      if (lint && !streamed) process.exit(code);
    },
    (e) => {
      process.stderr.write(`mender-swarm: ${String(e)}\n`);
      process.exitCode = 2;
    },
  );
