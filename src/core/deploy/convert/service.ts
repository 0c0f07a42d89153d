import { LABEL_IMAGE, LABEL_NAMESPACE, ServiceSpec, TaskSpec } from '../engine';
import { deployFate, swarmFate } from '../swarmFate';
import { containerSpec } from './container';
import type { ServiceContext } from './context';
import { endpointSpec } from './ports';
import { logDriver, placement, restartPolicy, serviceMode, updateConfig } from './policies';
import { resources } from './resources';
import { strMap } from './values';

/**
 * One service's spec before the stack-wide parts (networks, secrets, configs, named volumes) are filled in:
 * docker/cli convertService. Keys swarm does not honour are reported from the swarm-fate table.
 */
export function serviceSpec(ctx: ServiceContext): ServiceSpec {
  reportKeys(ctx);
  const cs = containerSpec(ctx);
  const task: TaskSpec = { ContainerSpec: cs };
  // Resources and Placement are always sent by the CLI (empty when the file says nothing), and stored so.
  task.Resources = resources(ctx) ?? {};
  const rp = restartPolicy(ctx);
  if (rp) task.RestartPolicy = rp;
  task.Placement = placement(ctx) ?? {};
  const ld = logDriver(ctx);
  if (ld) task.LogDriver = ld;

  const spec: ServiceSpec = {
    Name: `${ctx.stack}_${ctx.name}`,
    // The CLI records the image as written (before digest pinning) on the service, to tell later whether it changed.
    Labels: { ...strMap(ctx.deploy.labels), [LABEL_NAMESPACE]: ctx.stack, [LABEL_IMAGE]: cs.Image ?? '' },
    TaskTemplate: task,
    Mode: serviceMode(ctx),
  };
  const uc = updateConfig(ctx, 'update_config');
  if (uc) spec.UpdateConfig = uc;
  const rc = updateConfig(ctx, 'rollback_config');
  if (rc) spec.RollbackConfig = rc;
  spec.EndpointSpec = endpointSpec(ctx);
  return spec;
}

function reportKeys(ctx: ServiceContext): void {
  for (const key of Object.keys(ctx.raw)) {
    if (key.startsWith('x-') || key === 'extends' || key === 'restart') continue;
    const fate = swarmFate(key);
    if (!fate) {
      ctx.issue('warning', 'deploy-ignored-key', key, `\`${key}\` is not converted for swarm and is ignored.`);
      continue;
    }
    const ours = deployFate(fate);
    if (ours === 'refused')
      ctx.issue('error', 'deploy-refused-key', key, `\`${key}\` cannot be honoured by swarm (docker stack deploy refuses it): ${fate.why}.`);
    else if (fate.ours === 'ignored') ctx.issue('warning', 'deploy-ignored-key', key, `\`${key}\` is left out: ${fate.why}.`);
    else if (ours !== 'converted') ctx.issue(ours === 'unused' ? 'info' : 'warning', 'deploy-ignored-key', key, `\`${key}\` is ignored by swarm: ${fate.why}.`);
  }
}
