// One refresh of the explorer = a constant number of list calls, whatever the size of the swarm:
//   GET /info              engine + swarm state, and the cluster object (raft, dispatcher, CA) of GET /swarm
//   GET /nodes
//   GET /services?status=true   running/desired counts computed by the manager (API >= 1.41)
//   GET /tasks             every task, history included; children of nodes and services are cut from it
// plus GET /networks, /secrets, /configs and /volumes only when the caller asks (one of the Networks, Secrets,
// Configs or Volumes groups is expanded and something may have changed: see src/vscode/explorer/refresh.ts).
// Never one call per service or node.
// All calls go out in parallel so a refresh costs one round trip.
import type { XInfo, XNetwork, XNode, XService, XSwarmObject, XTask, XVolume } from './engineTypes';
import { isSettledTask } from '../taskStates';

/** The read side of SwarmClient the explorer needs (src/vscode/explorer adapts SwarmClient to it). */
export interface SwarmReader {
  info(signal?: AbortSignal): Promise<XInfo>;
  nodes(signal?: AbortSignal): Promise<XNode[]>;
  /** With ServiceStatus (`status=true`). */
  services(signal?: AbortSignal): Promise<XService[]>;
  tasks(signal?: AbortSignal): Promise<XTask[]>;
  networks(signal?: AbortSignal): Promise<XNetwork[]>;
  /** Optional: readers without them leave the Secrets, Configs and Volumes groups out. */
  secrets?(signal?: AbortSignal): Promise<XSwarmObject[]>;
  configs?(signal?: AbortSignal): Promise<XSwarmObject[]>;
  volumes?(signal?: AbortSignal): Promise<XVolume[]>;
}

export interface SwarmSnapshot {
  info: XInfo;
  nodes: XNode[];
  services: XService[];
  tasks: XTask[];
  /** Undefined when networks were not fetched (yet): the Networks group then loads them on expansion. */
  networks?: XNetwork[];
  /** Fetched with networks (the same lazy groups); undefined until then. */
  secrets?: XSwarmObject[];
  configs?: XSwarmObject[];
  volumes?: XVolume[];
  /** ms since the epoch, for relative times ("Running 2 minutes ago"). */
  fetchedAt: number;
}

/** What the engine is to the swarm, from /info. Only a manager can answer the list calls. */
export type EngineRole = 'manager' | 'worker' | 'not-swarm' | 'pending' | 'locked' | 'error';

export function engineRole(info: XInfo): EngineRole {
  const s = info.Swarm;
  switch (s?.LocalNodeState) {
    case 'active':
      return s.ControlAvailable ? 'manager' : 'worker';
    case 'pending':
      return 'pending';
    case 'locked':
      return 'locked';
    case 'error':
      return 'error';
    default:
      return 'not-swarm';
  }
}

/** Why there is no tree, in words the explorer shows (kind picks the actions offered with it). */
export type ProblemKind =
  | 'unreachable'
  | 'permission'
  | 'host-key' // an ssh:// engine's host key is unknown, changed or revoked
  | 'timeout'
  | 'config' // the engine setting / DOCKER_HOST / context itself is unusable
  | 'not-swarm'
  | 'worker'
  | 'pending'
  | 'locked'
  | 'error'
  | 'other';

export class SwarmStateProblem extends Error {
  override readonly name = 'SwarmStateProblem';
  constructor(
    readonly kind: ProblemKind,
    message: string,
    readonly info?: XInfo,
  ) {
    super(message);
  }
}

const STATE_WORDS: Record<Exclude<EngineRole, 'manager'>, string> = {
  'not-swarm': 'This engine is not part of a swarm.',
  worker: "This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state. Connect to a manager node instead.",
  pending: 'This engine is still joining a swarm.',
  locked: 'The swarm is locked: unlock it on this manager with `docker swarm unlock` and the unlock key.',
  error: 'The swarm reports an error on this engine.',
};

export interface FetchOptions {
  /** Fetch GET /networks too, and /secrets, /configs, /volumes when the reader has them (the lazy groups). */
  networks?: boolean;
  signal?: AbortSignal;
  now?: () => number;
}

/**
 * Fetch one snapshot. Throws the reader's error (e.g. EngineError 'unreachable') when /info fails, and a
 * SwarmStateProblem when the engine is reachable but cannot answer swarm lists (no swarm, worker, locked).
 */
export async function fetchSnapshot(reader: SwarmReader, opts: FetchOptions = {}): Promise<SwarmSnapshot> {
  const { signal } = opts;
  // allSettled, not all: when /info fails the list calls fail too, and a rejection nobody awaits would be
  // reported as unhandled by the extension host.
  const lazy = <T>(fn: ((signal?: AbortSignal) => Promise<T>) | undefined): Promise<T | undefined> =>
    opts.networks && fn ? fn(signal) : Promise.resolve(undefined);
  const [info, nodes, services, tasks, networks, secrets, configs, volumes] = await Promise.allSettled([
    reader.info(signal),
    reader.nodes(signal),
    reader.services(signal),
    reader.tasks(signal),
    lazy(reader.networks.bind(reader)),
    lazy(reader.secrets?.bind(reader)),
    lazy(reader.configs?.bind(reader)),
    lazy(reader.volumes?.bind(reader)),
  ]);
  if (info.status === 'rejected') throw info.reason;
  const role = engineRole(info.value);
  if (role !== 'manager') {
    // Prefer the daemon's own words (the 503 body of a list call) when there are any.
    const listError = [nodes, services, tasks].find((r) => r.status === 'rejected');
    const daemonWords = listError?.status === 'rejected' && listError.reason instanceof Error ? listError.reason.message : undefined;
    const swarmError = info.value.Swarm?.Error;
    const message = role === 'error' && swarmError ? swarmError : role === 'worker' && daemonWords ? daemonWords : STATE_WORDS[role];
    throw new SwarmStateProblem(role, message, info.value);
  }
  for (const r of [nodes, services, tasks, networks, secrets, configs, volumes]) if (r.status === 'rejected') throw r.reason;
  const value = <T>(r: PromiseSettledResult<T>): T => (r as PromiseFulfilledResult<T>).value;
  return {
    info: info.value,
    nodes: value(nodes),
    services: value(services),
    tasks: value(tasks),
    networks: value(networks),
    secrets: value(secrets),
    configs: value(configs),
    volumes: value(volumes),
    fetchedAt: (opts.now ?? Date.now)(),
  };
}

/**
 * Whether tasks may still change on another node. The manager's event stream carries container events of its
 * own node only, so a task starting, failing or restarting on a worker sends no event the explorer can see;
 * while anything is below its desired count or between states, the explorer refreshes on a timer too.
 */
export function workInProgressElsewhere(s: SwarmSnapshot): boolean {
  if (s.nodes.length < 2) return false;
  if (s.tasks.some((t) => (t.DesiredState === 'running' || t.DesiredState === 'ready') && !isSettledTask(t))) return true;
  return s.services.some((svc) => {
    const st = svc.ServiceStatus;
    return (
      st?.RunningTasks !== undefined &&
      st.DesiredTasks !== undefined &&
      st.RunningTasks < st.DesiredTasks &&
      !svc.Spec?.Mode?.ReplicatedJob &&
      !svc.Spec?.Mode?.GlobalJob
    );
  });
}
