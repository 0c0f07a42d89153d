import type { Project } from '../manifest/project';
import type { StackDns } from '../stack/networks';
import { menderStack } from './match';
import { unresolvedEndpoints } from './providers';

/**
 * For the generic links rule: whether the catalog rule reports this unresolved host (a catalogued endpoint
 * variable of a Mender component) with more to say, so the links rule stays silent on it.
 */
export function claimedByCatalog(project: Project, dns: StackDns, service: string, varName: string, host: string): boolean {
  const stack = menderStack(project);
  if (!stack.isMender) return false;
  const h = host.toLowerCase();
  return unresolvedEndpoints(project, stack, dns).some((p) => p.service === service && p.def.name === varName && p.ref.host.toLowerCase() === h);
}
