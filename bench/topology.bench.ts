// The pictures at scale. Measures (median of warm runs, after one warm-up that pays elkjs's start-up):
//   topology  layout (elkjs, layered with ports) and SVG render of a 100-service stack   target < 500 ms
//   (the model built from the linted stack is listed apart: the linter has it anyway)
// Targets (issue 13).
import ELK from 'elkjs/lib/elk.bundled.js';
import * as path from 'node:path';
import { overlayReader } from '../src/core/manifest/files';
import { lintStack } from '../src/core/lint';
import { buildTopology } from '../src/core/topology/model';
import { layoutTopology } from '../src/webview/topology/layout';
import { renderTopologySvg } from '../src/webview/topology/render';
import { generateStack } from './generate';

const median = (xs: number[]): number => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchTopology(): Promise<{ rows: string[][] }> {
  const file = path.join('/virtual/topology-bench', 'docker-compose.yml');
  const reader = overlayReader(new Map([[file, generateStack(100)]]), { read: (p) => ({ error: `${p}: no such file` }) });
  const { project, diagnostics } = lintStack({ files: [file], reader, env: {} });
  const elk = new ELK();
  const modelMs: number[] = []; const layoutMs: number[] = []; let size = 0; let edges = 0; let nodes = 0;
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now();
    const t = buildTopology(project, diagnostics);
    const t1 = performance.now();
    const laid = await layoutTopology(t, elk);
    size = renderTopologySvg(t, laid).length;
    const t2 = performance.now();
    if (i === 0) continue;   // the warm-up: elkjs's GWT start-up, once per webview
    modelMs.push(t1 - t0); layoutMs.push(t2 - t1);
    nodes = t.nodes.length; edges = t.edges.length;
  }
  const ms = median(layoutMs);
  return { rows: [
    ['', 'measured', 'target', ''],
    [`topology layout + SVG render (${nodes} services, ${edges} links)`, `${ms.toFixed(1)} ms`, '< 500 ms', ms < 500 ? 'ok' : 'SLOW'],
    ['  topology model from the linted stack', `${median(modelMs).toFixed(1)} ms`, '', ''],
    ['  SVG size', `${(size / 1024).toFixed(0)} KB`, '', ''],
  ] };
}
