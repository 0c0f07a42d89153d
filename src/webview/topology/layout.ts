// The topology's layout, by elkjs (ELK's layered algorithm, with ports): groups of services that share networks
// as compound nodes, links as edges from a service's east port to the west port of what it reaches. Pure (no DOM):
// the webview runs it, and so do the benchmark and the unit tests in Node.
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { Topology, TopologyEdge, TopologyNode } from '../../core/topology/model';

/** What ELK is to this module: the `layout` of `new ELK()` (elk.bundled.js in the webview and in Node). */
export interface ElkLike {
  layout(graph: ElkNode): Promise<ElkNode>;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface LaidNode extends Box {
  id: string;
}
export interface LaidGroup extends Box {
  id: string;
}
export interface LaidEdge {
  id: string;
  points: { x: number; y: number }[];
  label?: Box;
}
export interface Laid {
  width: number;
  height: number;
  nodes: Map<string, LaidNode>;
  groups: Map<string, LaidGroup>;
  edges: Map<string, LaidEdge>;
}

/** Up to this many links ELK places their labels (readable); above it the labels go mid-segment (ELK's label
 * placement costs half the layout time of a 100-service stack). */
export const ELK_LABELS_UP_TO = 80;

/** Approximate text metrics of the webview's font at the sizes render.ts uses (ELK needs sizes before drawing). */
export const CHAR_W = 7;
export const LINE_H = 15;
const SMALL_W = 6;

/** The lines a box shows: name, image, aliases (render.ts draws the same lines). */
export function nodeLines(n: TopologyNode): { text: string; cls: string }[] {
  const lines = [{ text: n.label, cls: 'name' }];
  if (n.kind === 'missing') lines.push({ text: 'nothing answers this name', cls: 'sub' });
  else if (n.kind === 'external') lines.push({ text: 'outside the stack', cls: 'sub' });
  if (n.image) lines.push({ text: n.image, cls: 'sub' });
  if (n.aliases.length) lines.push({ text: `aka ${n.aliases.join(', ')}`, cls: 'sub' });
  return lines;
}

function nodeSize(n: TopologyNode): { width: number; height: number } {
  const lines = nodeLines(n);
  const w = Math.max(...lines.map((l, i) => l.text.length * (i === 0 ? CHAR_W : SMALL_W)));
  return { width: Math.min(Math.max(w + 24, 110), 420), height: 12 + lines.length * LINE_H };
}

export function labelSize(e: TopologyEdge): { width: number; height: number } {
  return { width: Math.min(e.label.length * SMALL_W + 8, 300), height: 14 };
}

/**
 * What decides the layout: the nodes, groups and links, not the labels' words. A changed port or variable
 * value keeps the boxes where they were (the webview reuses the layout while this stays the same).
 */
export function layoutKey(t: Topology): string {
  return JSON.stringify([t.groups.map((g) => g.id), t.nodes.map((n) => [n.id, n.group, nodeSize(n).width]), t.edges.map((e) => e.id)]);
}

const ROOT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.spacing.nodeNode': '18',
  'elk.layered.spacing.nodeNodeBetweenLayers': '50',
  'elk.spacing.edgeLabel': '2',
  'elk.spacing.edgeNode': '12',
  'elk.layered.spacing.edgeNodeBetweenLayers': '14',
  'elk.edgeLabels.placement': 'CENTER',
  'elk.padding': '[top=12,left=12,bottom=12,right=12]',
};

/** Above this many boxes, cheaper choices: ELK's defaults spend most of a 100-service layout (crossing
 * minimisation rounds, Brandes-Köpf placement) for little gain in a picture that big. */
export const LARGE_GRAPH = 40;
const LARGE_OPTIONS = { 'elk.layered.thoroughness': '1', 'elk.layered.nodePlacement.strategy': 'LINEAR_SEGMENTS' };

export async function layoutTopology(t: Topology, elk: ElkLike): Promise<Laid> {
  const known = new Set(t.nodes.map((n) => n.id));
  const elkNode = (n: TopologyNode): ElkNode => ({
    id: n.id,
    ...nodeSize(n),
    layoutOptions: { 'elk.portConstraints': 'FIXED_SIDE' },
    ports: [
      { id: `${n.id}\u0000in`, width: 1, height: 1, layoutOptions: { 'elk.port.side': 'WEST' } },
      { id: `${n.id}\u0000out`, width: 1, height: 1, layoutOptions: { 'elk.port.side': 'EAST' } },
    ],
  });
  const groups: ElkNode[] = t.groups
    .map((g) => ({
      id: `group\u0000${g.id}`,
      layoutOptions: { 'elk.padding': '[top=30,left=12,bottom=12,right=12]' },
      children: t.nodes.filter((n) => n.kind === 'service' && n.group === g.id).map(elkNode),
    }))
    .filter((g) => g.children.length);
  const loose = t.nodes.filter((n) => n.kind !== 'service').map(elkNode);
  const edges: ElkExtendedEdge[] = t.edges
    .filter((e) => known.has(e.from) && known.has(e.to) && e.from !== e.to)
    .map((e) => ({
      id: e.id,
      sources: [`${e.from}\u0000out`],
      targets: [`${e.to}\u0000in`],
      ...(t.edges.length <= ELK_LABELS_UP_TO ? { labels: [{ id: `${e.id}\u0000label`, text: e.label, ...labelSize(e) }] } : {}),
    }));
  const layoutOptions = t.nodes.length > LARGE_GRAPH ? { ...ROOT_OPTIONS, ...LARGE_OPTIONS } : ROOT_OPTIONS;
  const out = await elk.layout({ id: 'root', layoutOptions, children: [...groups, ...loose], edges });
  const laid: Laid = { width: out.width ?? 0, height: out.height ?? 0, nodes: new Map(), groups: new Map(), edges: new Map() };
  // Absolute positions: ELK gives children relative to their parent, and edge points relative to the edge's container.
  const offsets = new Map<string, { x: number; y: number }>([['root', { x: 0, y: 0 }]]);
  const walk = (parent: ElkNode, ox: number, oy: number): void => {
    for (const c of parent.children ?? []) {
      const x = ox + (c.x ?? 0);
      const y = oy + (c.y ?? 0);
      offsets.set(c.id, { x, y });
      const box = { id: c.id, x, y, width: c.width ?? 0, height: c.height ?? 0 };
      if (c.id.startsWith('group\u0000')) laid.groups.set(c.id.slice('group\u0000'.length), box);
      else laid.nodes.set(c.id, box);
      walk(c, x, y);
    }
  };
  walk(out, 0, 0);
  const allEdges = (n: ElkNode): ElkExtendedEdge[] => [...(n.edges ?? []), ...(n.children ?? []).flatMap(allEdges)];
  for (const e of allEdges(out)) {
    const o = offsets.get(e.container ?? 'root') ?? { x: 0, y: 0 };
    const points = (e.sections ?? []).flatMap((s) => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]).map((p) => ({ x: p.x + o.x, y: p.y + o.y }));
    const l = e.labels?.[0];
    const label = l ? { x: (l.x ?? 0) + o.x, y: (l.y ?? 0) + o.y, width: l.width ?? 0, height: l.height ?? 0 } : midLabel(points);
    laid.edges.set(e.id, { id: e.id, points, ...(label ? { label } : {}) });
  }
  return laid;
}

/** A label box just above the middle of the edge's longest segment (when ELK did not place it). */
function midLabel(points: { x: number; y: number }[]): Box | undefined {
  let best: Box | undefined;
  let len = -1;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    const l = Math.abs(b.x - a.x) + Math.abs(b.y - a.y);
    if (l > len) {
      len = l;
      best = { x: (a.x + b.x) / 2 - 20, y: (a.y + b.y) / 2 - 14, width: 40, height: 14 };
    }
  }
  return best;
}
