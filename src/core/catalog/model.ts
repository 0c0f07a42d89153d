/**
 * The Mender catalog's typed model: what each component reads, listens on and reaches, per era.
 * The data lives in mender-catalog.json; load.ts validates it into these types.
 */

export type EnvKind = 'url' | 'host-port' | 'mongo-url' | 'secret' | 'path' | 'flag' | 'string' | 'number';
export const ENV_KINDS: readonly EnvKind[] = ['url', 'host-port', 'mongo-url', 'secret', 'path', 'flag', 'string', 'number'];

export type LinkSeverity = 'error' | 'warning' | 'info';

export interface EnvVarDef {
  name: string;
  kind: EnvKind;
  /** The value the component uses when the variable is unset (absent: none). */
  default?: string;
  /** URL schemes the variable accepts (kind url). */
  schemes?: string[];
  /** Component id expected at the host the variable names. */
  target?: string;
  /** The variable names a place outside the swarm (devices' view): never resolved inside the stack. */
  public?: boolean;
  /** An optional feature: skipped when the stack runs no service of `target`. */
  optional?: boolean;
  /**
   * Eras in which it is optional as above, though later releases of a shared entry need it: WORKFLOWS_NATS_URI in
   * 3.x, whose first releases ran workflows without NATS. Optional when any candidate era of the service is listed.
   */
  optionalIn?: string[];
  /** Read only by the role of the component whose command or service name contains this word (e.g. worker). */
  when?: string;
  /** Only enterprise images read it: shown in hovers. */
  edition?: 'enterprise';
  /** How bad it is when the default host resolves to nothing (default: error). */
  severity?: LinkSeverity;
  /**
   * The variable holds a host name the component itself serves (e.g. a traefik Host() rule for the storage's
   * public name), not one it connects to: hosts in it are never links.
   */
  served?: boolean;
  /** What the variable is an endpoint of, for messages (e.g. "storage"). */
  endpointOf?: string;
  note?: string;
}

/** A host a component reaches with no variable to override it. */
export interface LinkDef {
  host: string;
  port?: number;
  target: string;
  severity?: LinkSeverity;
  optional?: boolean;
  why: string;
}

export interface CredentialDef {
  /** The component's own variable (e.g. AWS_ACCESS_KEY_ID). */
  var: string;
  /** The component holding the other half, and its variables that must hold the same value (first set wins). */
  component: string;
  equals: string[];
  /** The endpoint variable that says which service of `component` is meant. */
  via?: string;
}

export interface FileDef {
  /** Variable holding the path; its default when unset. */
  pathVar?: string;
  default: string;
  what: string;
  /** How bad a missing mount is (default error), and why it is less. */
  severity?: LinkSeverity;
  why?: string;
}

export interface RequireDef {
  anyOf: string[];
  unless?: { var: string; value: string };
  what: string;
  /** When a service of this component is in the stack, the missing setting is an error (else a warning). */
  storage?: string;
  why: string;
}

export interface RouteDef {
  host: string;
  port?: number;
  target: string;
  optional?: boolean;
}

export interface RoutesDef {
  severity: LinkSeverity;
  why: string;
  /** Routes come from elsewhere (traefik's docker or swarm provider, from labels) when the command matches this expression. */
  skipWhenCommand?: string;
  upstreams: RouteDef[];
}

export interface ComponentEra {
  ports: number[];
  /** Prefixes of the variables the component reads through viper: a prefixed variable it does not read is suspicious. */
  envPrefixes: string[];
  env: EnvVarDef[];
  links?: LinkDef[];
  credentials?: CredentialDef[];
  files?: FileDef[];
  requires?: RequireDef[];
  routes?: RoutesDef;
  /** Command-line flags that change the listening port (a port mismatch is then uncertain). */
  listenFlags?: string[];
}

export interface ImagePattern {
  /** The last path segment of the repository (`deployments` in `registry.mender.io/mendersoftware/deployments:4.0`). */
  name: string;
  /** An image that exists in some eras only (the nginx gateway, traefik, nats) says the service is one of them. */
  eras?: string[];
  edition?: 'enterprise';
  /** When set, the repository path must contain one of these (or a variable) for a match. */
  namespaces?: string[];
}

export interface ComponentDef {
  id: string;
  title: string;
  /** A Mender service proper (not a third-party dependency): evidence that the stack is a Mender stack. */
  mender?: boolean;
  overlay?: 'storage' | 'enterprise';
  gateway?: boolean;
  match: { images: ImagePattern[]; names: string[] };
  /** How the Kubernetes export runs it: a stateful store gets a StatefulSet with a volume claim per data path. */
  kubernetes?: KubernetesFacts;
  /** Era id (or `any`) -> what the component does in it. */
  eras: Record<string, ComponentEra>;
}

export interface KubernetesFacts {
  workload: 'StatefulSet' | 'Deployment';
  /** Where it keeps its state: each path not already on a volume gets a volume claim template. */
  dataPaths: string[];
  /** The data directory is the command's argument after this word (MinIO's `server /export`), when given. */
  dataPathAfterArg?: string;
  why: string;
}

export interface EraDef {
  id: string;
  title: string;
  composeVersion: string;
  source: string;
  /** Release dates (YYYY-MM-DD, `until` exclusive) whose images the era's facts describe: date tags map here. */
  dates?: { from?: string; until?: string };
  /** How the era's images are written (for completion): release tags, newest first, and the repositories. */
  images?: { tags: string[]; repository: string; enterpriseRepository: string };
}

/** A tag that carries its build date (Mender's hosted builds `saas-vYYYY.MM.DD`): named groups year, month, day. */
export interface TagDateDef {
  pattern: string;
  what: string;
}

/**
 * A tag that narrows the era: `mender-3.7.0` names the release (strength 0, as strong as a date); a plain component
 * version such as `1.0.0` says less, since components were versioned apart from Mender releases (strength 2, weak).
 * `latest`, `master` and branch names match none: they decide nothing.
 */
export interface TagEraDef {
  pattern: string;
  eras: string[];
  strength?: 0 | 1 | 2;
}

export interface Catalog {
  version: 1;
  eras: EraDef[];
  tagEras: TagEraDef[];
  /** Namespaces in an image path that make it Mender's own (mendersoftware, registry.mender.io, the enterprise repository). */
  menderNamespaces: string[];
  /** Variables in an image reference that only some lines' files use (MENDER_IMAGE_TAG today, MENDER_SERVER_TAG in 3.x). */
  imageVariables?: { pattern: string; eras: string[] }[];
  /** Date tags: the era whose `dates` hold the date, else the unknown era. */
  tagDates?: TagDateDef[];
  /** Variables any image may read (TZ, proxies...): never reported as unread. `*` ends a prefix. */
  genericEnv: string[];
  components: ComponentDef[];
}

export const ANY_ERA = 'any';
/**
 * Kept for messages of older callers: a service whose era no evidence narrows has every era of its component as a
 * candidate, and only what holds in all of them applies.
 */
export const UNKNOWN_ERA = 'unknown';
