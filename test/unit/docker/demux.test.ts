import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { LogDemuxer, demuxAll, parseLogPrefixes, type LogRecord } from '../../../src/docker/demux';

function frame(type: number, payload: string | Buffer): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const h = Buffer.alloc(8);
  h[0] = type;
  h.writeUInt32BE(body.length, 4);
  return Buffer.concat([h, body]);
}

const out = (line: string): LogRecord => ({ stream: 'stdout', line });
const err = (line: string): LogRecord => ({ stream: 'stderr', line });

/** Feed `data` cut at the given offsets, collect everything. */
function feedSplit(data: Buffer, cuts: number[], opts: { tty?: boolean } = {}): LogRecord[] {
  const d = new LogDemuxer(opts);
  const records: LogRecord[] = [];
  let prev = 0;
  for (const c of [...cuts, data.length]) {
    records.push(...d.push(data.subarray(prev, c)));
    prev = c;
  }
  return [...records, ...d.end()];
}

test('frames of stdout and stderr become lines of each', () => {
  const data = Buffer.concat([frame(1, 'hello\n'), frame(2, 'oops\n'), frame(1, 'a\nb\n')]);
  assert.deepEqual(demuxAll(data), [out('hello'), err('oops'), out('a'), out('b')]);
});

test('split at every byte position gives the same records', () => {
  const data = Buffer.concat([frame(1, 'first line\n'), frame(2, 'error line\n'), frame(1, 'last\n')]);
  const whole = demuxAll(data);
  for (let i = 1; i < data.length; i++) assert.deepEqual(feedSplit(data, [i]), whole, `cut at ${i}`);
  // one byte at a time
  assert.deepEqual(
    feedSplit(
      data,
      Array.from({ length: data.length - 1 }, (_, i) => i + 1),
    ),
    whole,
  );
});

test('a line spread over several frames is joined; streams keep separate partial lines', () => {
  const data = Buffer.concat([frame(1, 'par'), frame(2, 'err '), frame(1, 'tial\n'), frame(2, 'half\n')]);
  assert.deepEqual(demuxAll(data), [out('partial'), err('err half')]);
});

test('multi-byte UTF-8 split across frames survives', () => {
  const bytes = Buffer.from('grüße €\n', 'utf8');
  const cut = bytes.indexOf(0xe2) + 1; // inside the euro sign
  const data = Buffer.concat([frame(1, bytes.subarray(0, cut)), frame(1, bytes.subarray(cut))]);
  assert.deepEqual(demuxAll(data), [out('grüße €')]);
});

test('CRLF endings, empty lines, zero-length frames', () => {
  const data = Buffer.concat([frame(1, ''), frame(1, 'x\r\n\n'), frame(1, '')]);
  assert.deepEqual(demuxAll(data), [out('x'), out('')]);
});

test('an unterminated last line is flushed at end', () => {
  assert.deepEqual(demuxAll(Buffer.concat([frame(1, 'done\nno newline')])), [out('done'), out('no newline')]);
});

test('a truncated final frame yields what arrived', () => {
  const f = frame(2, 'cut short\n');
  assert.deepEqual(demuxAll(f.subarray(0, f.length - 3)), [err('cut sho')]);
});

test('systemerr (3) goes to stderr, stdin (0) to stdout', () => {
  assert.deepEqual(demuxAll(Buffer.concat([frame(3, 'sys\n'), frame(0, 'in\n')])), [err('sys'), out('in')]);
});

test('TTY (raw) streams are detected and passed through as stdout lines', () => {
  const raw = Buffer.from('plain text\nfrom a tty\r\nend');
  assert.deepEqual(demuxAll(raw), [out('plain text'), out('from a tty'), out('end')]);
  for (let i = 1; i < raw.length; i++) assert.deepEqual(feedSplit(raw, [i]), demuxAll(raw), `cut at ${i}`);
});

test('tty: true forces raw even for bytes that look like a header', () => {
  const data = frame(1, 'x\n');
  assert.deepEqual(demuxAll(data, { tty: true }).length, 1);
  assert.equal(demuxAll(data, { tty: true })[0].line, data.toString('utf8').replace(/\n$/, ''));
});

test('a stream that turns out not to be framed is kept as text, not dropped', () => {
  const data = Buffer.concat([frame(1, 'ok\n'), Buffer.from('garbage that is not a frame\n')]);
  assert.deepEqual(demuxAll(data), [out('ok'), out('garbage that is not a frame')]);
});

test('large frames (daemon splits at 16 KiB) are reassembled', () => {
  const big = 'y'.repeat(40_000);
  const data = Buffer.concat([frame(1, big.slice(0, 16384)), frame(1, big.slice(16384, 32768)), frame(1, big.slice(32768) + '\n')]);
  assert.deepEqual(feedSplit(data, [5, 9000, 20000, 33000]), [out(big)]);
});

test('timestamps and swarm details prefixes are parsed off the line', () => {
  const line = '2024-05-01T10:20:30.123456789Z com.docker.swarm.node.id=n1,com.docker.swarm.service.id=s1,com.docker.swarm.task.id=t%2C1 hello world';
  const r = parseLogPrefixes(out(line), { timestamps: true, details: true });
  assert.equal(r.timestamp, '2024-05-01T10:20:30.123456789Z');
  assert.deepEqual(r.details, {
    'com.docker.swarm.node.id': 'n1',
    'com.docker.swarm.service.id': 's1',
    'com.docker.swarm.task.id': 't,1',
  });
  assert.equal(r.line, 'hello world');
  // Without the options nothing is touched, even if the text looks like a prefix.
  assert.equal(parseLogPrefixes(out(line), {}).line, line);
  // A line without details keeps its first word.
  assert.equal(parseLogPrefixes(out('plain words'), { details: true }).line, 'plain words');
});
