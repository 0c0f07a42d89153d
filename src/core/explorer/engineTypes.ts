// The Engine API shapes the explorer model reads: structural subsets of the list responses (API 1.41+).
// The core may not import src/docker (that would pull dockerode's types into plain-Node code), so these are
// declared here; SwarmClient's richer types (src/docker/types.ts) are assignable to them.
// Everything is optional that an engine may omit: older engines and other implementations leave fields out.

export interface XObjectVersion {
  Index?: number;
}

export interface XPortConfig {
  Name?: string;
  Protocol?: string; // tcp | udp | sctp
  TargetPort?: number;
  PublishedPort?: number;
  PublishMode?: string; // ingress | host
}

export interface XNetworkAttachmentConfig {
  Target?: string; // network id or name
  Aliases?: string[];
}

export interface XContainerSpec {
  Image?: string;
  Env?: string[];
  Labels?: Record<string, string>;
  Mounts?: Array<{ Type?: string; Source?: string; Target?: string; ReadOnly?: boolean }>;
  Secrets?: Array<{ SecretID?: string; SecretName?: string; File?: { Name?: string } }>;
  Configs?: Array<{ ConfigID?: string; ConfigName?: string; File?: { Name?: string } }>;
}

export interface XServiceSpec {
  Name?: string;
  Labels?: Record<string, string>;
  TaskTemplate?: {
    ContainerSpec?: XContainerSpec;
    Networks?: XNetworkAttachmentConfig[];
    Placement?: { Constraints?: string[] };
  };
  Mode?: {
    Replicated?: { Replicas?: number };
    Global?: object;
    ReplicatedJob?: { MaxConcurrent?: number; TotalCompletions?: number };
    GlobalJob?: object;
  };
  Networks?: XNetworkAttachmentConfig[]; // deprecated location, still sent by old clients
  EndpointSpec?: { Mode?: string; Ports?: XPortConfig[] };
}

export interface XService {
  ID: string;
  Version?: XObjectVersion;
  CreatedAt?: string;
  UpdatedAt?: string;
  Spec?: XServiceSpec;
  Endpoint?: {
    Spec?: { Mode?: string; Ports?: XPortConfig[] };
    Ports?: XPortConfig[];
    VirtualIPs?: Array<{ NetworkID?: string; Addr?: string }>;
  };
  UpdateStatus?: { State?: string; StartedAt?: string; CompletedAt?: string; Message?: string };
  ServiceStatus?: { RunningTasks?: number; DesiredTasks?: number; CompletedTasks?: number };
}

export interface XTask {
  ID: string;
  Version?: XObjectVersion;
  CreatedAt?: string;
  UpdatedAt?: string;
  Labels?: Record<string, string>;
  Spec?: { ContainerSpec?: XContainerSpec };
  ServiceID?: string;
  Slot?: number;
  NodeID?: string;
  Status?: {
    Timestamp?: string;
    State?: string;
    Message?: string;
    Err?: string;
    ContainerStatus?: { ContainerID?: string; PID?: number; ExitCode?: number };
    PortStatus?: { Ports?: XPortConfig[] };
  };
  DesiredState?: string;
  NetworksAttachments?: Array<{ Network?: { ID?: string; Spec?: { Name?: string } }; Addresses?: string[] }>;
}

export interface XNode {
  ID: string;
  Version?: XObjectVersion;
  CreatedAt?: string;
  Spec?: { Name?: string; Labels?: Record<string, string>; Role?: string; Availability?: string };
  Description?: {
    Hostname?: string;
    Platform?: { Architecture?: string; OS?: string };
    Resources?: { NanoCPUs?: number; MemoryBytes?: number };
    Engine?: { EngineVersion?: string };
  };
  Status?: { State?: string; Message?: string; Addr?: string };
  ManagerStatus?: { Leader?: boolean; Reachability?: string; Addr?: string };
}

export interface XNetwork {
  Name?: string;
  Id?: string;
  Created?: string;
  Scope?: string;
  Driver?: string;
  EnableIPv6?: boolean;
  Internal?: boolean;
  Attachable?: boolean;
  Ingress?: boolean;
  IPAM?: { Driver?: string; Config?: Array<{ Subnet?: string; Gateway?: string; IPRange?: string }> | null };
  Options?: Record<string, string> | null;
  Labels?: Record<string, string> | null;
}

/** The `Swarm.Cluster` of /info: the same object as GET /swarm minus the join tokens. */
export interface XCluster {
  ID?: string;
  CreatedAt?: string;
  UpdatedAt?: string;
  Spec?: {
    Name?: string;
    Orchestration?: { TaskHistoryRetentionLimit?: number };
    Raft?: {
      SnapshotInterval?: number;
      KeepOldSnapshots?: number;
      LogEntriesForSlowFollowers?: number;
      ElectionTick?: number;
      HeartbeatTick?: number;
    };
    Dispatcher?: { HeartbeatPeriod?: number };
    CAConfig?: { NodeCertExpiry?: number; ExternalCAs?: unknown[] };
    EncryptionConfig?: { AutoLockManagers?: boolean };
  };
  TLSInfo?: { TrustRoot?: string; CertIssuerSubject?: string };
  RootRotationInProgress?: boolean;
  DefaultAddrPool?: string[];
  SubnetSize?: number;
  DataPathPort?: number;
}

export interface XInfo {
  ID?: string;
  Name?: string;
  ServerVersion?: string;
  OperatingSystem?: string;
  Swarm?: {
    NodeID?: string;
    NodeAddr?: string;
    LocalNodeState?: string; // '' | inactive | pending | active | error | locked
    ControlAvailable?: boolean;
    Error?: string;
    Nodes?: number;
    Managers?: number;
    RemoteManagers?: Array<{ NodeID?: string; Addr?: string }> | null;
    Cluster?: XCluster;
  };
}

/** A secret or config as GET /secrets and /configs list it: metadata only (the engine never returns a secret's data). */
export interface XSwarmObject {
  ID: string;
  Version?: XObjectVersion;
  CreatedAt?: string;
  UpdatedAt?: string;
  Spec?: { Name?: string; Labels?: Record<string, string> | null };
}

/** A volume of the connected engine (GET /volumes). */
export interface XVolume {
  Name: string;
  Driver?: string;
  Mountpoint?: string;
  CreatedAt?: string;
  Scope?: string;
  Labels?: Record<string, string> | null;
}
