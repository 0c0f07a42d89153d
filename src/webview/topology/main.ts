// The topology webview: lays the picture out with elkjs (here, never in the extension host), draws it as SVG,
// sends clicks back as "reveal this line", exports SVG/PNG, and keeps its state across hide/show.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { TopologyView } from '../../core/topology/keeper';
import type { Location } from '../../core/topology/model';
import { resolveCssVars } from '../shared/page';
import { vscodeApi } from '../shared/vscodeApi';
import { layoutKey, layoutTopology, type Laid } from './layout';
import type { FromTopologyWebview, ToTopologyWebview } from './protocol';
import { renderTopologySvg, TOPOLOGY_CSS } from './render';

interface State {
  view?: TopologyView;
  zoom: number;
  selected?: string;
  scroll?: [number, number];
}

const api = vscodeApi<State>();
const state: State = api.getState() ?? { zoom: 1 };
const elk = new ELK();
const stage = document.getElementById('stage')!;
const banner = document.getElementById('banner')!;
const status = document.getElementById('status')!;
let cached: { key: string; laid: Laid } | undefined;
let drawing = Promise.resolve();

const post = (m: FromTopologyWebview): void => api.postMessage(m);
const save = (): void => api.setState({ ...state, scroll: [stage.scrollLeft, stage.scrollTop] });

async function draw(view: TopologyView): Promise<void> {
  const t0 = performance.now();
  const t = view.topology;
  banner.hidden = !view.banner;
  banner.textContent = view.banner ?? '';
  const key = layoutKey(t);
  // The same nodes and links: the same boxes where they were, only the words and colours change.
  const laid = cached?.key === key ? cached.laid : await layoutTopology(t, elk);
  cached = { key, laid };
  stage.innerHTML = renderTopologySvg(t, laid);
  applyZoom();
  const broken = t.edges.filter((e) => e.broken).length;
  const services = t.nodes.filter((n) => n.kind === 'service').length;
  status.textContent = `${services} service${services === 1 ? '' : 's'}, ${t.edges.length} link${t.edges.length === 1 ? '' : 's'}${broken ? `, ${broken} broken` : ''}`;
  if (state.selected) {
    const el = stage.querySelector<SVGGElement>(selector(state.selected));
    el?.classList.add('selected');
  }
  post({ type: 'rendered', ms: performance.now() - t0, nodes: services, edges: t.edges.length, broken });
}

function selector(id: string): string {
  const [kind, rest] = [id.slice(0, 5), id.slice(5)];
  return kind === 'node:' ? `[data-node="${CSS.escape(rest)}"]` : `[data-edge="${CSS.escape(rest)}"]`;
}

function applyZoom(): void {
  const svg = stage.querySelector('svg');
  if (!svg) return;
  const vb = svg.viewBox.baseVal;
  svg.setAttribute('width', String(Math.round(vb.width * state.zoom)));
  svg.setAttribute('height', String(Math.round(vb.height * state.zoom)));
}

function locationOf(el: Element): { id: string; location?: Location } | undefined {
  const t = state.view?.topology;
  const node = el.closest('[data-node]');
  if (node && t) {
    const id = node.getAttribute('data-node')!;
    return { id: `node:${id}`, location: t.nodes.find((n) => n.id === id)?.location };
  }
  const edge = el.closest('[data-edge]');
  if (edge && t) {
    const id = edge.getAttribute('data-edge')!;
    return { id: `edge:${id}`, location: t.edges.find((e) => e.id === id)?.location };
  }
  return undefined;
}

function activate(el: Element): void {
  const hit = locationOf(el);
  if (!hit) return;
  stage.querySelectorAll('.selected').forEach((x) => x.classList.remove('selected'));
  el.closest('[data-node],[data-edge]')?.classList.add('selected');
  state.selected = hit.id;
  save();
  if (hit.location) post({ type: 'reveal', location: hit.location });
}

stage.addEventListener('click', (e) => activate(e.target as Element));
stage.addEventListener('keydown', (e) => {
  const el = e.target as Element;
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    activate(el);
    return;
  }
  const dir = ({ ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] } as Record<string, [number, number]>)[e.key];
  if (dir && el.matches('[data-node]')) {
    e.preventDefault();
    moveFocus(el as SVGGElement, dir);
  }
});
stage.addEventListener('scroll', () => save(), { passive: true });

/** Arrow keys: to the nearest box in that direction (boxes are laid out in columns, left to right). */
function moveFocus(from: SVGGElement, [dx, dy]: [number, number]): void {
  const a = from.getBBox();
  const ax = a.x + a.width / 2;
  const ay = a.y + a.height / 2;
  let best: SVGGElement | undefined;
  let score = Infinity;
  for (const el of stage.querySelectorAll<SVGGElement>('[data-node]')) {
    if (el === from) continue;
    const b = el.getBBox();
    const vx = b.x + b.width / 2 - ax;
    const vy = b.y + b.height / 2 - ay;
    const along = vx * dx + vy * dy;
    if (along <= 0) continue;
    const across = Math.abs(vx * dy) + Math.abs(vy * dx);
    const s = along + 2 * across;
    if (s < score) {
      score = s;
      best = el;
    }
  }
  best?.focus();
}

function themeValue(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name);
}

function exportSvg(): string | undefined {
  const t = state.view?.topology;
  if (!t || !cached) return undefined;
  const bg = themeValue('--vscode-editor-background') || '#ffffff';
  return renderTopologySvg(t, cached.laid, { style: `svg.topology { background: ${bg}; }${resolveCssVars(TOPOLOGY_CSS, themeValue)}` });
}

async function exportPng(): Promise<string | undefined> {
  const svg = exportSvg();
  if (!svg || !cached) return undefined;
  const img = new Image();
  img.src = `data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(svg)))}`;
  await img.decode();
  const scale = 2;
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(cached.laid.width * scale);
  canvas.height = Math.ceil(cached.laid.height * scale);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = themeValue('--vscode-editor-background') || '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL('image/png');
}

document.getElementById('export-svg')!.addEventListener('click', () => {
  const data = exportSvg();
  if (data) post({ type: 'export', format: 'svg', data });
});
document.getElementById('export-png')!.addEventListener('click', () => {
  void exportPng().then((data) => data && post({ type: 'export', format: 'png', data }));
});
const zoomBy = (f: number): void => {
  state.zoom = Math.min(4, Math.max(0.2, state.zoom * f));
  applyZoom();
  save();
};
document.getElementById('zoom-in')!.addEventListener('click', () => zoomBy(1.25));
document.getElementById('zoom-out')!.addEventListener('click', () => zoomBy(0.8));
document.getElementById('zoom-fit')!.addEventListener('click', () => {
  const svg = stage.querySelector('svg');
  if (!svg) return;
  const vb = svg.viewBox.baseVal;
  state.zoom = Math.min(1.5, Math.max(0.2, (stage.clientWidth - 24) / vb.width));
  applyZoom();
  save();
});

window.addEventListener('message', (e: MessageEvent<ToTopologyWebview>) => {
  if (e.data?.type !== 'view') return;
  state.view = e.data.view;
  save();
  const view = e.data.view;
  // One drawing at a time, in order: a slow layout must not overwrite the newer picture after it.
  drawing = drawing
    .then(() => (state.view === view ? draw(view) : undefined))
    .catch((err: unknown) => {
      banner.hidden = false;
      banner.textContent = `The picture could not be drawn: ${err instanceof Error ? err.message : String(err)}`;
    });
});

// Shown again after being hidden: the last picture at once (and where it was scrolled), then whatever the host sends.
if (state.view) {
  const view = state.view;
  drawing = draw(view)
    .then(() => {
      if (state.scroll) {
        stage.scrollLeft = state.scroll[0];
        stage.scrollTop = state.scroll[1];
      }
    })
    .catch(() => undefined);
}
post({ type: 'ready' });
