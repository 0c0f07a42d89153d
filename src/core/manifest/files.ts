import { isUtf8 } from 'buffer';
import * as fs from 'fs';
import * as path from 'path';

/**
 * Why a file was not read. Validation runs in untrusted workspaces on the editor's only thread, so every read is
 * bounded: only regular files (a FIFO blocks forever, /dev/zero never ends), the size checked before reading, a
 * budget per stack, and content never taken through a symlink that leaves the workspace.
 */
export type ReadErrorKind = 'missing' | 'not-a-file' | 'too-large' | 'outside' | 'budget' | 'unreadable';
/** `invalidUtf8`: where the bytes stop being UTF-8 (compose refuses such a file); the text has U+FFFD there. */
export type ReadResult = { text: string; invalidUtf8?: { offset: number; byte: number } } | { error: string; kind?: ReadErrorKind };
export type StatResult = { ok: true } | { error: string; kind?: ReadErrorKind };

/** How the core reads files: the editor overlays unsaved buffers on the disk, the CLI reads the disk. */
export interface FileReader {
  /** The text, or an error message (missing, unreadable, a directory...). */
  read(path: string): ReadResult;
  /** Whether the path names a regular file, by `stat` alone: never opens it. */
  exists?(path: string): StatResult;
  /** Whether the reader holds this path's text in memory (an open editor): not a disk read. */
  inMemory?(path: string): boolean;
}

/** Limits on what one stack may read: a file, and all files together. */
export const READ_LIMITS = {
  /** Bytes of one file (the YAML parser refuses more anyway). */
  maxFileBytes: 8 * 1024 * 1024,
  /** Bytes read by one stack: its files, `extends`, `.env`, env files. */
  maxStackBytes: 32 * 1024 * 1024,
  /** Files read by one stack. */
  maxStackFiles: 256,
};

const MiB = (n: number): string => `${(n / 1048576).toFixed(1)} MiB`;

function errnoText(err: NodeJS.ErrnoException): { why: string; kind: ReadErrorKind } {
  if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return { why: 'no such file', kind: 'missing' };
  if (err.code === 'EACCES' || err.code === 'EPERM') return { why: 'permission denied', kind: 'unreadable' };
  if (err.code === 'EISDIR') return { why: 'is a directory', kind: 'not-a-file' };
  if (err.code === 'ELOOP') return { why: 'too many levels of symbolic links', kind: 'unreadable' };
  return { why: err.code ?? err.message, kind: 'unreadable' };
}

/** What a stat says about a path that is not a regular file. */
function notRegular(st: fs.Stats): string | undefined {
  if (st.isFile()) return undefined;
  if (st.isDirectory()) return 'is a directory';
  if (st.isFIFO()) return 'is a named pipe (FIFO), not a regular file';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'is a device, not a regular file';
  if (st.isSocket()) return 'is a socket, not a regular file';
  return 'is not a regular file';
}

export function statFile(p: string): StatResult {
  try {
    // No exception for the usual answer (a missing file): making one costs a stack trace.
    const st = fs.statSync(p, { throwIfNoEntry: false });
    if (!st) return { error: `${p}: no such file`, kind: 'missing' };
    const bad = notRegular(st);
    return bad ? { error: `${p}: ${bad}`, kind: 'not-a-file' } : { ok: true };
  } catch (e) {
    const { why, kind } = errnoText(e as NodeJS.ErrnoException);
    return { error: `${p}: ${why}`, kind };
  }
}

/**
 * Reads a regular file of at most `READ_LIMITS.maxFileBytes`. Opened non-blocking and checked with fstat on the
 * open descriptor, so a path swapped for a FIFO between a stat and the read cannot block; at most the limit plus
 * one byte is read, so a file that grows (or lies about its size) cannot exhaust memory.
 */
export function readRegularFile(p: string, maxBytes = READ_LIMITS.maxFileBytes): ReadResult {
  let fd: number | undefined;
  try {
    fd = fs.openSync(p, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const st = fs.fstatSync(fd);
    const bad = notRegular(st);
    if (bad) return { error: `${p}: ${bad}`, kind: 'not-a-file' };
    if (st.size > maxBytes) return { error: `${p}: ${MiB(st.size)}, over the ${MiB(maxBytes)} a file may have`, kind: 'too-large' };
    const buf = Buffer.alloc(Math.min(st.size, maxBytes) + 1);
    let n = 0;
    for (;;) {
      const got = fs.readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
      if (n === buf.length) {
        if (n > maxBytes) return { error: `${p}: over the ${MiB(maxBytes)} a file may have`, kind: 'too-large' };
        break; // grew since fstat but still under the limit: read what was there
      }
    }
    return decode(buf.subarray(0, n));
  } catch (e) {
    const { why, kind } = errnoText(e as NodeJS.ErrnoException);
    return { error: `${p}: ${why}`, kind };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Bytes to text as editors show it: a leading byte-order mark dropped (VS Code's document has none, so ranges
 * must not count it), and the first invalid UTF-8 sequence located for a diagnostic.
 */
export function decode(buf: Buffer): ReadResult {
  const start = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  const body = buf.subarray(start);
  const text = body.toString('utf8');
  const bad = isUtf8(body) ? -1 : firstInvalidUtf8(body); // the native check first: nearly every file is valid
  if (bad < 0) return { text };
  return { text, invalidUtf8: { offset: body.subarray(0, bad).toString('utf8').length, byte: body[bad] } };
}

/** Index of the first byte that does not start or continue a valid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) {
      n = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      min = 0x10000;
    } else return i;
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}

export const diskReader: FileReader = { read: (p) => readRegularFile(p), exists: statFile };

/** Overlay of in-memory texts (open editors) over another reader. */
export function overlayReader(texts: ReadonlyMap<string, string>, base: FileReader = diskReader): FileReader {
  return {
    read: (p) => (texts.has(p) ? { text: texts.get(p)! } : base.read(p)),
    exists: (p) => (texts.has(p) ? { ok: true } : fileExists(base, p)),
    inMemory: (p) => texts.has(p) || !!base.inMemory?.(p),
  };
}

/** Existence through any reader: by stat when it can, else by reading (a reader of in-memory texts). */
export function fileExists(reader: FileReader, p: string): StatResult {
  if (reader.exists) return reader.exists(p);
  const r = reader.read(p);
  return 'text' in r ? { ok: true } : r;
}

function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function realpath(p: string): string | undefined {
  try {
    return fs.realpathSync(p);
  } catch {
    return undefined;
  }
}

/**
 * The reader one stack's lint uses: a budget of bytes and files, and no content through a symlink that leads out
 * of `roots` (the workspace folders; the CLI's directory). A symlink may point anywhere for existence checks; its
 * target's text could end up in a message (a YAML error quotes its line, a value becomes a host), so it is not read.
 * Texts the base holds in memory (open editors) are not disk reads and are not confined.
 */
export function stackReader(base: FileReader, roots: readonly string[], limits = READ_LIMITS): FileReader {
  const realRoots = roots.map((r) => realpath(r) ?? path.resolve(r));
  const cache = new Map<string, ReadResult>();
  let bytes = 0;
  let files = 0;
  return {
    read(p) {
      const hit = cache.get(p);
      if (hit) return hit;
      const r = readOnce(p);
      cache.set(p, r);
      return r;
    },
    exists: (p) => fileExists(base, p),
    inMemory: (p) => !!base.inMemory?.(p),
  };

  function readOnce(p: string): ReadResult {
    const abs = path.resolve(p);
    const real = realpath(abs);
    // An in-memory text (an open editor) under this name is fine: it is what the user sees.
    if (real && real !== abs && !base.inMemory?.(abs) && realRoots.length && !realRoots.some((r) => isInside(real, r))) {
      const st = fileExists(base, abs);
      if (!('ok' in st)) return st;
      return { error: `${abs}: a symbolic link to ${real}, outside the workspace; it is not read`, kind: 'outside' };
    }
    if (files >= limits.maxStackFiles) {
      return { error: `${abs}: not read, the stack already read ${limits.maxStackFiles} files`, kind: 'budget' };
    }
    const r = base.read(abs);
    files++;
    if ('text' in r) {
      bytes += r.text.length;
      if (bytes > limits.maxStackBytes) {
        return { error: `${abs}: not read, the stack's files add up to more than ${MiB(limits.maxStackBytes)}`, kind: 'budget' };
      }
    }
    return r;
  }
}
