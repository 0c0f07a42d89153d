// SwarmClient: the typed, time-bounded door to one Docker engine. Wraps dockerode's modem (connection, TLS,
// SSH) and does every request through `request()`, which adds the timeout, abort handling and EngineError
// mapping. Later areas (deploy, explorer actions) add methods next to these, or in sibling files that call
// `request()` / `stream()` (they are protected for that reason).
import type { IncomingMessage } from 'node:http';
import Dockerode from 'dockerode';
import type DockerModem from 'docker-modem';
import {
  processEnvironment,
  resolveConnection,
  type ConnectionEnvironment,
  type ConnectionInput,
  type EngineConnection,
  type EngineDescription,
} from './connection';
import { LogDemuxer, parseLogPrefixes, type LogRecord } from './demux';
import { ConnectionConfigError, EngineError, toEngineError } from './errors';
import type {
  EngineEvent,
  EngineInfo,
  EngineVersion,
  Filters,
  NetworkInfo,
  ServiceSpec,
  SwarmInspect,
  SwarmNode,
  SwarmService,
  SwarmTask,
} from './types';

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
}

export interface EventsOptions {
  /** Unix seconds or RFC 3339; events from before the call are replayed from there. */
  since?: number | string;
  until?: number | string;
  filters?: Filters;
}

export interface EventSubscription {
  dispose(): void;
  /** Settles when the stream ends: undefined if disposed/aborted or `until` was reached, else why it broke. */
  readonly closed: Promise<EngineError | undefined>;
}

const abortError = (reason: unknown): unknown =>
  reason ?? Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });

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

export class SwarmClient {
  readonly description: EngineDescription;
  readonly timeoutMs: number;
  protected readonly docker: Dockerode;

  constructor(
    readonly connection: EngineConnection,
    opts: SwarmClientOptions = {},
  ) {
    this.description = connection.description;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    try {
      this.docker = new Dockerode(connection.options);
    } catch (err) {
      // docker-modem parses DOCKER_HOST / DOCKER_CERT_PATH from process.env in its constructor even when we pass
      // everything explicitly, and throws on a malformed value.
      throw new ConnectionConfigError(`cannot set up the Docker client: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Resolve the engine like the docker CLI (setting, DOCKER_HOST, context, default socket) and connect. */
  static fromEnvironment(
    input: ConnectionInput = {},
    opts: SwarmClientOptions = {},
    envr: ConnectionEnvironment = processEnvironment(),
  ): SwarmClient {
    return new SwarmClient(resolveConnection(input, envr), opts);
  }

  dispose(): void {
    this.connection.options.agent?.destroy();
  }

  // ------------------------------------------------------------------------------------------ engine

  async ping(signal?: AbortSignal): Promise<void> {
    await this.request<unknown>({ path: '/_ping' }, signal);
  }

  info(signal?: AbortSignal): Promise<EngineInfo> {
    return this.request<EngineInfo>({ path: '/info' }, signal);
  }

  version(signal?: AbortSignal): Promise<EngineVersion> {
    return this.request<EngineVersion>({ path: '/version' }, signal);
  }

  swarmInspect(signal?: AbortSignal): Promise<SwarmInspect> {
    return this.request<SwarmInspect>({ path: '/swarm' }, signal);
  }

  // ------------------------------------------------------------------------------------------ lists

  listNodes(filters?: Filters, signal?: AbortSignal): Promise<SwarmNode[]> {
    return this.request<SwarmNode[]>({ path: '/nodes', query: { filters } }, signal);
  }

  /** `status: true` adds ServiceStatus (running/desired task counts) on API >= 1.41; older engines ignore it. */
  listServices(opts: { status?: boolean; filters?: Filters } = {}, signal?: AbortSignal): Promise<SwarmService[]> {
    return this.request<SwarmService[]>({ path: '/services', query: { status: opts.status, filters: opts.filters } }, signal);
  }

  /** Filters: service, node, desired-state (running|shutdown|accepted), label, name, id. */
  listTasks(filters?: Filters, signal?: AbortSignal): Promise<SwarmTask[]> {
    return this.request<SwarmTask[]>({ path: '/tasks', query: { filters } }, signal);
  }

  listNetworks(filters?: Filters, signal?: AbortSignal): Promise<NetworkInfo[]> {
    return this.request<NetworkInfo[]>({ path: '/networks', query: { filters } }, signal);
  }

  // ------------------------------------------------------------------------------------------ inspect

  inspectService(id: string, signal?: AbortSignal): Promise<SwarmService> {
    return this.request<SwarmService>({ path: `/services/${encodeURIComponent(id)}` }, signal);
  }

  inspectTask(id: string, signal?: AbortSignal): Promise<SwarmTask> {
    return this.request<SwarmTask>({ path: `/tasks/${encodeURIComponent(id)}` }, signal);
  }

  inspectNode(id: string, signal?: AbortSignal): Promise<SwarmNode> {
    return this.request<SwarmNode>({ path: `/nodes/${encodeURIComponent(id)}` }, signal);
  }

  inspectNetwork(id: string, signal?: AbortSignal): Promise<NetworkInfo> {
    return this.request<NetworkInfo>({ path: `/networks/${encodeURIComponent(id)}` }, signal);
  }

  // ------------------------------------------------------------------------------------------ services

  /** Creates without digest resolution or pulls (the swarm agent resolves the image on the nodes). */
  createService(spec: ServiceSpec, signal?: AbortSignal): Promise<{ ID: string; Warnings?: string[] | null }> {
    return this.request({ method: 'POST', path: '/services/create', body: spec, okCodes: [200, 201] }, signal);
  }

  /** `version` must be the service's current Version.Index, else the engine answers 'out-of-sequence'. */
  async updateService(id: string, version: number, spec: ServiceSpec, signal?: AbortSignal): Promise<{ Warnings?: string[] | null }> {
    const res = await this.request<{ Warnings?: string[] | null } | Buffer>(
      { method: 'POST', path: `/services/${encodeURIComponent(id)}/update`, query: { version }, body: spec },
      signal,
    );
    return Buffer.isBuffer(res) ? {} : res;
  }

  async removeService(id: string, signal?: AbortSignal): Promise<void> {
    await this.request<unknown>({ method: 'DELETE', path: `/services/${encodeURIComponent(id)}` }, signal);
  }

  // ------------------------------------------------------------------------------------------ nodes / swarm (explorer)

  /**
   * Replace a node's spec (availability drain/pause/active, role worker/manager, labels). `version` must be the
   * node's current Version.Index, else the engine answers 'out-of-sequence'.
   */
  async updateNode(id: string, version: number, spec: NonNullable<SwarmNode['Spec']>, signal?: AbortSignal): Promise<void> {
    await this.request<unknown>(
      { method: 'POST', path: `/nodes/${encodeURIComponent(id)}/update`, query: { version }, body: spec },
      signal,
    );
  }

  /** `docker swarm init`; resolves with the new node id. */
  async initSwarm(
    opts: { AdvertiseAddr?: string; ListenAddr?: string; DataPathAddr?: string; ForceNewCluster?: boolean },
    signal?: AbortSignal,
  ): Promise<string> {
    const res = await this.request<string | Buffer>(
      { method: 'POST', path: '/swarm/init', body: { ListenAddr: opts.ListenAddr ?? '0.0.0.0:2377', ...opts } },
      signal,
    );
    return Buffer.isBuffer(res) ? res.toString('utf8').trim() : String(res);
  }

  // ------------------------------------------------------------------------------------------ streams

  /**
   * Subscribe to engine events; `onEvent` gets each parsed record. Resolves once the engine accepted the
   * subscription (so errors like 'unreachable' reject here), then runs until disposed or `signal` aborts.
   */
  async events(opts: EventsOptions, onEvent: (event: EngineEvent) => void, signal?: AbortSignal): Promise<EventSubscription> {
    const ctl = new AbortController();
    const onAbort = (): void => ctl.abort();
    if (signal?.aborted) throw abortError(signal.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    let res: IncomingMessage;
    try {
      res = await this.stream({ path: '/events', query: { since: opts.since, until: opts.until, filters: opts.filters } }, ctl.signal);
    } catch (err) {
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) throw abortError(signal.reason);
      throw err;
    }
    const closed = new Promise<EngineError | undefined>((resolve) => {
      let buffered = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
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
      let error: EngineError | undefined;
      res.on('error', (err) => {
        error = toEngineError(err);
      });
      res.on('close', () => {
        signal?.removeEventListener('abort', onAbort);
        if (ctl.signal.aborted || opts.until !== undefined) resolve(undefined);
        else resolve(error ?? new EngineError('unreachable', `event stream from ${this.description.label} closed`));
      });
    });
    return { dispose: () => ctl.abort(), closed };
  }

  /** Service logs, demultiplexed into lines. With `follow`, runs until the consumer stops or `signal` aborts. */
  serviceLogs(id: string, opts: LogOptions = {}, signal?: AbortSignal): AsyncGenerator<LogRecord, void, undefined> {
    return this.logs(`/services/${encodeURIComponent(id)}/logs`, opts, signal);
  }

  taskLogs(id: string, opts: LogOptions = {}, signal?: AbortSignal): AsyncGenerator<LogRecord, void, undefined> {
    return this.logs(`/tasks/${encodeURIComponent(id)}/logs`, opts, signal);
  }

  private async *logs(path: string, opts: LogOptions, signal?: AbortSignal): AsyncGenerator<LogRecord, void, undefined> {
    const res = await this.stream(
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
    const demux = new LogDemuxer({ tty: opts.tty });
    const prefixes = { timestamps: opts.timestamps, details: opts.details };
    try {
      try {
        for await (const chunk of res) {
          for (const r of demux.push(chunk as Buffer)) yield parseLogPrefixes(r, prefixes);
        }
      } catch (err) {
        if (signal?.aborted) return;
        throw toEngineError(err);
      }
      for (const r of demux.end()) yield parseLogPrefixes(r, prefixes);
    } finally {
      res.destroy();
    }
  }

  // ------------------------------------------------------------------------------------------ plumbing

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
        this.docker.modem.dial(dialOptions, (err, data) => (err ? reject(err) : resolve(data as T)));
      });
      if (isStream) {
        // Keep the caller's signal wired to the stream until it closes.
        (result as IncomingMessage).once('close', () => signal?.removeEventListener('abort', onAbort));
      }
      return result;
    } catch (err) {
      signal?.removeEventListener('abort', onAbort);
      if (timedOut) {
        throw new EngineError(
          'timeout',
          `no answer from ${this.description.label} within ${timeoutMs / 1000} s (${method} ${spec.path})`,
          undefined,
          { cause: err },
        );
      }
      if (signal?.aborted) throw abortError(signal.reason);
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
