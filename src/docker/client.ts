// SwarmClient: the typed, time-bounded door to one Docker engine. The transport (connection, timeouts, error
// mapping) is in transport.ts, the event stream in events.ts, logs in logs.ts; this file holds the typed API
// calls. Later areas (deploy, explorer actions) add methods in subclasses that call `request()` / `stream()`.
import type Dockerode from 'dockerode';
import { processEnvironment, resolveConnection, type ConnectionEnvironment, type ConnectionInput } from './connection';
import type { LogRecord } from './demux';
import { subscribeEvents, type EventsOptions, type EventSubscription } from './events';
import { EngineError, toEngineError } from './errors';
import { readLogs, type LogOptions } from './logs';
import { EngineTransport, type SwarmClientOptions } from './transport';
import type { EngineEvent, EngineInfo, EngineVersion, Filters, NetworkInfo, ServiceSpec, SwarmInspect, SwarmNode, SwarmService, SwarmTask } from './types';

export { classifyNotManager, DEFAULT_TIMEOUT_MS, type RequestSpec, type SwarmClientOptions } from './transport';
export type { EventsOptions, EventSubscription } from './events';
export type { LogOptions } from './logs';

export interface TtyExec {
  stream: NodeJS.ReadWriteStream;
  resize(size: { cols: number; rows: number }): Promise<void>;
  exitCode(): Promise<number | undefined>;
}

export class SwarmClient extends EngineTransport {
  /** Resolve the engine like the docker CLI (setting, DOCKER_HOST, context, default socket) and connect. */
  static fromEnvironment(input: ConnectionInput = {}, opts: SwarmClientOptions = {}, envr: ConnectionEnvironment = processEnvironment()): SwarmClient {
    return new SwarmClient(resolveConnection(input, envr), opts);
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

  listSecrets(filters?: Record<string, string[]>, signal?: AbortSignal): Promise<Dockerode.Secret[]> {
    return this.request({ path: '/secrets', query: { filters } }, signal);
  }

  listConfigs(filters?: Record<string, string[]>, signal?: AbortSignal): Promise<Dockerode.ConfigInfo[]> {
    return this.request({ path: '/configs', query: { filters } }, signal);
  }

  /** Volumes of this engine only (volumes are node-local; the manager does not list other nodes'). */
  async listVolumes(filters?: Filters, signal?: AbortSignal): Promise<Dockerode.VolumeInspectInfo[]> {
    const res = await this.request<{ Volumes?: Dockerode.VolumeInspectInfo[] | null }>({ path: '/volumes', query: { filters } }, signal);
    return res.Volumes ?? [];
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
    await this.request<unknown>({ method: 'POST', path: `/nodes/${encodeURIComponent(id)}/update`, query: { version }, body: spec }, signal);
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

  /** `docker swarm join` on this engine: it becomes a node of the swarm whose manager is at `remoteAddr`. */
  async joinSwarm(opts: { RemoteAddrs: string[]; JoinToken: string; ListenAddr?: string; AdvertiseAddr?: string }, timeoutMs?: number): Promise<void> {
    await this.request<unknown>({ method: 'POST', path: '/swarm/join', body: { ListenAddr: '0.0.0.0:2377', ...opts }, okCodes: [200], timeoutMs });
  }

  /** `docker swarm leave` on this engine (`force`: even as a manager or while joining). */
  async leaveSwarm(force = false): Promise<void> {
    await this.request<unknown>({ method: 'POST', path: '/swarm/leave', query: { force: force || undefined }, okCodes: [200] });
  }

  /** `docker node rm`: the node must be down (left or stopped) unless `force`. */
  async removeNode(id: string, force = false): Promise<void> {
    await this.request<unknown>({ method: 'DELETE', path: `/nodes/${encodeURIComponent(id)}`, query: { force: force || undefined }, okCodes: [200] });
  }

  // ------------------------------------------------------------------------------------------ exec

  /**
   * `docker exec -it`: an exec with a TTY in a container of this engine, started hijacked (one duplex stream, raw
   * TTY bytes both ways). Creating it is time-bounded; the stream then runs until either side closes it.
   */
  async execTty(containerId: string, cmd: string[], size?: { cols: number; rows: number }): Promise<TtyExec> {
    const bounded = <T>(p: Promise<T>): Promise<T> =>
      new Promise<T>((resolve, reject) => {
        const t = setTimeout(
          () => reject(new EngineError('timeout', `no answer from ${this.description.label} within ${this.timeoutMs / 1000} s`)),
          this.timeoutMs,
        );
        p.then(resolve, (err: unknown) => reject(toEngineError(err))).finally(() => clearTimeout(t));
      });
    const exec = await bounded(
      this.docker
        .getContainer(containerId)
        .exec({ Cmd: cmd, AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: true, Env: ['TERM=xterm-256color'] }),
    );
    const stream = await bounded(exec.start({ hijack: true, stdin: true, Tty: true }));
    const resize = async (s: { cols: number; rows: number }): Promise<void> => {
      await bounded(exec.resize({ h: s.rows, w: s.cols }) as Promise<unknown>);
    };
    if (size) await resize(size).catch(() => undefined); // not fatal: the shell starts at 80x24
    return { stream, resize, exitCode: async () => (await bounded(exec.inspect())).ExitCode ?? undefined };
  }

  // ------------------------------------------------------------------------------------------ streams

  /**
   * Subscribe to engine events; `onEvent` gets each parsed record. Resolves once the engine accepted the
   * subscription (so errors like 'unreachable' reject here), then runs until disposed, `signal` aborts or the
   * stream stays quiet for `opts.idleMs` (see events.ts).
   */
  events(opts: EventsOptions, onEvent: (event: EngineEvent) => void, signal?: AbortSignal): Promise<EventSubscription> {
    return subscribeEvents((spec, sig) => this.stream(spec, sig), this.description.label, opts, onEvent, signal);
  }

  /** Service logs, demultiplexed into lines. With `follow`, runs until the consumer stops or `signal` aborts. */
  serviceLogs(id: string, opts: LogOptions = {}, signal?: AbortSignal): AsyncGenerator<LogRecord, void, undefined> {
    return this.logs(`/services/${encodeURIComponent(id)}/logs`, opts, signal);
  }

  taskLogs(id: string, opts: LogOptions = {}, signal?: AbortSignal): AsyncGenerator<LogRecord, void, undefined> {
    return this.logs(`/tasks/${encodeURIComponent(id)}/logs`, opts, signal);
  }

  private logs(path: string, opts: LogOptions, signal?: AbortSignal): AsyncGenerator<LogRecord, void, undefined> {
    return readLogs((spec, sig) => this.stream(spec, sig), this.description.label, path, opts, this.timeoutMs, signal);
  }
}
