// Messages between the topology panel (extension host) and its webview. Types only: both sides import them.
import type { Location } from '../../core/topology/model';
import type { TopologyView } from '../../core/topology/keeper';

export type ToTopologyWebview = { type: 'view'; view: TopologyView };

export type FromTopologyWebview =
  | { type: 'ready' }
  | { type: 'reveal'; location: Location }
  | { type: 'export'; format: 'svg' | 'png'; data: string }
  /** After each render: what is drawn, for the log and the tests (layout time, counts). */
  | { type: 'rendered'; ms: number; nodes: number; edges: number; broken: number };
