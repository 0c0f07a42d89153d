// The Swarm explorer's tree, built from one snapshot (see ../snapshot.ts) in one pass over each list, one module
// per group: swarm.ts, nodes.ts, services.ts (with taskRows.ts for their slots), networks.ts.
// Pure and synchronous: the VS Code layer calls it after each refresh, the bench on 10,000 tasks.
import type { ExplorerRow } from '../rows';
import type { SwarmSnapshot } from '../snapshot';
import { buildIndex, type TreeOptions } from './common';
import { networksGroup } from './networks';
import { nodesGroup } from './nodes';
import { servicesGroup } from './services';
import { swarmRow } from './swarm';

export function buildExplorerTree(snapshot: SwarmSnapshot, opts: TreeOptions = {}): ExplorerRow[] {
  const ix = buildIndex(snapshot, opts.now ?? snapshot.fetchedAt);
  return [swarmRow(snapshot, ix), nodesGroup(snapshot, ix), servicesGroup(snapshot, ix), networksGroup(snapshot, ix)];
}

export { rootCaExpiry } from './swarm';
export { replicaCounts, serviceMode, stackOf, type ServiceMode } from './services';
export type { TreeOptions } from './common';
