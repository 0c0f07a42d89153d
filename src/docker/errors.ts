// One error type for everything that goes wrong talking to an engine, so callers switch on `kind`
// (status bar, explorer placeholders, deploy messages) instead of parsing messages.

export type EngineErrorKind =
  | 'unreachable' // no daemon at that address (socket missing, connection refused, host unknown)
  | 'permission' // socket or TLS/SSH access denied
  | 'host-key' // ssh:// engine whose host key known_hosts does not vouch for (unknown, changed, revoked)
  | 'not-swarm' // engine is not part of a swarm
  | 'worker' // engine is a swarm worker: swarm state lives on managers
  | 'timeout'
  | 'not-found'
  | 'conflict'
  | 'out-of-sequence' // update with a stale object version
  | 'other';

export class EngineError extends Error {
  override readonly name = 'EngineError';

  constructor(
    readonly kind: EngineErrorKind,
    /** The daemon's own words where there are any (without docker-modem's "(HTTP code ...)" prefix). */
    message: string,
    readonly statusCode?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Raised while resolving which engine to use (bad DOCKER_HOST, unknown context, missing TLS files). */
export class ConnectionConfigError extends Error {
  override readonly name = 'ConnectionConfigError';
}

interface ModemError {
  message?: unknown;
  code?: unknown;
  statusCode?: unknown;
  json?: unknown;
  level?: unknown; // ssh2 puts 'client-authentication' etc. here
}

const UNREACHABLE_CODES = new Set(['ENOENT', 'ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ENOTSOCK']);

/** The daemon's message: JSON `{message}` body if there was one, else the modem message minus its prefix. */
export function daemonMessage(err: ModemError): string {
  const json = err.json;
  if (json && typeof json === 'object' && 'message' in json && typeof json.message === 'string') {
    return json.message.trim();
  }
  if (typeof json === 'string' && json.trim() !== '') return json.trim();
  if (Buffer.isBuffer(json) && json.length > 0) return json.toString('utf8').trim();
  // A plain object thrown (not an Error) is shown as JSON, not as "[object Object]".
  const msg = typeof err.message === 'string' ? err.message : err instanceof Error ? String(err) : JSON.stringify(err);
  return msg.replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
}

const NOT_MANAGER = /not a swarm manager|not part of a swarm/i;
const WORKER_WORDS = /Worker nodes can't be used/i;

/**
 * Classify anything thrown by dockerode/docker-modem/ssh2. A 503 "not a swarm manager" is reported as
 * 'not-swarm' unless the message says worker; SwarmClient refines it with /info (see client.ts).
 */
export function toEngineError(err: unknown): EngineError {
  if (err instanceof EngineError) return err;
  if (!err || typeof err !== 'object') return new EngineError('other', String(err));
  const e = err as ModemError;
  const code = typeof e.code === 'string' ? e.code : undefined;
  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  const message = daemonMessage(e);

  if (status === undefined) {
    if (code && UNREACHABLE_CODES.has(code)) return new EngineError('unreachable', message, undefined, { cause: err });
    if (code === 'EACCES' || code === 'EPERM') return new EngineError('permission', message, undefined, { cause: err });
    if (code === 'ETIMEDOUT') return new EngineError('timeout', message, undefined, { cause: err });
    if (e.level === 'client-authentication') return new EngineError('permission', message, undefined, { cause: err });
    if (typeof code === 'string' && /^ERR_TLS_|CERT|SELF_SIGNED/.test(code)) {
      return new EngineError('permission', message, undefined, { cause: err });
    }
    return new EngineError('other', message, undefined, { cause: err });
  }
  let kind: EngineErrorKind = 'other';
  if (status === 503 && NOT_MANAGER.test(message)) kind = WORKER_WORDS.test(message) ? 'worker' : 'not-swarm';
  else if (/update out of sequence/i.test(message)) kind = 'out-of-sequence';
  else if (status === 404) kind = 'not-found';
  else if (status === 409) kind = 'conflict';
  else if (status === 401 || status === 403) kind = 'permission';
  return new EngineError(kind, message, status, { cause: err });
}
