import type { RestartPolicy, ServiceMode, TaskSpec, UpdateConfig } from '../engine';
import { RESTART_VALUES, restartPolicyOf } from '../restart';
import type { ServiceContext } from './context';
import { asRecord, plainText, strList, strMap, strOf } from './values';

/** deploy.restart_policy wins; else `restart:` as restartPolicyOf (docker/cli convertRestartPolicy) maps it. */
export function restartPolicy(ctx: ServiceContext): RestartPolicy | undefined {
  const deploy = ctx.deploy;
  if (deploy.restart_policy !== undefined) {
    const r = asRecord(deploy.restart_policy);
    const rp: RestartPolicy = {};
    if (r.condition !== undefined) rp.Condition = plainText(r.condition);
    if (r.delay !== undefined) rp.Delay = ctx.duration('deploy', r.delay);
    if (typeof r.max_attempts === 'number') rp.MaxAttempts = r.max_attempts;
    if (r.window !== undefined) rp.Window = ctx.duration('deploy', r.window);
    return rp;
  }
  const restart = ctx.raw.restart;
  if (restart === undefined || restart === null) return undefined;
  const s = plainText(restart);
  const of = restartPolicyOf(s);
  if (of.kind === 'invalid') {
    ctx.issue('error', 'deploy-bad-value', 'restart', `unknown restart policy "${s}" (${RESTART_VALUES}).`);
    return undefined;
  }
  if (of.kind === 'none') {
    ctx.issue(
      'info',
      'deploy-restart',
      'restart',
      `\`restart: ${s}\` sends no restart policy (as docker stack deploy does), so swarm restarts stopped tasks (condition any); write deploy.restart_policy { condition: none } to keep them stopped.`,
    );
    return undefined;
  }
  ctx.issue(
    'info',
    'deploy-restart',
    'restart',
    `\`restart: ${s}\` becomes the swarm restart policy (as docker stack deploy does); prefer deploy.restart_policy.`,
  );
  return { Condition: of.condition, ...(of.condition === 'on-failure' ? { MaxAttempts: of.maxAttempts ?? 0 } : {}) };
}

/** deploy.mode and replicas (docker/cli convertDeployMode). */
export function serviceMode(ctx: ServiceContext): ServiceMode {
  const deploy = ctx.deploy;
  const mode = strOf(deploy.mode) ?? 'replicated';
  // compose's `scale` is the replica count when deploy.replicas is not given (compose refuses the two when they
  // differ: deploy.replicas wins here, with a warning). Today's mender-server file runs its client with scale: 0.
  const scale = ctx.raw.scale;
  const given = deploy.replicas ?? scale;
  const replicas = given === undefined ? 1 : Number(given);
  if (!Number.isInteger(replicas) || replicas < 0)
    ctx.issue(
      'error',
      'deploy-bad-value',
      deploy.replicas === undefined ? 'scale' : 'deploy',
      `${deploy.replicas === undefined ? 'scale' : 'deploy.replicas'} must be a non-negative integer, not "${String(given)}".`,
    );
  if (scale !== undefined && deploy.replicas !== undefined && Number(scale) !== Number(deploy.replicas))
    ctx.issue(
      'warning',
      'deploy-bad-value',
      'scale',
      `scale ${plainText(scale)} and deploy.replicas ${plainText(deploy.replicas)} differ: deploy.replicas is used.`,
    );
  switch (mode) {
    case 'global':
      if (deploy.replicas !== undefined) ctx.issue('error', 'deploy-bad-value', 'deploy', 'deploy.replicas cannot be set with mode global.');
      return { Global: {} };
    case 'global-job':
      return { GlobalJob: {} };
    case 'replicated-job':
      return { ReplicatedJob: { MaxConcurrent: replicas, TotalCompletions: replicas } };
    case 'replicated':
      return { Replicated: { Replicas: replicas } };
    default:
      ctx.issue('error', 'deploy-bad-value', 'deploy', `unknown deploy.mode "${mode}" (replicated, global, replicated-job, global-job).`);
      return { Replicated: { Replicas: replicas } };
  }
}

/** deploy.update_config / rollback_config (docker/cli convertUpdateConfig: parallelism 1 unless given). */
export function updateConfig(ctx: ServiceContext, key: 'update_config' | 'rollback_config'): UpdateConfig | undefined {
  const v = ctx.deploy[key];
  if (v === undefined || v === null) return undefined;
  const r = asRecord(v);
  const uc: UpdateConfig = { Parallelism: typeof r.parallelism === 'number' ? r.parallelism : 1, Order: strOf(r.order) ?? '' };
  if (r.delay !== undefined) uc.Delay = ctx.duration('deploy', r.delay);
  if (r.failure_action !== undefined) uc.FailureAction = plainText(r.failure_action);
  if (r.monitor !== undefined) uc.Monitor = ctx.duration('deploy', r.monitor);
  if (r.max_failure_ratio !== undefined) uc.MaxFailureRatio = Number(r.max_failure_ratio);
  return uc;
}

/** deploy.placement (docker/cli convertPlacementPreferences and constraints). */
export function placement(ctx: ServiceContext): TaskSpec['Placement'] | undefined {
  const pl = asRecord(ctx.deploy.placement);
  if (!Object.keys(pl).length) return undefined;
  const out: NonNullable<TaskSpec['Placement']> = {};
  if (pl.constraints !== undefined) out.Constraints = strList(pl.constraints);
  if (Array.isArray(pl.preferences)) out.Preferences = pl.preferences.map((p) => ({ Spread: { SpreadDescriptor: plainText(asRecord(p).spread ?? '') } }));
  if (typeof pl.max_replicas_per_node === 'number') out.MaxReplicas = pl.max_replicas_per_node;
  return out;
}

/** `logging:` (docker/cli convertLogDriver). */
export function logDriver(ctx: ServiceContext): TaskSpec['LogDriver'] | undefined {
  const logging = asRecord(ctx.raw.logging);
  if (logging.driver === undefined && logging.options === undefined) return undefined;
  // No driver: the CLI sends none, and the engine uses the daemon's default (not necessarily json-file).
  const out: NonNullable<TaskSpec['LogDriver']> = {};
  const driver = strOf(logging.driver);
  if (driver) out.Name = driver;
  const o = strMap(logging.options);
  if (Object.keys(o).length) out.Options = o;
  return out;
}
