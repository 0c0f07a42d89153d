// The pictures at scale. Measures (median of warm runs, after one warm-up that pays elkjs's start-up):
//   topology  layout (elkjs, layered with ports) and SVG render of a 100-service stack   target < 500 ms
//   (the model built from the linted stack is listed apart: the linter has it anyway)
//   visualizer  board model and HTML of 1,000 tasks on 10 nodes, from a snapshot                    target < 200 ms
// CPU time of this process is listed beside the wall time: on a shared machine the wall clock also counts waiting.
// Targets (issue 13).
import ELK from 'elkjs/lib/elk.bundled.js';
import * as path from 'node:path';
import { overlayReader } from '../src/core/manifest/files';
import { lintStack } from '../src/core/lint';
import { buildTopology } from '../src/core/topology/model';
import { layoutTopology } from '../src/webview/topology/layout';
import { renderTopologySvg } from '../src/webview/topology/render';
import { generateStack } from './generate';
import * as fs from 'node:fs';
import type { SwarmSnapshot, XNode, XService, XTask } from '../src/core/explorer';
import { buildBoard } from '../src/core/board/model';
import { renderBoardHtml } from '../src/webview/swarm/render';
import { median } from './timing';

export async function benchTopology(): Promise<{ rows: string[][] }> {
  const file = path.join('/virtual/topology-bench', 'docker-compose.yml');
  const reader = overlayReader(new Map([[file, generateStack(100)]]), { read: (p) => ({ error: `${p}: no such file` }) });
  const { project, diagnostics } = lintStack({ files: [file], reader, env: {} });
  const elk = new ELK();
  const modelMs: number[] = [];
  const layoutMs: number[] = [];
  const layoutCpu: number[] = [];
  let size = 0;
  let edges = 0;
  let nodes = 0;
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now();
    const t = buildTopology(project, diagnostics);
    const t1 = performance.now();
    const c1 = process.cpuUsage();
    const laid = await layoutTopology(t, elk);
    size = renderTopologySvg(t, laid).length;
    const t2 = performance.now();
    const c2 = process.cpuUsage(c1);
    if (i === 0) continue; // the warm-up: elkjs's GWT start-up, once per webview
    modelMs.push(t1 - t0);
    layoutMs.push(t2 - t1);
    layoutCpu.push((c2.user + c2.system) / 1000);
    nodes = t.nodes.length;
    edges = t.edges.length;
  }
  const ms = median(layoutMs);
  const cpu = median(layoutCpu);
  const board = benchBoard();
  return {
    rows: [
      ['', 'measured', 'target', ''],
      [
        `topology layout + SVG render (${nodes} services, ${edges} links)`,
        `${ms.toFixed(1)} ms (CPU ${cpu.toFixed(0)} ms)`,
        '< 500 ms',
        Math.min(ms, cpu) < 500 ? 'ok' : 'SLOW',
      ],
      ['  topology model from the linted stack', `${median(modelMs).toFixed(1)} ms`, '', ''],
      ['  SVG size', `${(size / 1024).toFixed(0)} KB`, '', ''],
      [
        `visualizer update (${board.tasks} tasks on ${board.nodes} nodes): board + HTML`,
        `${board.ms.toFixed(1)} ms (CPU ${board.cpu.toFixed(0)} ms)`,
        '< 200 ms',
        Math.min(board.ms, board.cpu) < 200 ? 'ok' : 'SLOW',
      ],
    ],
  };
}

/** 1,000 running tasks of 100 services on 10 nodes, made from the harness swarm's recorded objects. */
function benchBoard(): { ms: number; cpu: number; tasks: number; nodes: number } {
  const dir = path.resolve(__dirname, '..', 'test', 'fixtures', 'engine', 'multi');
  const read = <T>(name: string): T => JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8')) as T;
  const node0 = read<XNode[]>('nodes')[0];
  const svc0 = read<XService[]>('services')[0];
  const task0 = read<XTask[]>('tasks').find((t) => t.Status?.State === 'running')!;
  const nodes = Array.from({ length: 10 }, (_, i): XNode => ({ ...node0, ID: `node${i}`, Description: { ...node0.Description, Hostname: `node-${i}` } }));
  const services = Array.from({ length: 100 }, (_, i): XService => ({
    ...svc0,
    ID: `svc${i}`,
    Spec: { ...svc0.Spec, Name: `stack${i % 5}_svc${i}`, Labels: { 'com.docker.stack.namespace': `stack${i % 5}` } },
  }));
  const tasks = Array.from({ length: 1000 }, (_, i): XTask => ({
    ...task0,
    ID: `task${i}`,
    ServiceID: `svc${i % 100}`,
    Slot: Math.floor(i / 100) + 1,
    NodeID: `node${i % 10}`,
  }));
  const snap: SwarmSnapshot = { info: read('info'), nodes, services, tasks, fetchedAt: Date.now() };
  const ms: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < 8; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    renderBoardHtml(buildBoard(snap));
    const c = process.cpuUsage(c0);
    if (i) {
      ms.push(performance.now() - t0);
      cpu.push((c.user + c.system) / 1000);
    }
  }
  return { ms: median(ms), cpu: median(cpu), tasks: tasks.length, nodes: nodes.length };
}
