// The Secrets group: names, labels, times and the services that use each (never the data).
import type { ExplorerRow } from '../rows';
import type { SwarmSnapshot } from '../snapshot';
import type { Index } from './common';
import { swarmObjectsGroup } from './swarmObjects';

export const secretsGroup = (s: SwarmSnapshot, ix: Index): ExplorerRow => swarmObjectsGroup(s, ix, 'secret');
