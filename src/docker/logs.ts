// Service and task logs (`GET /services/{id}/logs`, `/tasks/{id}/logs`), demultiplexed into lines. A non-follow
// read has an idle limit: an engine that sends the headers and then nothing (a node that went away mid-read)
// must end the read with an error, not hang the caller (`doctor`, the deploy's failure report) forever.
import { LogDemuxer, parseLogPrefixes, type LogRecord } from './demux';
import { EngineError, toEngineError } from './errors';
import type { StreamOpener } from './transport';

export interface LogOptions {
  /** Number of lines from the end, or 'all' (the default). */
  tail?: number | 'all';
  timestamps?: boolean;
  follow?: boolean;
  /** Ask for swarm context (node, service and task ids) per line, in `LogRecord.details`. */
  details?: boolean;
  /** Unix seconds (may be fractional) or RFC 3339. */
  since?: number | string;
  /** Force raw (TTY) or framed decoding; detected automatically when undefined. */
  tty?: boolean;
  /** Without `follow`: end with a 'timeout' error after this long without a byte. Default: the client's timeout. */
  idleMs?: number;
}

export async function* readLogs(
  open: StreamOpener,
  engineLabel: string,
  path: string,
  opts: LogOptions,
  defaultIdleMs: number,
  signal?: AbortSignal,
): AsyncGenerator<LogRecord, void, undefined> {
  const res = await open(
    {
      path,
      query: {
        stdout: true,
        stderr: true,
        follow: opts.follow ?? false,
        tail: opts.tail ?? 'all',
        timestamps: opts.timestamps ?? false,
        details: opts.details ?? false,
        since: opts.since,
      },
    },
    signal,
  );
  const idleMs = opts.follow ? 0 : (opts.idleMs ?? defaultIdleMs);
  let idleError: EngineError | undefined;
  let idleTimer: NodeJS.Timeout | undefined;
  const armIdle = (): void => {
    if (idleMs <= 0) return;
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      idleError = new EngineError('timeout', `log stream from ${engineLabel} sent nothing for ${idleMs / 1000} s (${path})`);
      res.destroy(idleError);
    }, idleMs);
  };
  const demux = new LogDemuxer({ tty: opts.tty });
  const prefixes = { timestamps: opts.timestamps, details: opts.details };
  try {
    armIdle();
    try {
      for await (const chunk of res) {
        clearTimeout(idleTimer); // the consumer's time between lines is not the engine's silence
        for (const r of demux.push(chunk as Buffer)) yield parseLogPrefixes(r, prefixes);
        armIdle();
      }
    } catch (err) {
      if (idleError) throw idleError;
      if (signal?.aborted) return;
      throw toEngineError(err);
    }
    if (idleError) throw idleError;
    for (const r of demux.end()) yield parseLogPrefixes(r, prefixes);
  } finally {
    clearTimeout(idleTimer);
    res.destroy();
  }
}
