// Kubernetes export benchmark (`npm run bench -- --only kubernetes`): the generated 1,000-service stack exported
// to manifests, rendered and validated against the Kubernetes schema (nothing written), after loading it as
// deploy does; and the whole, load included. Runs the production bundle the editor loads (dist/kubernetes.js,
// built by `npm run bench`); wall time, and the process's CPU time beside it (the shared machine's load inflates
// wall time several-fold when other jobs run).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as KubeApi from '../src/core/kubernetes/api';
import { generateStack } from './generate';
import { median } from './timing';

export interface KubeBench {
  rows: [string, string, string, string][];
}

const TARGET_MS = 500;
const ROOT = path.resolve(__dirname, '..');

export function benchKubernetes(): KubeBench {
  const bundle = path.join(ROOT, 'dist/kubernetes.js');
  if (!fs.existsSync(bundle)) throw new Error(`${bundle} is missing: run npm run build`);
  const api = require(bundle) as typeof KubeApi;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-bench-k8s-'));
  const file = path.join(dir, 'docker-compose.yml');
  fs.writeFileSync(file, generateStack(1000));
  const load = (): ReturnType<typeof api.loadStack> => api.loadStack([file], { env: {}, stack: 'bench' });
  // Warm-up: the first run compiles the validators and the rules.
  const warm = api.exportLoaded(load());
  if (warm.invalid.length) throw new Error(`the generated stack exports invalid objects: ${JSON.stringify(warm.invalid.slice(0, 3))}`);
  const exportMs: number[] = [];
  const cpuMs: number[] = [];
  const wholeMs: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    const loaded = load();
    const t1 = performance.now();
    const c = process.cpuUsage();
    api.exportLoaded(loaded);
    const d = process.cpuUsage(c);
    const t2 = performance.now();
    exportMs.push(t2 - t1);
    wholeMs.push(t2 - t0);
    cpuMs.push((d.user + d.system) / 1000);
  }
  const objects = warm.exp.files.reduce((n, f) => n + f.objects.length, 0);
  const e = median(exportMs);
  fs.rmSync(dir, { recursive: true, force: true });
  return {
    rows: [
      ['', 'measured', 'target', ''],
      [
        `Kubernetes export of 1,000 services (${objects} objects: export, render, validate)`,
        `${e.toFixed(0)} ms (CPU ${median(cpuMs).toFixed(0)} ms)`,
        `< ${TARGET_MS} ms`,
        e < TARGET_MS ? 'met' : 'MISSED',
      ],
      ['  the same with loading, linting and converting the stack first', `${median(wholeMs).toFixed(0)} ms`, '', ''],
    ],
  };
}
