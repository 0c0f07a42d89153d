// The engine's event stream (`GET /events`): newline-delimited JSON records, parsed one by one. The engine sends
// nothing while nothing happens and has no heartbeat, so a half-open connection (a laptop resumed, a NAT that
// forgot the flow) looks exactly like a quiet swarm. Two guards: TCP keepalive on the socket, and an idle limit
// after which the subscription closes with a 'timeout' error; the explorer then refreshes, polls and subscribes
// again (src/vscode/explorer/refresh.ts), so at worst it is one idle period late, never stale for good.
import type { IncomingMessage } from 'node:http';
import { EngineError, toEngineError } from './errors';
import { abortError, type StreamOpener } from './transport';
import type { EngineEvent, Filters } from './types';

/** Default idle limit of an event subscription: one refresh per minute on a quiet swarm. */
export const EVENT_IDLE_MS = 60_000;
/** Keepalive probes on the socket after this much silence (tcp:// and ssh:// engines). */
export const KEEPALIVE_MS = 15_000;

export interface EventsOptions {
  /** Unix seconds or RFC 3339; events from before the call are replayed from there. */
  since?: number | string;
  until?: number | string;
  filters?: Filters;
  /** Close the subscription (with a 'timeout' error) after this long without a byte; 0 never. Default 60 s. */
  idleMs?: number;
}

export interface EventSubscription {
  dispose(): void;
  /** Settles when the stream ends: undefined if disposed/aborted or `until` was reached, else why it broke. */
  readonly closed: Promise<EngineError | undefined>;
}

/**
 * Subscribe to engine events; `onEvent` gets each parsed record. Resolves once the engine accepted the
 * subscription (so errors like 'unreachable' reject here), then runs until disposed, `signal` aborts, or the
 * stream stays quiet for `idleMs`.
 */
export async function subscribeEvents(
  open: StreamOpener,
  engineLabel: string,
  opts: EventsOptions,
  onEvent: (event: EngineEvent) => void,
  signal?: AbortSignal,
): Promise<EventSubscription> {
  const ctl = new AbortController();
  const onAbort = (): void => ctl.abort();
  if (signal?.aborted) throw abortError(signal.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  let res: IncomingMessage;
  try {
    res = await open({ path: '/events', query: { since: opts.since, until: opts.until, filters: opts.filters } }, ctl.signal);
  } catch (err) {
    signal?.removeEventListener('abort', onAbort);
    if (signal?.aborted) throw abortError(signal.reason);
    throw err;
  }
  res.socket?.setKeepAlive?.(true, KEEPALIVE_MS);
  const idleMs = opts.idleMs ?? EVENT_IDLE_MS;
  const closed = new Promise<EngineError | undefined>((resolve) => {
    let buffered = '';
    let error: EngineError | undefined;
    let idleTimer: NodeJS.Timeout | undefined;
    const armIdle = (): void => {
      if (idleMs <= 0) return;
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => {
        error = new EngineError('timeout', `event stream from ${engineLabel} sent nothing for ${idleMs / 1000} s; polling, then subscribing again`);
        res.destroy();
      }, idleMs);
    };
    armIdle();
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      armIdle();
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        if (line === '') continue;
        let event: EngineEvent;
        try {
          event = JSON.parse(line) as EngineEvent;
        } catch {
          continue; // a garbled record must not end the subscription
        }
        onEvent(event);
      }
    });
    res.on('error', (err) => {
      error ??= toEngineError(err);
    });
    res.on('close', () => {
      clearTimeout(idleTimer);
      signal?.removeEventListener('abort', onAbort);
      if (ctl.signal.aborted || (opts.until !== undefined && error === undefined)) resolve(undefined);
      else resolve(error ?? new EngineError('unreachable', `event stream from ${engineLabel} closed`));
    });
  });
  return { dispose: () => ctl.abort(), closed };
}
