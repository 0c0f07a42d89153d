// What the Swarm explorer does with a SwarmClient, outside VS Code so the Docker tests and the bench run
// exactly what the extension runs: the reader behind a refresh, and node availability/role changes.
import type { SwarmReader } from '../core/explorer/snapshot';
import type { SwarmClient } from './client';
import { EngineError } from './errors';
import type { SwarmNode } from './types';

/** SwarmClient as the explorer model's SwarmReader: one request per method (snapshot.ts counts on it). */
export function swarmReader(client: SwarmClient): SwarmReader {
  return {
    info: (signal) => client.info(signal),
    nodes: (signal) => client.listNodes(undefined, signal),
    services: (signal) => client.listServices({ status: true }, signal),
    tasks: (signal) => client.listTasks(undefined, signal),
    networks: (signal) => client.listNetworks(undefined, signal),
    secrets: (signal) => client.listSecrets(undefined, signal),
    configs: (signal) => client.listConfigs(undefined, signal),
    volumes: (signal) => client.listVolumes(undefined, signal),
  };
}

export type NodeChange = 'drain' | 'pause' | 'activate' | 'promote' | 'demote';

export function applyNodeChange(spec: NonNullable<SwarmNode['Spec']>, change: NodeChange): NonNullable<SwarmNode['Spec']> {
  switch (change) {
    case 'drain':
      return { ...spec, Availability: 'drain' };
    case 'pause':
      return { ...spec, Availability: 'pause' };
    case 'activate':
      return { ...spec, Availability: 'active' };
    case 'promote':
      return { ...spec, Role: 'manager' };
    case 'demote':
      return { ...spec, Role: 'worker' };
  }
}

/**
 * Read-modify-write of a node's spec (`docker node update --availability`, `docker node promote`): the
 * update must carry the current version, so on 'out-of-sequence' (someone else updated the node in
 * between) it re-reads and tries once more.
 */
export async function changeNode(client: SwarmClient, nodeId: string, change: NodeChange): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const node = await client.inspectNode(nodeId);
    try {
      await client.updateNode(nodeId, node.Version?.Index ?? 0, applyNodeChange(node.Spec ?? {}, change));
      return;
    } catch (err) {
      if (attempt === 0 && err instanceof EngineError && err.kind === 'out-of-sequence') continue;
      throw err;
    }
  }
}
