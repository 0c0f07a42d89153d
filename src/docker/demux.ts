// Demultiplexer for Docker log/attach streams.
// Non-TTY streams are a sequence of frames: [stream type (0 stdin, 1 stdout, 2 stderr, 3 systemerr), 0, 0, 0,
// payload length as uint32 big-endian] + payload. Frames need not line up with lines (the daemon splits long
// lines, the network splits frames), so lines are reassembled per stream. TTY streams are raw bytes; they are
// detected from the first bytes (a raw stream that happens to start with a valid header is not supported,
// which is what the docker CLI assumes too) or forced with `{ tty: true }`.
import { StringDecoder } from 'node:string_decoder';

export type LogStreamName = 'stdout' | 'stderr';

export interface LogRecord {
  stream: LogStreamName;
  /** The line without its newline, timestamp or details prefix. */
  line: string;
  /** RFC 3339 with nanoseconds, when requested with `timestamps`. */
  timestamp?: string;
  /** With `details`: e.g. com.docker.swarm.node.id, com.docker.swarm.service.id, com.docker.swarm.task.id. */
  details?: Record<string, string>;
}

class LineAssembler {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';

  constructor(readonly stream: LogStreamName) {}

  push(bytes: Buffer, out: LogRecord[]): void {
    const text = this.partial + this.decoder.write(bytes);
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    for (const p of parts) out.push({ stream: this.stream, line: stripCR(p) });
  }

  end(out: LogRecord[]): void {
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    if (rest !== '') out.push({ stream: this.stream, line: stripCR(rest) });
  }
}

const stripCR = (s: string): string => (s.endsWith('\r') ? s.slice(0, -1) : s);

const HEADER = 8;

export class LogDemuxer {
  private mode: 'unknown' | 'mux' | 'raw';
  private pending: Buffer = Buffer.alloc(0);
  private readonly stdout = new LineAssembler('stdout');
  private readonly stderr = new LineAssembler('stderr');

  /** `tty: true` forces raw mode, `false` forces frames, undefined detects from the first bytes. */
  constructor(opts: { tty?: boolean } = {}) {
    this.mode = opts.tty === undefined ? 'unknown' : opts.tty ? 'raw' : 'mux';
  }

  /** Feed bytes; returns the complete lines they finish. */
  push(chunk: Buffer): LogRecord[] {
    const out: LogRecord[] = [];
    if (this.mode === 'raw') {
      this.stdout.push(chunk, out);
      return out;
    }
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    if (this.mode === 'unknown') {
      if (this.pending.length === 0) return out;
      if (!plausibleHeaderPrefix(this.pending)) return this.switchToRaw(out);
      if (this.pending.length < 4) return out; // can't tell yet
      this.mode = 'mux';
    }
    let offset = 0;
    while (this.pending.length - offset >= HEADER) {
      if (!plausibleHeaderPrefix(this.pending.subarray(offset, offset + 4))) {
        // Misaligned or not multiplexed after all: keep what's left as raw text rather than dropping it.
        this.pending = this.pending.subarray(offset);
        return this.switchToRaw(out);
      }
      const size = this.pending.readUInt32BE(offset + 4);
      if (this.pending.length - offset - HEADER < size) break;
      const payload = this.pending.subarray(offset + HEADER, offset + HEADER + size);
      (this.pending[offset] === 2 || this.pending[offset] === 3 ? this.stderr : this.stdout).push(payload, out);
      offset += HEADER + size;
    }
    this.pending = this.pending.subarray(offset);
    return out;
  }

  /** End of stream: flush unterminated lines (and the readable part of a truncated frame). */
  end(): LogRecord[] {
    const out: LogRecord[] = [];
    if (this.pending.length > 0) {
      if (this.mode === 'mux' && this.pending.length >= HEADER) {
        const target = this.pending[0] === 2 || this.pending[0] === 3 ? this.stderr : this.stdout;
        target.push(this.pending.subarray(HEADER), out);
      } else if (this.mode !== 'mux') {
        this.stdout.push(this.pending, out);
      }
      this.pending = Buffer.alloc(0);
    }
    this.stdout.end(out);
    this.stderr.end(out);
    return out;
  }

  private switchToRaw(out: LogRecord[]): LogRecord[] {
    this.mode = 'raw';
    const rest = this.pending;
    this.pending = Buffer.alloc(0);
    this.stdout.push(rest, out);
    return out;
  }
}

function plausibleHeaderPrefix(b: Buffer): boolean {
  if (b[0] > 3) return false;
  for (let i = 1; i < Math.min(4, b.length); i++) if (b[i] !== 0) return false;
  return true;
}

/** Demultiplex a whole buffer at once (tests, small non-follow log reads). */
export function demuxAll(data: Buffer, opts: { tty?: boolean } = {}): LogRecord[] {
  const d = new LogDemuxer(opts);
  return [...d.push(data), ...d.end()];
}

const TIMESTAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) ?/;

/**
 * Split the prefixes the daemon adds to each line: `timestamps` puts an RFC 3339 time first, `details` then
 * puts comma-separated, query-escaped key=value pairs (followed by a space).
 */
export function parseLogPrefixes(record: LogRecord, opts: { timestamps?: boolean; details?: boolean }): LogRecord {
  let line = record.line;
  const result: LogRecord = { stream: record.stream, line };
  if (opts.timestamps) {
    const m = TIMESTAMP.exec(line);
    if (m) {
      result.timestamp = m[1];
      line = line.slice(m[0].length);
    }
  }
  if (opts.details) {
    const space = line.indexOf(' ');
    const head = space < 0 ? line : line.slice(0, space);
    if (head.includes('=')) {
      const details: Record<string, string> = {};
      for (const pair of head.split(',')) {
        const eq = pair.indexOf('=');
        if (eq <= 0) continue;
        details[safeDecode(pair.slice(0, eq))] = safeDecode(pair.slice(eq + 1));
      }
      result.details = details;
      line = space < 0 ? '' : line.slice(space + 1);
    }
  }
  result.line = line;
  return result;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}
