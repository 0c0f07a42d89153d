import type { TaskSpec } from '../engine';
import type { ServiceContext } from './context';
import { asRecord, strOf } from './values';
import { DEPLOY_REFUSED } from '../swarmFate';

type Resources = NonNullable<TaskSpec['Resources']>;

/** deploy.resources (docker/cli convertResources), with the v2 keys (cpus, mem_limit...) where deploy says nothing. */
export function resources(ctx: ServiceContext): Resources | undefined {
  const res = asRecord(ctx.deploy.resources);
  const lim = asRecord(res.limits);
  const resv = asRecord(res.reservations);
  const out: Resources = {};
  const limits: NonNullable<Resources['Limits']> = {};
  const cpu = lim.cpus ?? ctx.raw.cpus;
  if (cpu !== undefined) limits.NanoCPUs = ctx.cpus(cpu);
  const mem = lim.memory ?? ctx.raw.mem_limit;
  if (mem !== undefined) limits.MemoryBytes = ctx.bytes(mem);
  const pids = lim.pids ?? ctx.raw.pids_limit;
  if (typeof pids === 'number') limits.Pids = pids;
  if (Object.keys(limits).length) out.Limits = limits;
  const reservations: NonNullable<Resources['Reservations']> = {};
  if (resv.cpus !== undefined) reservations.NanoCPUs = ctx.cpus(resv.cpus);
  const rmem = resv.memory ?? ctx.raw.mem_reservation;
  if (rmem !== undefined) reservations.MemoryBytes = ctx.bytes(rmem);
  if (Array.isArray(resv.generic_resources)) {
    reservations.GenericResources = resv.generic_resources.map((g) => {
      const d = asRecord(asRecord(g).discrete_resource_spec);
      return { DiscreteResourceSpec: { Kind: strOf(d.kind), Value: Number(d.value) } };
    });
  }
  if (resv.devices !== undefined)
    ctx.issue(
      'warning',
      'deploy-ignored-key',
      'deploy',
      `deploy.resources.reservations.devices is left out: ${DEPLOY_REFUSED['resources.reservations.devices']}.`,
    );
  if (Object.keys(reservations).length) out.Reservations = reservations;
  return Object.keys(out).length ? out : undefined;
}
