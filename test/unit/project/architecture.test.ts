// The layers, checked on resolved imports (esbuild resolves every import of every file under src/ as the bundle
// does), not on import strings: `'../docker'` from a top-level core file, an index re-export or a package
// that dockerode pulls in are all seen for what they are.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { ROOT } from '../helpers';

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

/** Each source file's imports, resolved: a file relative to `root`, or `vscode` (the one external). */
function resolvedImports(root: string): Map<string, string[]> {
  const r = buildSync({
    absWorkingDir: root,
    entryPoints: files(path.join(root, 'src')),
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'cjs',
    outdir: path.join(os.tmpdir(), 'msw-arch-out'),
    external: ['vscode'],
    loader: { '.node': 'empty', '.json': 'json' },
    logLevel: 'silent',
  });
  const out = new Map<string, string[]>();
  for (const [file, info] of Object.entries(r.metafile!.inputs))
    out.set(
      file,
      info.imports.map((i) => i.path),
    );
  return out;
}

const pkgOf = (f: string): string | undefined => /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f)?.[1];

/** dockerode and every package only reachable through it (docker-modem, ssh2...): all of it counts as dockerode. */
function dockerodeClosure(graph: Map<string, string[]>): Set<string> {
  const seen = new Set<string>(['dockerode']);
  const todo = [...graph.keys()].filter((f) => pkgOf(f) === 'dockerode');
  const visited = new Set(todo);
  while (todo.length) {
    for (const dep of graph.get(todo.pop()!) ?? []) {
      const p = pkgOf(dep);
      if (p) seen.add(p);
      if (p && !visited.has(dep)) {
        visited.add(dep);
        todo.push(dep);
      }
    }
  }
  return seen;
}

export function layerViolations(root: string): string[] {
  const graph = resolvedImports(root);
  const docker = dockerodeClosure(graph);
  const bad: string[] = [];
  // The lint-only CLI bundle (dist/cli-lint.js) leaves the Docker client out: nothing it reaches is in src/docker.
  const lintEntry = 'src/cli/lintMain.ts';
  if (graph.has(lintEntry)) {
    const seen = new Set([lintEntry]);
    const todo = [lintEntry];
    while (todo.length) {
      for (const dep of graph.get(todo.pop()!) ?? []) {
        if (dep.startsWith('src/docker/') || (pkgOf(dep) && docker.has(pkgOf(dep)!))) bad.push(`lint bundle: ${lintEntry} reaches ${dep}`);
        else if (!seen.has(dep)) {
          seen.add(dep);
          todo.push(dep);
        }
      }
    }
  }
  for (const [file, deps] of graph) {
    if (!file.startsWith('src/')) continue;
    for (const dep of deps) {
      const pkg = pkgOf(dep);
      const where = `${file} imports ${dep}`;
      if (file.startsWith('src/core/') && (dep === 'vscode' || /^src\/(vscode|docker|cli)\/|^src\/extension\.ts$/.test(dep))) bad.push(`core: ${where}`);
      if (file.startsWith('src/core/') && pkg && docker.has(pkg)) bad.push(`core: ${where} (dockerode)`);
      if (!file.startsWith('src/docker/') && pkg && docker.has(pkg)) bad.push(`only src/docker uses dockerode: ${where}`);
      if (file.startsWith('src/docker/') && (dep === 'vscode' || /^src\/(vscode|cli)\//.test(dep))) bad.push(`docker: ${where}`);
      if (file.startsWith('src/cli/') && (dep === 'vscode' || dep.startsWith('src/vscode/'))) bad.push(`cli: ${where}`);
      if (!file.startsWith('src/docker/') && dep.startsWith('src/docker/') && dep !== 'src/docker/index.ts')
        bad.push(`docker entry: ${where} (import ../docker, its index)`);
    }
  }
  return bad;
}

const violations = layerViolations(ROOT);

test('the core imports neither vscode nor dockerode, nor the layers above it', () => {
  assert.deepEqual(
    violations.filter((v) => v.startsWith('core:')),
    [],
  );
});

test('only src/docker imports dockerode (its own dependencies count as dockerode)', () => {
  assert.deepEqual(
    violations.filter((v) => v.startsWith('only src/docker')),
    [],
  );
});

test('the CLI runs without vscode; src/docker does not reach up into vscode or the CLI', () => {
  assert.deepEqual(
    violations.filter((v) => v.startsWith('cli:') || v.startsWith('docker:')),
    [],
  );
});

test('outside src/docker, code enters it through its index only', () => {
  assert.deepEqual(
    violations.filter((v) => v.startsWith('docker entry:')),
    [],
  );
});

test('the lint-only CLI bundle reaches neither src/docker nor dockerode', () => {
  assert.deepEqual(
    violations.filter((v) => v.startsWith('lint bundle:')),
    [],
  );
});

test('the check catches a reach past the docker index, and a lint bundle that pulls in src/docker', () => {
  const tmp = fs.mkdtempSync(path.join(ROOT, 'test', '.arch-'));
  try {
    const w = (f: string, t: string) => {
      fs.mkdirSync(path.dirname(path.join(tmp, f)), { recursive: true });
      fs.writeFileSync(path.join(tmp, f), t);
    };
    w('src/docker/stacks.ts', 'export const s = 1;\n');
    w('src/docker/index.ts', "export * from './stacks';\n");
    w('src/vscode/ok.ts', "import { s } from '../docker';\nexport const a = s;\n");
    w('src/vscode/bad.ts', "import { s } from '../docker/stacks';\nexport const b = s;\n");
    w('src/cli/lintMain.ts', "import { l } from './commands/lint';\nexport const m = l;\n");
    w('src/cli/commands/lint.ts', "import { s } from '../../docker';\nexport const l = s;\n");
    const v = layerViolations(tmp);
    assert.ok(v.includes('docker entry: src/vscode/bad.ts imports src/docker/stacks.ts (import ../docker, its index)'), v.join('\n'));
    assert.ok(!v.some((x) => x.includes('src/vscode/ok.ts')), v.join('\n'));
    assert.ok(v.includes('lint bundle: src/cli/lintMain.ts reaches src/docker/index.ts'), v.join('\n'));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('the check sees what import strings hide: `../docker` from a top-level core file, ssh2 through docker-modem', () => {
  const tmp = fs.mkdtempSync(path.join(ROOT, 'test', '.arch-'));
  try {
    const w = (f: string, t: string) => {
      fs.mkdirSync(path.dirname(path.join(tmp, f)), { recursive: true });
      fs.writeFileSync(path.join(tmp, f), t);
    };
    w('src/docker/index.ts', 'export const x = 1;\n');
    w('src/core/top.ts', "import { x } from '../docker';\nexport const y = x;\n");
    w('src/vscode/ssh.ts', "import { Client } from 'ssh2';\nexport const c = Client;\n");
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(tmp, 'node_modules'));
    w('src/docker/client.ts', "import Docker from 'dockerode';\nexport const d = Docker;\n");
    const v = layerViolations(tmp);
    assert.ok(v.includes('core: src/core/top.ts imports src/docker/index.ts'), v.join('\n'));
    assert.ok(
      v.some((x) => /^only src\/docker uses dockerode: src\/vscode\/ssh\.ts imports .*node_modules\/ssh2\//.test(x)),
      v.join('\n'),
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('extension.ts only wires', () => {
  const text = fs.readFileSync(path.join(ROOT, 'src/extension.ts'), 'utf8');
  assert.ok(text.split('\n').length < 40, 'extension.ts stays small');
});
