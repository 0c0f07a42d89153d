import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { lintStack } from '../src/core/lint';
import { generateStack } from './generate';
import { inTurns, timeIt } from './timing';

const ROOT = path.resolve(__dirname, '..');
const SEED = path.join(ROOT, 'test/fixtures/seed-2016/docker-compose.yml');
/** Today's Mender layout (mender-server): its storage comes in by a top-level `include:`, which our lint reads too. */
const CURRENT = path.join(ROOT, 'test/fixtures/current-4x/docker-compose.yml');

export interface LintBench {
  rows: [string, string, string, string][];
}

export function benchLint(): LintBench {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-bench-'));
  const big = path.join(dir, 'docker-compose.yml');
  fs.writeFileSync(big, generateStack(1000));
  // warm-up: first runs pay for JIT and module loading, as the editor does once per session
  for (let i = 0; i < 3; i++) {
    lintStack({ files: [SEED] });
    lintStack({ files: [big] });
  }
  const seed = timeIt(() => lintStack({ files: [SEED] }), 30);
  const thousand = timeIt(() => lintStack({ files: [big] }), 15);
  // Collected before and after (bench.mjs runs with --expose-gc): what the result holds, not the lint's garbage.
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const keep = lintStack({ files: [big] });
  gc?.();
  const heapMb = (process.memoryUsage().heapUsed - before) / 1048576;
  const cli = path.join(ROOT, 'dist/cli.js');
  const dclint = path.join(ROOT, 'node_modules/dclint/bin/dclint.cjs');
  const rows: LintBench['rows'] = [
    ['lint in-process, seed stack (15 services)', `${seed.median.toFixed(1)} ms`, '', ''],
    ['lint in-process, 1,000 services', `${thousand.median.toFixed(1)} ms`, 'target < 100 ms', thousand.median < 100 ? 'met' : 'MISSED'],
    ['heap held by one linted 1,000-service stack', `${heapMb.toFixed(1)} MB`, `${keep.diagnostics.length} findings`, ''],
  ];
  // The floor every Node CLI pays, for reading the two rows below.
  const nodeAlone = (env: NodeJS.ProcessEnv): string => `${inTurns([{ cmd: process.execPath, args: ['-e', '0'], env }], 9)[0].toFixed(0)} ms`;
  rows.push(['Node.js start-up alone (node -e 0)', nodeAlone(process.env), '', '']);
  const cases: [string, string, NodeJS.ProcessEnv][] = [
    ['seed stack', SEED, process.env],
    ['current Mender stack (include:)', CURRENT, process.env],
    ['1,000 services', big, process.env],
  ];
  // Some machines (this project's own) set NODE_EXTRA_CA_CERTS, and Node parses that certificate bundle before any
  // script runs (~45 ms of every start, ours and dclint's alike): the two stacks again without it, both sides.
  if (process.env.NODE_EXTRA_CA_CERTS) {
    const bare = { ...process.env };
    delete bare.NODE_EXTRA_CA_CERTS;
    rows.push(['Node.js start-up alone, without NODE_EXTRA_CA_CERTS', nodeAlone(bare), '', '']);
    cases.push(['seed stack, without NODE_EXTRA_CA_CERTS', SEED, bare], ['current Mender stack, without NODE_EXTRA_CA_CERTS', CURRENT, bare]);
  }
  for (const [label, file, env] of cases) {
    // A code cache of our own: on a shared machine other checkouts' CLIs replace the user's (~/.cache/mender-swarm).
    const [ours, theirs] = inTurns(
      [
        { cmd: process.execPath, args: [cli, 'lint', '--format', 'json', file], env: { ...env, XDG_CACHE_HOME: dir } },
        { cmd: process.execPath, args: [dclint, file], env },
      ],
      label === '1,000 services' ? 5 : 9,
    );
    const ratio = ours / theirs;
    rows.push([
      `CLI whole process, ${label}: mender-swarm vs dclint`,
      `${ours.toFixed(0)} ms vs ${theirs.toFixed(0)} ms`,
      `ratio ${ratio.toFixed(2)}x (target <= 0.2x)`,
      ratio <= 0.2 ? 'met' : 'MISSED',
    ]);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return { rows };
}
