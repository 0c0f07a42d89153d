// The Swarm explorer's tree, built from one snapshot (see ../snapshot.ts) in one pass over each list, one module
// per group: swarm.ts, nodes.ts, services.ts (with taskRows.ts for their slots), networks.ts, secrets.ts and configs.ts
// (swarmObjects.ts), volumes.ts.
// Pure and synchronous: the VS Code layer calls it after each refresh, the bench on 10,000 tasks.
import type { ExplorerRow } from '../rows';
import type { SwarmSnapshot } from '../snapshot';
import { buildIndex, type TreeOptions } from './common';
import { configsGroup } from './configs';
import { networksGroup } from './networks';
import { secretsGroup } from './secrets';
import { volumesGroup } from './volumes';
import { nodesGroup } from './nodes';
import { servicesGroup } from './services';
import { swarmRow } from './swarm';

export function buildExplorerTree(snapshot: SwarmSnapshot, opts: TreeOptions = {}): ExplorerRow[] {
  const ix = buildIndex(snapshot, opts.now ?? snapshot.fetchedAt);
  const groups = [swarmRow(snapshot, ix), nodesGroup(snapshot, ix), servicesGroup(snapshot, ix), networksGroup(snapshot, ix)];
  // Readers without secrets/configs/volumes (tests, the bench's fakes) still get the four groups they had.
  if (opts.objects !== false) groups.push(secretsGroup(snapshot, ix), configsGroup(snapshot, ix), volumesGroup(snapshot, ix));
  return groups;
}

export { rootCaExpiry } from './swarm';
export { replicaCounts, serviceMode, stackOf, type ServiceMode } from './services';
export type { TreeOptions } from './common';
