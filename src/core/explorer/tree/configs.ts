// The Configs group: names, labels, times and the services that use each (metadata only).
import type { ExplorerRow } from '../rows';
import type { SwarmSnapshot } from '../snapshot';
import type { Index } from './common';
import { swarmObjectsGroup } from './swarmObjects';

export const configsGroup = (s: SwarmSnapshot, ix: Index): ExplorerRow => swarmObjectsGroup(s, ix, 'config');
