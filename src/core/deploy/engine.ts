/**
 * The subset of the Docker Engine API (v1.41+) that a stack deploy sends and reads back.
 * The core must not import dockerode, so these mirror its field names exactly: the docker module passes
 * them to dockerode unchanged, and what dockerode returns (Service, NetworkInspectInfo, Secret, ConfigInfo)
 * is structurally assignable to the `Current*` shapes below.
 */
export type Labels = Record<string, string>;

export interface HealthConfig {
  Test?: string[];
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  StartInterval?: number;
  Retries?: number;
}
export interface Ulimit {
  Name?: string;
  Soft?: number;
  Hard?: number;
}
export interface FileRef {
  Name?: string;
  UID?: string;
  GID?: string;
  Mode?: number;
}
export interface SecretReference {
  File?: FileRef;
  SecretID?: string;
  SecretName?: string;
}
export interface ConfigReference {
  File?: FileRef & { Mode: number | undefined };
  ConfigID?: string;
  ConfigName?: string;
}
export interface Mount {
  Type?: 'bind' | 'volume' | 'tmpfs' | 'npipe' | 'cluster';
  Source?: string;
  Target?: string;
  ReadOnly?: boolean;
  Consistency?: string;
  BindOptions?: { Propagation?: string };
  VolumeOptions?: { NoCopy?: boolean; Labels?: Labels; DriverConfig?: { Name?: string; Options?: Record<string, string> } };
  TmpfsOptions?: { SizeBytes?: number; Mode?: number };
}

export interface ContainerSpec {
  Image?: string;
  Labels?: Labels;
  Command?: string[];
  Args?: string[];
  Hostname?: string;
  Env?: string[];
  Dir?: string;
  User?: string;
  Groups?: string[];
  Init?: boolean;
  TTY?: boolean;
  OpenStdin?: boolean;
  ReadOnly?: boolean;
  Mounts?: Mount[];
  StopSignal?: string;
  StopGracePeriod?: number;
  /** `Healthcheck`, as the engine writes it back (Go reads any case, so `HealthCheck` was accepted but never compared equal). */
  Healthcheck?: HealthConfig;
  Hosts?: string[];
  DNSConfig?: { Nameservers?: string[]; Search?: string[]; Options?: string[] };
  Secrets?: SecretReference[];
  Configs?: ConfigReference[];
  Isolation?: string;
  Sysctls?: Record<string, string>;
  CapabilityAdd?: string[];
  CapabilityDrop?: string[];
  Ulimits?: Ulimit[];
  /** Always sent by the CLI (convertService), empty unless credential_spec: the engine stores it as two nulls. */
  Privileges?: { CredentialSpec?: { Config?: string; File?: string; Registry?: string } | null; SELinuxContext?: null };
}

export interface NetworkAttachment {
  Target?: string;
  Aliases?: string[];
  DriverOpts?: Record<string, string>;
}
export interface RestartPolicy {
  Condition?: string;
  Delay?: number;
  MaxAttempts?: number;
  Window?: number;
}
export interface UpdateConfig {
  Parallelism: number;
  Delay?: number;
  FailureAction?: string;
  Monitor?: number;
  MaxFailureRatio?: number;
  Order: string;
}
export interface PortConfig {
  Name?: string;
  Protocol?: 'tcp' | 'udp' | 'sctp';
  TargetPort?: number;
  PublishedPort?: number;
  PublishMode?: 'ingress' | 'host';
}
export interface GenericResource {
  DiscreteResourceSpec?: { Kind?: string; Value?: number };
  NamedResourceSpec?: { Kind?: string; Value?: string };
}

export interface TaskSpec {
  ContainerSpec?: ContainerSpec;
  Resources?: {
    Limits?: { NanoCPUs?: number; MemoryBytes?: number; Pids?: number };
    Reservations?: { NanoCPUs?: number; MemoryBytes?: number; GenericResources?: GenericResource[] };
  };
  RestartPolicy?: RestartPolicy;
  Placement?: { Constraints?: string[]; Preferences?: { Spread: { SpreadDescriptor: string } }[]; MaxReplicas?: number };
  Networks?: NetworkAttachment[];
  LogDriver?: { Name?: string; Options?: Record<string, string> };
  ForceUpdate?: number;
  Runtime?: string;
}

export interface ServiceMode {
  Replicated?: { Replicas?: number };
  Global?: Record<string, never>;
  ReplicatedJob?: { MaxConcurrent?: number; TotalCompletions?: number };
  GlobalJob?: Record<string, never>;
}

export interface ServiceSpec {
  Name?: string;
  Labels?: Labels;
  TaskTemplate?: TaskSpec;
  Mode?: ServiceMode;
  UpdateConfig?: UpdateConfig;
  RollbackConfig?: UpdateConfig;
  EndpointSpec?: { Mode?: string; Ports?: PortConfig[] };
  /** Deprecated place of the networks (clients before API 1.25 wrote it); read, never written. */
  Networks?: NetworkAttachment[];
}

export interface NetworkCreate {
  Name: string;
  Driver?: string;
  Scope?: string;
  Internal?: boolean;
  Attachable?: boolean;
  Options?: Record<string, string>;
  Labels?: Labels;
  IPAM?: { Driver?: string; Options?: Record<string, string>; Config?: { Subnet?: string; IPRange?: string; Gateway?: string }[] };
}

export interface SecretOrConfigSpec {
  Name: string;
  Labels: Labels;
  Data: string; /* base64 */
}

/** What the engine lists (the fields we read). */
export interface CurrentService {
  ID: string;
  Version?: { Index?: number };
  Spec?: ServiceSpec;
  PreviousSpec?: ServiceSpec;
}
export interface CurrentNetwork {
  Id: string;
  Name: string;
  Driver?: string;
  Scope?: string;
  Attachable?: boolean;
  Internal?: boolean;
  Options?: Record<string, string> | undefined;
  Labels?: Labels | undefined;
}
export interface CurrentSecret {
  ID: string;
  Version?: { Index?: number };
  Spec?: { Name?: string; Labels?: Labels };
}
export interface CurrentStackState {
  services: CurrentService[];
  networks: CurrentNetwork[];
  secrets: CurrentSecret[];
  configs: CurrentSecret[];
}

export const LABEL_NAMESPACE = 'com.docker.stack.namespace';
export const LABEL_IMAGE = 'com.docker.stack.image';
