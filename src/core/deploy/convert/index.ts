import { diskReader } from '../../manifest/files';
import type { Project } from '../../manifest/project';
import { toPlain } from '../../model/node';
import { ServiceContext } from './context';
import { scopeVolumes } from './mounts';
import { StackNetworks } from './networks';
import { StackObjects } from './objects';
import { serviceSpec } from './service';
import type { ConvertIssue, ConvertOptions, DesiredService, DesiredStack } from './types';
import { asRecord } from './values';

/**
 * Compose project -> Engine API specs, following docker/cli's `cli/compose/convert` (what `docker stack deploy`
 * sends), one module per part of the spec as there: service.ts (the service and its task), container.ts,
 * mounts.ts, ports.ts, networks.ts, objects.ts (secrets and configs), resources.ts, policies.ts (restart,
 * update, mode, placement). So a stack we deploy looks the same to `docker stack ls/ps/rm` as one the CLI
 * deployed, and a redeploy by either tool does not see spurious changes.
 */
export type { ConvertIssue, ConvertOptions, DesiredNetwork, DesiredObject, DesiredService, DesiredStack, IssueSeverity } from './types';
export { asRecord };

export function convertProject(project: Project, opts: ConvertOptions = {}): DesiredStack {
  const stack = opts.stack ?? project.name;
  const issues: ConvertIssue[] = [];
  const reader = opts.reader ?? diskReader;
  if (!stack) issues.push({ severity: 'error', code: 'deploy-stack-name', message: 'The stack name is empty.' });

  const networks = new StackNetworks(project, stack, issues);
  const secrets = new StackObjects('secret', project, stack, opts, issues);
  const configs = new StackObjects('config', project, stack, opts, issues);
  const volumes = new Map<string, Record<string, unknown>>();
  for (const [name, obj] of project.volumes) volumes.set(name, obj.node ? asRecord(toPlain(obj.node)) : {});

  const services: DesiredService[] = [];
  for (const svc of project.services.values()) {
    const ctx = new ServiceContext(svc, stack, project, opts, issues, reader);
    const spec = serviceSpec(ctx);
    const cs = spec.TaskTemplate!.ContainerSpec!;
    const net = networks.attach(ctx);
    if (net.attachments.length) spec.TaskTemplate!.Networks = net.attachments;
    // Secrets and configs resolve to engine names; IDs are filled in by the docker module at apply time.
    const s = secrets.refs(ctx);
    if (s.refs.length) cs.Secrets = s.refs.map((o) => ({ File: o.File, SecretName: o.Name }));
    const c = configs.refs(ctx);
    if (c.refs.length) cs.Configs = c.refs.map((o) => ({ File: o.File, ConfigName: o.Name }));
    scopeVolumes(ctx, cs.Mounts ?? [], volumes);
    services.push({ name: svc.name, fullName: `${stack}_${svc.name}`, spec, networks: net.names, secrets: s.names, configs: c.names });
  }
  return { stack, services, networks: networks.list, secrets: secrets.used, configs: configs.used, issues };
}
