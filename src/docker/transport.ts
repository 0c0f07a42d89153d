// The transport under SwarmClient: dockerode's modem (unix socket, TCP/TLS, SSH) and one `dial()` that adds the
// per-request timeout, abort handling and EngineError mapping to every request and stream.
import type { IncomingMessage } from 'node:http';
import type Dockerode from 'dockerode';
import type DockerModem from 'docker-modem';
import type { EngineConnection, EngineDescription } from './connection';
import { ConnectionConfigError, EngineError, toEngineError } from './errors';
import type { EngineInfo, Filters } from './types';

export const DEFAULT_TIMEOUT_MS = 10_000;

export interface SwarmClientOptions {
  /** Per request: until the answer (plain requests) or until the response starts (streams). */
  timeoutMs?: number;
}

type QueryValue = string | number | boolean | Filters | undefined;

export interface RequestSpec {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
  /** Without query string, e.g. `/services/abc`. */
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  okCodes?: number[];
  timeoutMs?: number;
}

/** Opens a streaming request (events, logs): resolves once the response starts. */
export type StreamOpener = (spec: RequestSpec, signal?: AbortSignal) => Promise<IncomingMessage>;

export const abortError = (reason: unknown): unknown => reason ?? Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });

/**
 * A 503 "not a swarm manager" means either "no swarm" or "worker": the message wording differs between
 * engine versions, /info says for sure.
 */
export function classifyNotManager(err: EngineError, info: EngineInfo | undefined): EngineError {
  if (err.kind !== 'not-swarm' && err.kind !== 'worker') return err;
  const state = info?.Swarm?.LocalNodeState;
  if (state === undefined) return err;
  const kind = state === 'active' && info?.Swarm?.ControlAvailable === false ? 'worker' : 'not-swarm';
  return kind === err.kind ? err : new EngineError(kind, err.message, err.statusCode, { cause: err.cause });
}

export class EngineTransport {
  readonly description: EngineDescription;
  readonly timeoutMs: number;
  private dockerode: Dockerode | undefined;

  constructor(
    readonly connection: EngineConnection,
    opts: SwarmClientOptions = {},
  ) {
    this.description = connection.description;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /**
   * dockerode (with docker-modem and ssh2, most of what the Docker layer costs to load) is required at the first
   * request, not with this module: the editor's status bar names its engine from the connection alone.
   */
  protected get docker(): Dockerode {
    if (this.dockerode) return this.dockerode;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous lazy load: dockerode only on the first call to the daemon
      const Ctor = require('dockerode') as typeof Dockerode;
      return (this.dockerode = new Ctor(this.connection.options));
    } catch (err) {
      // docker-modem parses DOCKER_HOST / DOCKER_CERT_PATH from process.env in its constructor even when we pass
      // everything explicitly, and throws on a malformed value.
      throw new ConnectionConfigError(`cannot set up the Docker client: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  dispose(): void {
    this.connection.options.agent?.destroy();
  }

  /** One request with timeout, abort and error mapping; resolves with parsed JSON (or a Buffer for non-JSON). */
  protected request<T>(spec: RequestSpec, signal?: AbortSignal): Promise<T> {
    return this.dial<T>(spec, false, signal);
  }

  /** A streaming request: resolves with the response once it starts; the timeout stops applying then. */
  protected stream(spec: RequestSpec, signal?: AbortSignal): Promise<IncomingMessage> {
    return this.dial<IncomingMessage>(spec, true, signal);
  }

  private async dial<T>(spec: RequestSpec, isStream: boolean, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) throw abortError(signal.reason);
    // Before the request's error mapping: a client that cannot be set up is a configuration problem, not the engine's.
    const { modem } = this.docker;
    const ctl = new AbortController();
    const timeoutMs = spec.timeoutMs ?? this.timeoutMs;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ctl.abort();
    }, timeoutMs);
    const onAbort = (): void => ctl.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const query: Record<string, string | number | boolean | Filters> = {};
    for (const [k, v] of Object.entries(spec.query ?? {})) {
      if (v !== undefined && !(typeof v === 'object' && Object.keys(v).length === 0)) query[k] = v;
    }
    const statusCodes: DockerModem.StatusCodes = {};
    for (const c of spec.okCodes ?? [200, 201, 204]) statusCodes[c] = true;
    const method = spec.method ?? 'GET';
    const dialOptions: DockerModem.DialOptions = {
      path: `${spec.path}?`,
      method,
      // docker-modem sends `_body` for POST (an empty object is not sent) and builds the query from `_query`,
      // JSON-encoding object values such as filters.
      options: { _query: query, _body: spec.body ?? {} },
      isStream,
      statusCodes,
      abortSignal: ctl.signal,
    };
    try {
      const result = await new Promise<T>((resolve, reject) => {
        modem.dial(dialOptions, (err, data) => (err ? reject(err) : resolve(data as T)));
      });
      if (isStream) {
        // Keep the caller's signal wired to the stream until it closes.
        (result as IncomingMessage).once('close', () => signal?.removeEventListener('abort', onAbort));
      }
      return result;
    } catch (err) {
      signal?.removeEventListener('abort', onAbort);
      if (timedOut) {
        throw new EngineError('timeout', `no answer from ${this.description.label} within ${timeoutMs / 1000} s (${method} ${spec.path})`, undefined, {
          cause: err,
        });
      }
      if (signal?.aborted) throw abortError(signal.reason);
      // ssh2 only says "Host denied (verification failed)"; the known_hosts check knows which key and why.
      const hostKey = this.connection.hostKey?.problem;
      if (hostKey) throw new EngineError('host-key', hostKey, undefined, { cause: err });
      throw await this.refine(toEngineError(err));
    } finally {
      clearTimeout(timer);
      if (!isStream) signal?.removeEventListener('abort', onAbort);
    }
  }

  private async refine(err: EngineError): Promise<EngineError> {
    if (err.statusCode !== 503 || (err.kind !== 'not-swarm' && err.kind !== 'worker')) return err;
    try {
      return classifyNotManager(err, await this.request<EngineInfo>({ path: '/info', timeoutMs: Math.min(this.timeoutMs, 3000) }));
    } catch {
      return err;
    }
  }
}
