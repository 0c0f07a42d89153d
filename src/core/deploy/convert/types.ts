import type { FileReader } from '../../manifest/files';
import type { Span } from '../../model/source';
import type { Labels, NetworkCreate, ServiceSpec } from '../engine';
import type { ImageMapping } from '../units';

export type IssueSeverity = 'error' | 'warning' | 'info';
export interface ConvertIssue {
  severity: IssueSeverity;
  code: string;
  message: string;
  service?: string;
  /** Where in the manifests, when known. */
  span?: Span;
}

export interface DesiredService {
  /** The name in the manifest. */
  name: string;
  /** `<stack>_<name>`, the swarm service name. */
  fullName: string;
  spec: ServiceSpec;
  /** Engine names of the networks, secrets and configs the service needs first. */
  networks: string[];
  secrets: string[];
  configs: string[];
}

export interface DesiredNetwork {
  name: string;
  fullName: string;
  external: boolean;
  create?: NetworkCreate;
}

export interface DesiredObject {
  kind: 'secret' | 'config';
  name: string;
  fullName: string;
  external: boolean;
  /** Where the data comes from (absolute file), or the data itself (compose-spec `content:` / `environment:`). */
  file?: string;
  content?: string;
  labels: Labels;
}

export interface DesiredStack {
  stack: string;
  services: DesiredService[];
  networks: DesiredNetwork[];
  secrets: DesiredObject[];
  configs: DesiredObject[];
  issues: ConvertIssue[];
}

export interface ConvertOptions {
  /** Stack name; defaults to the project's. */
  stack?: string;
  imageMap?: readonly ImageMapping[];
  /** For `env_file:`; the disk by default. */
  reader?: FileReader;
  /** Environment for `environment: [NAME]` entries without a value (the CLI resolves them from its own env). */
  env?: Record<string, string | undefined>;
}
