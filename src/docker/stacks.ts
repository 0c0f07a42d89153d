// StackClient: the SwarmClient plus what deploy, scale, remove and doctor need (secrets, configs, networks,
// service updates with registry auth and rollback), all through the same time-bounded `request()`.
import type Dockerode from 'dockerode';
import { LABEL_NAMESPACE } from '../core/deploy/engine';
import type { CurrentStackState, NetworkCreate, SecretOrConfigSpec, ServiceSpec } from '../core/deploy/engine';
import { shortName } from '../core/deploy/plan';
import { processEnvironment, resolveConnection, type ConnectionEnvironment, type ConnectionInput } from './connection';
import { SwarmClient, type SwarmClientOptions } from './client';
import { EngineError, toEngineError } from './errors';
import { isTimeout, patiently, sleep } from './patience';

export { sleep } from './patience';
import type { RegistryAuth } from './registryAuth';
import type { Filters, SwarmService, SwarmTask } from './types';

export class StackClient extends SwarmClient {
  static override fromEnvironment(input: ConnectionInput = {}, opts: SwarmClientOptions = {}, envr: ConnectionEnvironment = processEnvironment()): StackClient {
    return new StackClient(resolveConnection(input, envr), opts);
  }

  /** CheckDuplicate so an interrupted deploy run again cannot leave two networks of one name (swarm allows that otherwise). */
  createNetwork(spec: NetworkCreate, signal?: AbortSignal): Promise<{ Id: string }> {
    return this.request({ method: 'POST', path: '/networks/create', body: { ...spec, CheckDuplicate: true }, okCodes: [200, 201] }, signal);
  }
  async removeNetwork(id: string, signal?: AbortSignal): Promise<void> {
    await this.request({ method: 'DELETE', path: `/networks/${encodeURIComponent(id)}`, okCodes: [200, 204] }, signal);
  }
  createSecret(spec: SecretOrConfigSpec, signal?: AbortSignal): Promise<{ ID: string }> {
    return this.request({ method: 'POST', path: '/secrets/create', body: spec, okCodes: [200, 201] }, signal);
  }
  createConfig(spec: SecretOrConfigSpec, signal?: AbortSignal): Promise<{ ID: string }> {
    return this.request({ method: 'POST', path: '/configs/create', body: spec, okCodes: [200, 201] }, signal);
  }
  async removeSecret(id: string, signal?: AbortSignal): Promise<void> {
    await this.request({ method: 'DELETE', path: `/secrets/${encodeURIComponent(id)}`, okCodes: [200, 204] }, signal);
  }
  async removeConfig(id: string, signal?: AbortSignal): Promise<void> {
    await this.request({ method: 'DELETE', path: `/configs/${encodeURIComponent(id)}`, okCodes: [200, 204] }, signal);
  }
  async removeVolume(name: string, signal?: AbortSignal): Promise<void> {
    await this.request({ method: 'DELETE', path: `/volumes/${encodeURIComponent(name)}`, okCodes: [200, 204] }, signal);
  }

  /**
   * Create or update with an X-Registry-Auth header, so nodes can pull private images (the CLI's
   * --with-registry-auth). request() has no header option, so this goes through dockerode with its own timeout.
   */
  async createServiceAuth(spec: ServiceSpec, auth: RegistryAuth | undefined, signal?: AbortSignal): Promise<{ ID: string }> {
    if (!auth) return this.createService(spec, signal);
    const svc = await this.bounded(
      (s) => this.docker.createService(auth as Dockerode.AuthConfig, { ...asDockerodeSpec(spec), abortSignal: s } as Dockerode.CreateServiceOptions),
      signal,
    );
    return { ID: svc.id };
  }

  async updateServiceFull(
    id: string,
    version: number,
    spec: ServiceSpec,
    opts: { auth?: RegistryAuth; rollback?: boolean } = {},
    signal?: AbortSignal,
  ): Promise<void> {
    if (!opts.auth && !opts.rollback) {
      await this.updateService(id, version, spec, signal);
      return;
    }
    const query: Record<string, string | number> = { version };
    if (opts.rollback) query.rollback = 'previous';
    if (!opts.auth) {
      await this.request({ method: 'POST', path: `/services/${encodeURIComponent(id)}/update`, query, body: spec }, signal);
      return;
    }
    const auth = opts.auth;
    await this.bounded((s) => this.docker.getService(id).update({ _query: query, _body: spec, authconfig: auth, abortSignal: s }), signal);
  }

  private async bounded<T>(fn: (s: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), this.timeoutMs);
    const onAbort = (): void => ctl.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await fn(ctl.signal);
    } catch (err) {
      if (ctl.signal.aborted && !signal?.aborted)
        throw new EngineError('timeout', `no answer from ${this.description.label} within ${this.timeoutMs / 1000} s`, undefined, { cause: err });
      throw toEngineError(err);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Last `lines` log lines of a task (or of a service when the task has none yet). Never throws: logs are extra. */
  async lastLogLines(kind: 'task' | 'service', id: string, lines = 20, signal?: AbortSignal): Promise<string[]> {
    const out: string[] = [];
    try {
      const gen = kind === 'task' ? this.taskLogs(id, { tail: lines }, signal) : this.serviceLogs(id, { tail: lines }, signal);
      for await (const r of gen) out.push(r.line);
    } catch (err) {
      out.push(`(logs unavailable: ${err instanceof Error ? err.message : String(err)})`);
    }
    return out.slice(-lines);
  }
}

/** Everything of one stack a plan compares against (networks, secrets, configs: all, to resolve names and externals). */
export async function readStackState(client: StackClient, stack: string, signal?: AbortSignal): Promise<CurrentStackState> {
  const label = { label: [`${LABEL_NAMESPACE}=${stack}`] };
  const [services, networks, secrets, configs] = await Promise.all([
    client.listServices({ filters: label }, signal),
    client.listNetworks(undefined, signal),
    client.listSecrets(undefined, signal),
    client.listConfigs(undefined, signal),
  ]);
  return {
    services: services.map((s) => ({ ID: s.ID, Version: s.Version, Spec: s.Spec, PreviousSpec: s.PreviousSpec })),
    networks: networks.map((n) => ({
      Id: n.Id,
      Name: n.Name,
      Driver: n.Driver,
      Scope: n.Scope,
      Attachable: n.Attachable,
      Internal: n.Internal,
      Options: n.Options,
      Labels: n.Labels,
    })),
    secrets: secrets.map((s) => ({ ID: s.ID, Version: s.Version, Spec: s.Spec })),
    configs: configs.map((c) => ({ ID: c.ID, Version: c.Version, Spec: c.Spec })),
  };
}

/** Stacks as `docker stack ls` sees them: namespace label -> service count. */
export async function listStacks(client: StackClient, signal?: AbortSignal): Promise<Map<string, number>> {
  const services = await client.listServices({ filters: { label: [LABEL_NAMESPACE] } }, signal);
  const out = new Map<string, number>();
  for (const s of services) {
    const ns = s.Spec?.Labels?.[LABEL_NAMESPACE];
    if (ns) out.set(ns, (out.get(ns) ?? 0) + 1);
  }
  return out;
}

export interface RemoveResult {
  services: string[];
  networks: string[];
  secrets: string[];
  configs: string[];
  errors: string[];
}

/**
 * `docker stack rm`: services first, then (once their tasks are gone and the networks have no endpoints) the
 * networks, secrets and configs carrying the stack's namespace label, and nothing else.
 */
export async function removeStack(
  client: StackClient,
  stack: string,
  opts: { signal?: AbortSignal; progress?: (m: string) => void; timeoutMs?: number } = {},
): Promise<RemoveResult> {
  const { signal } = opts;
  const label = { label: [`${LABEL_NAMESPACE}=${stack}`] };
  const res: RemoveResult = { services: [], networks: [], secrets: [], configs: [], errors: [] };
  const services = await client.listServices({ filters: label }, signal);
  await Promise.all(
    services.map(async (s) => {
      try {
        await client.removeService(s.ID, signal);
        res.services.push(s.Spec?.Name ?? s.ID);
        opts.progress?.(`removed service ${s.Spec?.Name}`);
      } catch (err) {
        if (!(err instanceof EngineError && err.kind === 'not-found')) res.errors.push(`service ${s.Spec?.Name}: ${msg(err)}`);
      }
    }),
  );
  const [secrets, configs] = await Promise.all([client.listSecrets(label, signal), client.listConfigs(label, signal)]);
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  // Secrets and configs stay "in use" until the removed services' tasks are gone; retry until then.
  const removeWithRetry = async (what: string, fn: () => Promise<void>): Promise<boolean> => {
    for (;;) {
      try {
        await fn();
        return true;
      } catch (err) {
        if (err instanceof EngineError && err.kind === 'not-found') return true;
        const inUse = /in use|active endpoints|has active/i.test(msg(err));
        if (!inUse || Date.now() > deadline) {
          res.errors.push(`${what}: ${msg(err)}`);
          return false;
        }
        await sleep(500, signal);
      }
    }
  };
  await Promise.all([
    ...secrets.map(async (s) => {
      if (await removeWithRetry(`secret ${s.Spec?.Name}`, () => client.removeSecret(s.ID, signal))) res.secrets.push(s.Spec?.Name ?? s.ID);
    }),
    ...configs.map(async (c) => {
      if (await removeWithRetry(`config ${c.Spec?.Name}`, () => client.removeConfig(c.ID, signal))) res.configs.push(c.Spec?.Name ?? c.ID);
    }),
  ]);
  const networks = await client.listNetworks(label, signal);
  await Promise.all(
    networks.map(async (n) => {
      if (await removeWithRetry(`network ${n.Name}`, () => client.removeNetwork(n.Id, signal))) {
        res.networks.push(n.Name);
        opts.progress?.(`removed network ${n.Name}`);
      }
    }),
  );
  // The manager lists a removed overlay network until its local endpoints are cleaned up; return once it is
  // gone, so "removed" means a fresh deploy of the same stack starts from nothing.
  const slow = { deadline, signal, onSlow: (note: string) => opts.progress?.(note) };
  while (
    Date.now() < deadline &&
    (
      await patiently(() => client.listNetworks(label, signal), slow).catch((err) => {
        if (isTimeout(err)) {
          res.errors.push(`networks: ${msg(err)}`);
          return [];
        }
        throw err;
      })
    ).some((n) => res.networks.includes(n.Name))
  )
    await sleep(300, signal);
  return res;
}

/** A service by `<stack>_<name>`, by its short name within `stack`, or by ID. */
export async function findService(client: StackClient, name: string, stack: string | undefined, signal?: AbortSignal): Promise<SwarmService> {
  // With a stack, every lookup (short name, full name, id) is bounded by the stack's label: a same-named
  // service of another stack, or a bare service named like ours, is never touched.
  const inStack = (s: SwarmService): boolean => !stack || s.Spec?.Labels?.[LABEL_NAMESPACE] === stack;
  const label: Filters = stack ? { label: [`${LABEL_NAMESPACE}=${stack}`] } : {};
  const candidates = stack ? [`${stack}_${name}`, name] : [name];
  for (const c of candidates) {
    const list = await client.listServices({ filters: { name: [c], ...label } }, signal);
    const exact = list.find((s) => s.Spec?.Name === c && inStack(s)) ?? list.find((s) => s.ID === c && inStack(s));
    if (exact) return exact;
  }
  let found: SwarmService | undefined;
  try {
    found = await client.inspectService(name, signal);
  } catch {
    found = undefined;
  }
  if (found && inStack(found)) return found;
  const other = found
    ? ` ("${found.Spec?.Name ?? name}" belongs to ${found.Spec?.Labels?.[LABEL_NAMESPACE] ? `stack "${found.Spec.Labels[LABEL_NAMESPACE]}"` : 'no stack'})`
    : '';
  throw new EngineError('not-found', `no service "${name}"${stack ? ` in stack "${stack}" (looked for ${stack}_${name})${other}` : ''}`);
}

/**
 * Read-modify-write of a service spec with the current Version.Index, retried when another writer got there
 * first ("update out of sequence").
 */
export async function updateWithRetry(
  client: StackClient,
  id: string,
  change: (spec: ServiceSpec, svc: SwarmService) => ServiceSpec | undefined,
  opts: { auth?: RegistryAuth; rollback?: boolean; signal?: AbortSignal; attempts?: number } = {},
): Promise<boolean> {
  const attempts = opts.attempts ?? 5;
  for (let i = 1; ; i++) {
    const svc = await client.inspectService(id, opts.signal);
    const spec = change(structuredClone(svc.Spec ?? {}), svc);
    if (!spec) return false;
    try {
      await client.updateServiceFull(svc.ID, svc.Version?.Index ?? 0, spec, { auth: opts.auth, rollback: opts.rollback }, opts.signal);
      return true;
    } catch (err) {
      if (err instanceof EngineError && err.kind === 'out-of-sequence' && i < attempts) {
        await sleep(100 * i, opts.signal);
        continue;
      }
      throw err;
    }
  }
}

/** `docker service scale`: replicated services only, non-negative integers; refuses before changing anything. */
export async function scaleServices(
  client: StackClient,
  targets: { service: string; replicas: number }[],
  opts: { stack?: string; signal?: AbortSignal } = {},
): Promise<SwarmService[]> {
  const found: SwarmService[] = [];
  for (const t of targets) {
    if (!Number.isInteger(t.replicas) || t.replicas < 0)
      throw new EngineError('other', `${t.service}: replicas must be a non-negative integer, not ${t.replicas}`);
    const svc = await findService(client, t.service, opts.stack, opts.signal);
    const mode = svc.Spec?.Mode;
    if (!mode?.Replicated)
      throw new EngineError(
        'other',
        `${svc.Spec?.Name}: scale works on replicated services only; this one is ${mode?.Global ? 'global' : mode?.ReplicatedJob ? 'a replicated job' : mode?.GlobalJob ? 'a global job' : 'of unknown mode'}`,
      );
    found.push(svc);
  }
  await Promise.all(
    found.map((svc, i) =>
      updateWithRetry(
        client,
        svc.ID,
        (spec) => {
          spec.Mode = { Replicated: { Replicas: targets[i].replicas } };
          return spec;
        },
        { signal: opts.signal },
      ),
    ),
  );
  return found;
}

export async function rollbackService(client: StackClient, name: string, opts: { stack?: string; signal?: AbortSignal } = {}): Promise<SwarmService> {
  const svc = await findService(client, name, opts.stack, opts.signal);
  if (!svc.PreviousSpec) throw new EngineError('other', `${svc.Spec?.Name}: no previous spec to roll back to (it was never updated)`);
  await updateWithRetry(client, svc.ID, (spec) => spec, { rollback: true, signal: opts.signal });
  return svc;
}

export async function forceUpdateService(client: StackClient, name: string, opts: { stack?: string; signal?: AbortSignal } = {}): Promise<SwarmService> {
  const svc = await findService(client, name, opts.stack, opts.signal);
  await updateWithRetry(
    client,
    svc.ID,
    (spec) => {
      spec.TaskTemplate = { ...spec.TaskTemplate, ForceUpdate: (spec.TaskTemplate?.ForceUpdate ?? 0) + 1 };
      return spec;
    },
    { signal: opts.signal },
  );
  return svc;
}

export function serviceShortName(svc: SwarmService): string {
  const name = svc.Spec?.Name ?? svc.ID;
  const ns = svc.Spec?.Labels?.[LABEL_NAMESPACE];
  return ns ? shortName(name, ns) : name;
}

export type { SwarmTask };

/**
 * @types/dockerode makes Mount.Source, VolumeOptions.DriverConfig etc. required, which the Engine API does not
 * (anonymous volumes and tmpfs have no source); our spec follows the API, so it is cast at this one boundary.
 */
function asDockerodeSpec(spec: ServiceSpec): Dockerode.ServiceSpec {
  return spec as unknown as Dockerode.ServiceSpec;
}

export function msg(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
