// Reads made while waiting (convergence, rollback, doctor, stack removal) on a busy engine: a manager
// converging a hundred services can take longer than the client's per-request timeout to answer one list
// call. That is not a failure of the wait: a read that times out is tried again, with exponential backoff,
// until the command's own deadline, and the user is told "the engine is slow to answer" meanwhile.
// Only reads: a write that timed out may have landed, so callers decide about those themselves.
import { EngineError } from './errors';

export interface PatienceOptions {
  /** Epoch ms: the command's own deadline (its --timeout); no retry starts after it. */
  deadline: number;
  signal?: AbortSignal;
  /** Told once per slow spell, and again when the engine answers again (`recovered`). */
  onSlow?: (note: string, recovered: boolean) => void;
  /** First pause between attempts (doubling up to `maxDelayMs`). */
  firstDelayMs?: number;
  maxDelayMs?: number;
}

export const isTimeout = (err: unknown): err is EngineError => err instanceof EngineError && err.kind === 'timeout';

/** Wording shared by every wait, so the CLI, the editor and the tests all see the same words. */
export const SLOW_ENGINE = 'the engine is slow to answer';

/**
 * Run `read`; while it fails with a timeout and the deadline is not reached, wait (0.5 s, 1 s, 2 s ... up to
 * 8 s, never past the deadline) and run it again. After the deadline the last timeout is thrown, saying how
 * long it was retried.
 */
export async function patiently<T>(read: () => Promise<T>, opts: PatienceOptions): Promise<T> {
  const first = Date.now();
  let delay = opts.firstDelayMs ?? 500;
  let attempts = 0;
  for (;;) {
    try {
      const r = await read();
      if (attempts) opts.onSlow?.(`the engine answered again after ${attempts} slow ${attempts === 1 ? 'request' : 'requests'}`, true);
      return r;
    } catch (err) {
      if (!isTimeout(err) || opts.signal?.aborted) throw err;
      attempts++;
      const left = opts.deadline - Date.now();
      if (left <= 0) {
        throw new EngineError(
          'timeout',
          `${SLOW_ENGINE}: ${err.message}; tried ${attempts} ${attempts === 1 ? 'time' : 'times'} over ${((Date.now() - first) / 1000).toFixed(0)} s until the command's deadline`,
          undefined,
          { cause: err },
        );
      }
      if (attempts === 1) opts.onSlow?.(`${SLOW_ENGINE} (${err.message}); asking again until the deadline in ${Math.ceil(left / 1000)} s`, false);
      await sleep(Math.min(delay, left), opts.signal);
      delay = Math.min(delay * 2, opts.maxDelayMs ?? 8000);
    }
  }
}

/** Waits `ms`, or rejects with the abort's reason as soon as `signal` aborts (every wait of the Docker layer). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason ?? new Error('aborted'));
      return;
    }
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
