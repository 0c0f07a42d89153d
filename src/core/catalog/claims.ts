import type { Project } from '../manifest/project';
import type { StackDns } from '../stack/networks';
import { menderStack } from './match';
import { unresolvedEndpoints } from './providers';

/**
 * For the generic links rule: whether the catalog rule reports this unresolved host (a catalogued endpoint
 * variable of a Mender component) with more to say, or the catalog knows the variable holds no link at all
 * (a name the component serves, or one seen from outside the swarm), so the links rule stays silent on it.
 */
export function claimedByCatalog(project: Project, dns: StackDns, service: string, varName: string, host: string): boolean {
  const stack = menderStack(project);
  if (!stack.isMender) return false;
  const m = stack.services.get(service);
  // Any era of the component: what a variable means does not change with the era, and the service's era may be unknown.
  if (m && Object.values(m.component.eras).some((f) => f.env.some((d) => d.name === varName && (d.served || d.public)))) return true;
  const h = host.toLowerCase();
  return unresolvedEndpoints(project, stack, dns).some((p) => p.service === service && p.def.name === varName && p.ref.host.toLowerCase() === h);
}
