// The topology as SVG markup, from the model and its layout. Pure (no DOM): the webview sets it as the picture's
// content and exports it; the benchmark and unit tests run it in Node. Colours are classes (TOPOLOGY_CSS), so the
// theme decides them; an export embeds the same rules with the theme's values filled in.
import type { Topology, TopologyEdge, TopologyNode } from '../../core/topology/model';
import { LINE_H, nodeLines, type Laid } from './layout';

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The picture's rules, in the theme's colours (VS Code's CSS variables in the webview). */
export const TOPOLOGY_CSS = `
svg.topology { font-family: var(--vscode-font-family, sans-serif); font-size: 12px; }
.topology .group > rect { fill: var(--vscode-sideBar-background, #f3f3f3); stroke: var(--vscode-panel-border, #ccc); stroke-dasharray: 4 3; }
.topology .group > text { fill: var(--vscode-descriptionForeground, #666); font-size: 11px; }
.topology .node > rect { fill: var(--vscode-editorWidget-background, #fff); stroke: var(--vscode-editorWidget-border, #999); stroke-width: 1.2; }
.topology .node text { fill: var(--vscode-editor-foreground, #222); }
.topology .node text.name { font-weight: 600; }
.topology .node text.sub { fill: var(--vscode-descriptionForeground, #666); font-size: 11px; }
.topology .node.error > rect { stroke: var(--vscode-editorError-foreground, #e51400); stroke-width: 2.5; }
.topology .node.warning > rect { stroke: var(--vscode-editorWarning-foreground, #bf8803); stroke-width: 2; }
.topology .node.missing > rect { stroke: var(--vscode-editorError-foreground, #e51400); stroke-dasharray: 5 3; fill: none; }
.topology .node.external > rect { stroke-dasharray: 2 3; fill: none; }
.topology .node .badge { fill: var(--vscode-editorError-foreground, #e51400); }
.topology .node.warning .badge { fill: var(--vscode-editorWarning-foreground, #bf8803); }
.topology .edge path { fill: none; stroke: var(--vscode-editorLineNumber-foreground, #888); stroke-width: 1.3; }
.topology .edge.depends path { stroke-dasharray: 3 3; }
.topology .edge text { fill: var(--vscode-descriptionForeground, #666); font-size: 10.5px; }
.topology .edge.broken path { stroke: var(--vscode-editorError-foreground, #e51400); stroke-width: 2.2; }
.topology .edge.broken text { fill: var(--vscode-editorError-foreground, #e51400); font-weight: 600; }
.topology marker path { fill: var(--vscode-editorLineNumber-foreground, #888); }
.topology marker#arrow-broken path { fill: var(--vscode-editorError-foreground, #e51400); }
.topology [tabindex]:focus { outline: none; }
.topology .node:focus > rect, .topology .node.selected > rect { stroke: var(--vscode-focusBorder, #0090f1); stroke-width: 3; }
.topology .edge:focus path, .topology .edge.selected path { stroke: var(--vscode-focusBorder, #0090f1); stroke-width: 3; }
.topology .node, .topology .edge { cursor: pointer; }
`;

function nodeAria(n: TopologyNode): string {
  const what = n.kind === 'missing' ? 'missing host' : n.kind === 'external' ? 'host outside the stack' : 'service';
  const parts = [`${what} ${n.label}`];
  if (n.image) parts.push(`image ${n.image}`);
  if (n.aliases.length) parts.push(`aliases ${n.aliases.join(', ')}`);
  if (n.problems.length) parts.push(`${n.problems.length} problem${n.problems.length === 1 ? '' : 's'} (${n.severity})`);
  return parts.join(', ');
}

function edgeAria(e: TopologyEdge, t: Topology): string {
  const to = t.nodes.find((n) => n.id === e.to)?.label ?? e.to;
  return `${e.broken ? 'broken link' : 'link'} from ${e.from} to ${to}: ${e.label}${e.broken ? `. ${e.broken.message}` : ''}`;
}

/** The SVG markup. `style`: CSS to embed (an export); the webview styles the live picture itself. */
export function renderTopologySvg(t: Topology, laid: Laid, opts: { style?: string } = {}): string {
  const out: string[] = [];
  const w = Math.ceil(laid.width);
  const h = Math.ceil(laid.height);
  const services = t.nodes.filter((n) => n.kind === 'service').length;
  const broken = t.edges.filter((e) => e.broken).length;
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="topology" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="group" ` +
      `aria-label="Topology of stack ${esc(t.stack)}: ${services} services, ${t.edges.length} links, ${broken} broken">`,
  );
  if (opts.style) out.push(`<style>${opts.style.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</style>`);
  out.push(
    '<defs>',
    '<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker>',
    '<marker id="arrow-broken" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker>',
    '</defs>',
  );
  for (const g of t.groups) {
    const b = laid.groups.get(g.id);
    if (!b) continue;
    out.push(
      `<g class="group" data-group="${esc(g.id)}"><rect x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height}" rx="6"/>` +
        `<text x="${b.x + 10}" y="${b.y + 18}">network${g.networks.length === 1 ? '' : 's'}: ${esc(g.label)}</text></g>`,
    );
  }
  for (const e of t.edges) {
    const l = laid.edges.get(e.id);
    if (!l || l.points.length < 2) continue;
    const d = l.points.map((p, i) => `${i ? 'L' : 'M'}${round(p.x)},${round(p.y)}`).join(' ');
    const cls = ['edge', e.broken ? 'broken' : '', e.kind === 'depends_on' || e.kind === 'links' ? 'depends' : ''].filter(Boolean).join(' ');
    out.push(
      `<g class="${cls}" data-edge="${esc(e.id)}" tabindex="0" role="button" aria-label="${esc(edgeAria(e, t))}">` +
        `<title>${esc(e.broken ? `${e.label}: ${e.broken.message}` : `${e.from} → ${e.host}: ${e.label}`)}</title>` +
        `<path d="${d}" marker-end="url(#${e.broken ? 'arrow-broken' : 'arrow'})"/>` +
        (l.label ? `<text x="${round(l.label.x + 2)}" y="${round(l.label.y + 11)}">${esc(e.label)}</text>` : '') +
        '</g>',
    );
  }
  for (const n of t.nodes) {
    const b = laid.nodes.get(n.id);
    if (!b) continue;
    const cls = ['node', n.kind, n.severity === 'error' ? 'error' : n.severity === 'warning' ? 'warning' : ''].filter(Boolean).join(' ');
    const lines = nodeLines(n)
      .map((line, i) => `<text class="${line.cls}" x="${b.x + 10}" y="${b.y + 6 + (i + 1) * LINE_H - 3}">${esc(line.text)}</text>`)
      .join('');
    const badge = n.severity === 'error' || n.severity === 'warning' ? `<circle class="badge" cx="${b.x + b.width - 9}" cy="${b.y + 9}" r="5"/>` : '';
    const tip = [n.label, ...n.problems].join('\n');
    out.push(
      `<g class="${cls}" data-node="${esc(n.id)}" tabindex="0" role="button" aria-label="${esc(nodeAria(n))}">` +
        `<title>${esc(tip)}</title><rect x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height}" rx="4"/>${lines}${badge}</g>`,
    );
  }
  out.push('</svg>');
  return out.join('');
}

const round = (v: number): number => Math.round(v * 10) / 10;
