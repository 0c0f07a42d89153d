// Engine API shapes the extension reads (Docker Engine API 1.41+, the subset we use).
// @types/dockerode types nodes, tasks, info and events as `any`; these give the rest of the code real types.
// Every field is optional unless the API always sends it: older engines and other implementations omit things.
import type Dockerode from 'dockerode';

import type { ContainerSpec, ServiceSpec } from '../core/deploy/engine';

// One spec type for the whole extension: the core's, which follows the Engine API (dockerode's typing is cast once, in stacks.ts).
export type { ContainerSpec, ServiceSpec };
export type NetworkInfo = Dockerode.NetworkInspectInfo;

/** `filters` for list endpoints and events: name -> accepted values (the API's map[string][]string). */
export type Filters = Record<string, string[]>;

export interface ObjectVersion {
  Index?: number;
}

export interface SwarmService {
  ID: string;
  Version?: ObjectVersion;
  CreatedAt?: string;
  UpdatedAt?: string;
  Spec?: ServiceSpec;
  PreviousSpec?: ServiceSpec;
  Endpoint?: Dockerode.Endpoint;
  UpdateStatus?: Dockerode.UpdateStatus;
  /** Only with `status: true` on API >= 1.41. */
  ServiceStatus?: { RunningTasks: number; DesiredTasks: number; CompletedTasks?: number };
}

export type TaskState =
  | 'new'
  | 'allocated'
  | 'pending'
  | 'assigned'
  | 'accepted'
  | 'preparing'
  | 'ready'
  | 'starting'
  | 'running'
  | 'complete'
  | 'shutdown'
  | 'failed'
  | 'rejected'
  | 'remove'
  | 'orphaned';

export interface TaskStatus {
  Timestamp?: string;
  State?: TaskState;
  Message?: string;
  /** e.g. "task: non-zero exit (1)", "No such image: ...". */
  Err?: string;
  ContainerStatus?: { ContainerID?: string; PID?: number; ExitCode?: number };
  PortStatus?: { Ports?: Dockerode.PortConfig[] };
}

export interface SwarmTask {
  ID: string;
  Version?: ObjectVersion;
  CreatedAt?: string;
  UpdatedAt?: string;
  Labels?: Record<string, string>;
  Spec?: Dockerode.TaskSpec & { ContainerSpec?: ContainerSpec };
  ServiceID?: string;
  Slot?: number;
  NodeID?: string;
  Status?: TaskStatus;
  DesiredState?: TaskState;
  NetworksAttachments?: Array<{ Network?: { ID?: string; Spec?: { Name?: string } }; Addresses?: string[] }>;
}

export interface SwarmNode {
  ID: string;
  Version?: ObjectVersion;
  CreatedAt?: string;
  UpdatedAt?: string;
  Spec?: {
    Name?: string;
    Labels?: Record<string, string>;
    Role?: 'worker' | 'manager';
    Availability?: 'active' | 'pause' | 'drain';
  };
  Description?: {
    Hostname?: string;
    Platform?: { Architecture?: string; OS?: string };
    Resources?: { NanoCPUs?: number; MemoryBytes?: number };
    Engine?: { EngineVersion?: string; Labels?: Record<string, string> };
  };
  Status?: { State?: 'unknown' | 'down' | 'ready' | 'disconnected'; Message?: string; Addr?: string };
  ManagerStatus?: { Leader?: boolean; Reachability?: 'unknown' | 'unreachable' | 'reachable'; Addr?: string };
}

export type LocalNodeState = '' | 'inactive' | 'pending' | 'active' | 'error' | 'locked';

export interface EngineInfo {
  ID?: string;
  Name?: string;
  ServerVersion?: string;
  OperatingSystem?: string;
  Architecture?: string;
  NCPU?: number;
  MemTotal?: number;
  Containers?: number;
  Images?: number;
  Swarm?: {
    NodeID?: string;
    NodeAddr?: string;
    LocalNodeState?: LocalNodeState;
    ControlAvailable?: boolean;
    Error?: string;
    Nodes?: number;
    Managers?: number;
    Cluster?: { ID?: string };
  };
}

export interface EngineVersion {
  Version?: string;
  ApiVersion?: string;
  MinAPIVersion?: string;
  Os?: string;
  Arch?: string;
  KernelVersion?: string;
}

export interface SwarmInspect {
  ID: string;
  Version?: ObjectVersion;
  CreatedAt?: string;
  UpdatedAt?: string;
  Spec?: Dockerode.Spec;
  JoinTokens?: { Worker?: string; Manager?: string };
}

/** One record of GET /events. */
export interface EngineEvent {
  Type?: string; // container, service, node, network, ...
  Action?: string; // create, update, remove, ...
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  scope?: 'local' | 'swarm';
  time?: number;
  timeNano?: number;
}
