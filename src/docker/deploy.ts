// Apply a deploy plan to the swarm and wait for it to converge. Idempotent and resumable: every step is
// decided from what the engine has now (a second run after an interruption creates only what is missing and
// updates only what differs), network creation refuses duplicates, and a create that collides with a service
// created meanwhile becomes an update.
import type { DesiredStack } from '../core/deploy/convert';
import { LABEL_NAMESPACE, type CurrentStackState, type ServiceSpec } from '../core/deploy/engine';
import { diffSpecs, engineSpec, planStack, resolveRefs, type Plan, type PlanOptions } from '../core/deploy/plan';
import { readObjectData, versionLabels } from '../core/deploy/objectVersions';
import { EngineError } from './errors';
import { loadRegistryAuth, type RegistryAuth } from './registryAuth';
import { msg, readStackState, sleep, StackClient, updateWithRetry } from './stacks';
import { waitForConvergence, type ConvergeResult } from './converge';

export type DeployPhase = 'plan' | 'networks' | 'objects' | 'services' | 'prune' | 'converge' | 'done';
export interface DeployEvent {
  phase: DeployPhase;
  message: string;
  service?: string;
  running?: number;
  desired?: number;
}
export type ProgressFn = (e: DeployEvent) => void;

export interface ApplyOptions {
  signal?: AbortSignal;
  progress?: ProgressFn;
  /** Send registry credentials from the Docker config (default true, like --with-registry-auth). */
  registryAuth?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Services created/updated at once. */
  concurrency?: number;
}

export interface ApplyResult {
  created: string[];
  updated: string[];
  unchanged: string[];
  removed: string[];
  /** fullName -> service ID, for every desired service. */
  serviceIds: Map<string, string>;
}

export async function applyPlan(client: StackClient, plan: Plan, desired: DesiredStack, opts: ApplyOptions = {}): Promise<ApplyResult> {
  const { signal } = opts;
  const progress = opts.progress ?? ((): void => undefined);
  if (plan.blocking.length) throw new Error(`deploy of stack "${plan.stack}" blocked:\n  ${plan.blocking.join('\n  ')}`);
  const res: ApplyResult = { created: [], updated: [], unchanged: [], removed: [], serviceIds: new Map() };

  // 1. Networks: services cannot reference a network that does not exist yet.
  await Promise.all(
    plan.networks
      .filter((n) => n.action === 'create' && n.desired?.create)
      .map(async (n) => {
        progress({ phase: 'networks', message: `creating network ${n.fullName}` });
        try {
          await client.createNetwork(n.desired!.create!, signal);
          res.created.push(`network ${n.fullName}`);
        } catch (err) {
          // Created by a previous, interrupted run or a concurrent deploy: CheckDuplicate made sure it is one network.
          if (err instanceof EngineError && (err.kind === 'conflict' || /already exists/i.test(err.message))) return;
          throw new Error(`creating network ${n.fullName} (network "${n.name}" of stack ${plan.stack}): ${explain(client, err)}`, { cause: err });
        }
      }),
  );

  // 2. Secrets and configs, from their files: new ones, and new versions of changed ones (rotate).
  await Promise.all(
    [...plan.secrets, ...plan.configs]
      .filter((o) => (o.action === 'create' || o.action === 'rotate') && o.desired)
      .map(async (o) => {
        const d = o.desired!;
        const name = o.engineName ?? d.fullName;
        const data = readObjectData(d);
        progress({
          phase: 'objects',
          message: o.action === 'rotate' ? `rotating ${d.kind} ${d.fullName}: creating ${name} (content changed)` : `creating ${d.kind} ${name}`,
        });
        const labels = o.digest ? versionLabels(d, o.digest, o.version ?? 1) : d.labels;
        const spec = { Name: name, Labels: labels, Data: data.toString('base64') };
        try {
          if (d.kind === 'secret') await client.createSecret(spec, signal);
          else await client.createConfig(spec, signal);
          res.created.push(`${d.kind} ${name}`);
        } catch (err) {
          if (err instanceof EngineError && err.kind === 'conflict') return;
          throw new Error(`creating ${d.kind} ${name} from ${d.file ?? 'inline content'}: ${explain(client, err)}`, { cause: err });
        }
      }),
  );

  // 3. Services, all at once (swarm has no start order; nothing orders them but their networks and secrets).
  const refs: Pick<CurrentStackState, 'networks' | 'secrets' | 'configs'> = await readStackState(client, plan.stack, signal);
  const authFor = (spec: ServiceSpec): RegistryAuth | undefined => {
    const image = spec.TaskTemplate?.ContainerSpec?.Image;
    return opts.registryAuth === false || !image ? undefined : loadRegistryAuth(image, opts.env);
  };
  const update = async (id: string, fullName: string, want: ServiceSpec): Promise<boolean> =>
    updateWithRetry(
      client,
      id,
      (cur) => {
        if (diffSpecs(cur, want).length === 0) return undefined; // unchanged by now (e.g. a resumed run)
        const next = structuredClone(want);
        // Keep the user's force-update counter: changing it would restart every task.
        next.TaskTemplate = { ...next.TaskTemplate, ForceUpdate: cur.TaskTemplate?.ForceUpdate ?? 0 };
        return next;
      },
      { auth: authFor(want), signal },
    );

  await pool(
    plan.services.filter((s) => s.action !== 'remove'),
    opts.concurrency ?? 8,
    async (s) => {
      const want = resolveRefs(engineSpec(plan, s.desired!.spec), refs);
      try {
        if (s.action === 'unchanged') {
          res.unchanged.push(s.fullName);
          res.serviceIds.set(s.fullName, s.current!.ID);
          return;
        }
        if (s.action === 'update') {
          progress({ phase: 'services', service: s.name, message: `updating service ${s.fullName} (${s.changes.map((c) => c.path).join(', ')})` });
          const did = await update(s.current!.ID, s.fullName, want);
          (did ? res.updated : res.unchanged).push(s.fullName);
          res.serviceIds.set(s.fullName, s.current!.ID);
          return;
        }
        progress({ phase: 'services', service: s.name, message: `creating service ${s.fullName}` });
        try {
          const { ID } = await client.createServiceAuth(want, authFor(want), signal);
          res.created.push(s.fullName);
          res.serviceIds.set(s.fullName, ID);
        } catch (err) {
          if (!(err instanceof EngineError && (err.kind === 'conflict' || /already exists|name conflicts/i.test(err.message)))) throw err;
          // Created meanwhile (an interrupted earlier run's request that did land): update it instead.
          const existing = (await client.listServices({ filters: { name: [s.fullName] } }, signal)).find((x) => x.Spec?.Name === s.fullName);
          if (!existing) throw err;
          const did = await update(existing.ID, s.fullName, want);
          (did ? res.updated : res.unchanged).push(s.fullName);
          res.serviceIds.set(s.fullName, existing.ID);
        }
      } catch (err) {
        throw new Error(
          `${s.action === 'create' ? 'creating' : 'updating'} service ${s.fullName} (service "${s.name}" of stack ${plan.stack}): ${explain(client, err)}`,
          { cause: err },
        );
      }
    },
  );

  // 4. Prune: services first, then what only they used.
  const gone = plan.services.filter((s) => s.action === 'remove');
  await Promise.all(
    gone.map(async (s) => {
      progress({ phase: 'prune', service: s.name, message: `removing service ${s.fullName}` });
      try {
        await client.removeService(s.current!.ID, signal);
      } catch (err) {
        if (!(err instanceof EngineError && err.kind === 'not-found')) throw err;
      }
      res.removed.push(s.fullName);
    }),
  );
  const retryInUse = async (what: string, fn: () => Promise<void>): Promise<void> => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        await fn();
        res.removed.push(what);
        return;
      } catch (err) {
        if (err instanceof EngineError && err.kind === 'not-found') return;
        if (!/in use|active endpoints/i.test(msg(err)) || Date.now() > deadline) throw new Error(`removing ${what}: ${msg(err)}`, { cause: err });
        await sleep(500, signal);
      }
    }
  };
  await retireVersions(client, plan, res, progress, signal);
  await Promise.all([
    ...plan.networks.filter((n) => n.action === 'remove').map((n) => retryInUse(`network ${n.fullName}`, () => client.removeNetwork(n.current!.Id, signal))),
    ...plan.secrets.filter((o) => o.action === 'remove').map((o) => retryInUse(`secret ${o.fullName}`, () => client.removeSecret(o.current!.ID, signal))),
    ...plan.configs.filter((o) => o.action === 'remove').map((o) => retryInUse(`config ${o.fullName}`, () => client.removeConfig(o.current!.ID, signal))),
  ]);
  return res;
}

/**
 * Old versions of rotated secrets/configs go once no service references them any more (the stack's services
 * moved in step 3; a service outside the stack may still hold one: then it stays, and the next deploy tries again).
 */
async function retireVersions(client: StackClient, plan: Plan, res: ApplyResult, progress: ProgressFn, signal?: AbortSignal): Promise<void> {
  const old = [...plan.secrets, ...plan.configs].flatMap((o) => (o.retire ?? []).map((cur) => ({ kind: o.kind, cur })));
  if (!old.length) return;
  const users = new Map<string, string[]>();
  for (const svc of await client.listServices({}, signal)) {
    const cs = svc.Spec?.TaskTemplate?.ContainerSpec;
    for (const id of [...(cs?.Secrets ?? []).map((r) => r.SecretID), ...(cs?.Configs ?? []).map((r) => r.ConfigID)]) {
      if (id) users.set(id, [...(users.get(id) ?? []), svc.Spec?.Name ?? svc.ID]);
    }
  }
  for (const { kind, cur } of old) {
    const name = cur.Spec?.Name ?? cur.ID;
    const by = users.get(cur.ID);
    if (by) {
      progress({ phase: 'prune', message: `kept ${kind} ${name}: still used by ${by.join(', ')}` });
      continue;
    }
    progress({ phase: 'prune', message: `removing ${kind} ${name} (replaced by a newer version)` });
    try {
      await (kind === 'secret' ? client.removeSecret(cur.ID, signal) : client.removeConfig(cur.ID, signal));
      res.removed.push(`${kind} ${name}`);
    } catch (err) {
      if (err instanceof EngineError && err.kind === 'not-found') continue;
      // Not fatal: the new version is in place; the old one is retried on the next deploy.
      progress({ phase: 'prune', message: `kept ${kind} ${name}: ${msg(err)}` });
    }
  }
}

/** An engine that went away mid-deploy (crash, restart) is named as such, not left as a bare "read ECONNRESET". */
function explain(client: StackClient, err: unknown): string {
  if (!(err instanceof EngineError && err.kind === 'unreachable')) return msg(err);
  return (
    `lost the connection to the Docker engine at ${client.description.label} (${err.message}): the daemon stopped or restarted. ` +
    'Run the deploy again once it is back: it creates only what is missing.'
  );
}

// ---------------------------------------------------------------------------------------------- convergence

export interface DeployStackOptions extends ApplyOptions, PlanOptions {
  /** Seconds-equivalent wait for convergence; 0 skips the wait. */
  timeoutMs?: number;
  /** Asked with the plan before anything is sent; false cancels (nothing changed). */
  confirm?: (plan: Plan) => Promise<boolean> | boolean;
  failThreshold?: number;
}

export interface DeployResult {
  plan: Plan;
  /** undefined when the plan was not confirmed. */
  applied?: ApplyResult;
  convergence?: ConvergeResult;
}

/** Plan, confirm, apply and wait: what the CLI's `deploy` and the editor's deploy command both run. */
export async function deployStack(client: StackClient, desired: DesiredStack, opts: DeployStackOptions = {}): Promise<DeployResult> {
  const started = new Date();
  opts.progress?.({ phase: 'plan', message: `reading stack ${desired.stack} from ${client.description.label}` });
  const current = await readStackState(client, desired.stack, opts.signal);
  const plan = planStack(desired, current, { prune: opts.prune });
  if (plan.blocking.length) return { plan };
  if (opts.confirm && !(await opts.confirm(plan))) return { plan };
  const applied = await applyPlan(client, plan, desired, opts);
  if (opts.timeoutMs === 0) return { plan, applied };
  const targets = desired.services.map((s) => ({ name: s.name, fullName: s.fullName, id: applied.serviceIds.get(s.fullName)! })).filter((s) => s.id);
  const convergence = await waitForConvergence(client, targets, {
    timeoutMs: opts.timeoutMs ?? 300_000,
    since: started,
    signal: opts.signal,
    progress: opts.progress,
    failThreshold: opts.failThreshold,
  });
  opts.progress?.({
    phase: 'done',
    message: convergence.converged
      ? `stack ${desired.stack} converged in ${(convergence.elapsedMs / 1000).toFixed(1)} s`
      : `stack ${desired.stack} did not converge`,
  });
  return { plan, applied, convergence };
}

/** Run `fn` over items with at most `limit` at once; the first error rejects once the running ones settle. */
async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: { err: unknown } | undefined; // boxed: a rejection with undefined still counts
  const worker = async (): Promise<void> => {
    while (next < items.length && !failed) {
      const item = items[next++];
      try {
        await fn(item);
      } catch (err) {
        failed ??= { err };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failed) throw failed.err;
}

export { LABEL_NAMESPACE };
export { waitForConvergence, type ConvergeOptions, type ConvergeResult, type ServiceOutcome } from './converge';
