// Compose's top-level `include:` in the manifest layer (src/core/manifest/include.ts): the included projects join
// the stack for lint, hover/definition, the conversion and export, with compose's rules for paths, variables,
// conflicts, missing files and loops.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { definitionAt } from '../../../../src/core/catalog/hover';
import { convertProject } from '../../../../src/core/deploy/convert';
import { exportV3 } from '../../../../src/core/deploy/export';
import { overlayReader } from '../../../../src/core/manifest/files';
import { loadProject } from '../../../../src/core/manifest/project';
import { codes, FIXTURES, lintTexts, only, ROOT, textAt } from '../../helpers';
import { said } from '../../said';

const DIR = '/virtual/mystack';
const abs = (f: string): string => path.join(DIR, f);
function load(files: Record<string, string>, opts: { env?: Record<string, string> } = {}) {
  const texts = new Map(Object.entries(files).map(([n, t]) => [abs(n), t]));
  return loadProject({ files: [abs('docker-compose.yml')], env: opts.env, reader: overlayReader(texts, { read: (p) => ({ error: `${p}: no such file` }) }) });
}

const STORAGE = `services:
  s3:
    image: chrislusf/seaweedfs:3.97
    env_file: s3.env
    configs:
      - source: s3-conf
        target: /etc/s3.conf
    volumes:
      - ./data:/data
      - s3:/cache
    networks: [storage]
configs:
  s3-conf:
    file: ./config/s3.json
networks:
  storage: {}
volumes:
  s3: {}
`;

test('short form: the included services, networks, volumes and configs join the stack; depends_on on them is no error', () => {
  const files = {
    'docker-compose.yml': `include:\n  - compose/storage.yml\nservices:\n  deployments:\n    image: mendersoftware/deployments:4.0\n    depends_on: [s3]\n    networks: [storage]\n`,
    'compose/storage.yml': STORAGE,
    'compose/s3.env': 'A=1\n',
    'compose/config/s3.json': '{}',
  };
  const { project, diagnostics } = lintTexts(files);
  assert.deepEqual([...project.services.keys()].sort(), ['deployments', 's3']);
  assert.ok(project.networks.has('storage') && project.volumes.has('s3') && project.configs.has('s3-conf'));
  assert.equal(only(diagnostics, 'unknown-service').length, 0);
  assert.equal(only(diagnostics, 'missing-file').length, 0, JSON.stringify(only(diagnostics, 'missing-file')));
  // The included service is defined in the included file: findings and definitions point there.
  assert.equal(project.services.get('s3')!.keySpan.file.path, abs('compose/storage.yml'));
  assert.ok(project.documents.some((d) => d.file.path === abs('compose/storage.yml') && d.role === 'include'));
  assert.equal(get(project.merged, 'include'), undefined, 'include is not a key of the merged stack');
});

test('relative paths of an included file resolve from its folder: env_file, bind mounts, config files (convert sees them)', () => {
  const project = load({
    'docker-compose.yml': `include:\n  - compose/storage.yml\nservices:\n  web:\n    image: nginx\n    volumes: ['./site:/usr/share/nginx/html']\n`,
    'compose/storage.yml': STORAGE,
    'compose/s3.env': 'S3_FROM_ENV_FILE=yes\n',
    'compose/config/s3.json': '{}',
  });
  const desired = convertProject(project, { reader: project.reader });
  const s3 = desired.services.find((s) => s.name === 's3')!;
  const mounts = s3.spec.TaskTemplate?.ContainerSpec?.Mounts ?? [];
  assert.ok(
    mounts.some((m) => m.Type === 'bind' && m.Source === abs('compose/data')),
    JSON.stringify(mounts),
  );
  assert.ok((s3.spec.TaskTemplate?.ContainerSpec?.Env ?? []).includes('S3_FROM_ENV_FILE=yes'));
  assert.equal(desired.configs.find((c) => c.name === 's3-conf')!.file, abs('compose/config/s3.json'));
  // The including file's own relative paths still resolve from the stack's folder.
  const web = desired.services.find((s) => s.name === 'web')!;
  assert.ok((web.spec.TaskTemplate?.ContainerSpec?.Mounts ?? []).some((m) => m.Source === abs('site')));
  assert.deepEqual(
    desired.issues.filter((i) => i.severity === 'error'),
    [],
  );
});

test("long form: path list merged in order, project_directory, env_file; the stack's variables win over the included env file", () => {
  const project = load({
    'docker-compose.yml': `include:
  - path: [storage/base.yml, storage/override.yml]
    project_directory: storage/project
    env_file: storage/vars.env
services:
  app:
    image: app:\${TAG}
`,
    '.env': 'TAG=1.0\nSHARED=from-stack\n',
    'storage/base.yml': `services:\n  s3:\n    image: seaweed:\${S3_TAG}\n    environment:\n      SHARED: \${SHARED}\n      ONLY_INCLUDED: \${ONLY}\n    env_file: s3.env\n`,
    'storage/override.yml': `services:\n  s3:\n    command: [s3, -port=8080]\n`,
    'storage/vars.env': 'S3_TAG=3.97\nSHARED=from-include\nONLY=inc\n',
    'storage/project/s3.env': 'X=1\n',
  });
  const s3 = get(project.merged, 'services', 's3');
  assert.equal(str(get(s3, 'image')), 'seaweed:3.97');
  assert.equal(str(get(s3, 'environment', 'SHARED')), 'from-stack');
  assert.equal(str(get(s3, 'environment', 'ONLY_INCLUDED')), 'inc');
  assert.ok(get(s3, 'command'), 'the override file of the path list merged');
  // project_directory: relative paths of the included files resolve from it.
  assert.equal(str(get(s3, 'env_file')), abs('storage/project/s3.env'));
  assert.deepEqual(
    project.includes.map((i) => i.projectDir),
    [abs('storage/project')],
  );
  assert.deepEqual(project.includes[0].envFiles, [abs('storage/vars.env')]);
  assert.equal(project.findings.length, 0, JSON.stringify(project.findings.map((f) => f.message)));
});

test("an included project reads its own .env by default; nested includes resolve from each project's folder", () => {
  const project = load({
    'docker-compose.yml': `include: [a/compose.yml]\nservices:\n  top:\n    image: top\n`,
    'a/compose.yml': `include: [b/compose.yml]\nservices:\n  mid:\n    image: mid:\${MID_TAG}\n`,
    'a/.env': 'MID_TAG=2\n',
    'a/b/compose.yml': `services:\n  leaf:\n    image: leaf\n    env_file: leaf.env\n`,
    'a/b/leaf.env': 'L=1\n',
  });
  assert.deepEqual([...project.services.keys()].sort(), ['leaf', 'mid', 'top']);
  assert.equal(str(get(project.merged, 'services', 'mid', 'image')), 'mid:2');
  assert.equal(str(get(project.merged, 'services', 'leaf', 'env_file')), abs('a/b/leaf.env'));
  assert.equal(project.services.get('leaf')!.keySpan.file.path, abs('a/b/compose.yml'));
});

test('a resource defined in the file and (differently) in what it includes is an error at the include entry, with both places', () => {
  const main = `include:\n  - storage.yml\nservices:\n  s3:\n    image: minio/minio\nvolumes:\n  data: {}\n`;
  const { diagnostics } = lintTexts({
    'docker-compose.yml': main,
    'storage.yml': `services:\n  s3:\n    image: seaweed\nvolumes:\n  data: {}\n`,
  });
  const c = only(diagnostics, 'include-conflict');
  assert.equal(c.length, 1, JSON.stringify(diagnostics));
  assert.equal(c[0].severity, 'error');
  assert.equal(textAt(main, c[0]), 'storage.yml');
  assert.match(said(c[0]), /services\.s3 conflicts with imported resource/);
  assert.deepEqual(c[0].related!.map((r) => path.basename(r.file)).sort(), ['docker-compose.yml', 'storage.yml']);
  // Identical definitions (the `data` volume) are accepted, as compose does.
  assert.ok(!c[0].message.includes('volumes.data'));
});

test('a missing included file, a missing env_file and an entry without path are errors at the entry, never a crash', () => {
  const main = `include:\n  - compose/nope.yml\n  - path: storage.yml\n    env_file: missing.env\n  - project_directory: x\nservices:\n  a:\n    image: a\n`;
  const { diagnostics } = lintTexts({ 'docker-compose.yml': main, 'storage.yml': 'services:\n  s:\n    image: s\n' });
  const missing = only(diagnostics, 'include-missing');
  assert.deepEqual(
    missing.map((d) => textAt(main, d)),
    ['compose/nope.yml', 'missing.env'],
  );
  assert.match(said(missing[0]), /no such file/);
  assert.deepEqual(
    only(diagnostics, 'include-invalid').map((d) => textAt(main, d).split('\n')[0]),
    ['project_directory: x'],
  );
  assert.ok(!codes(diagnostics).includes('internal-error'));
  assert.ok(!codes(diagnostics).includes('unreadable-file'), 'reported once, as include-missing');
});

test('while an included file cannot be read, the checks across services wait for it: what it defines is unknown', () => {
  const main =
    'include:\n  - storage.yml\nservices:\n  app:\n    image: nginx\n    depends_on: [s3]\n    environment:\n      S3_URL: http://s3:9000\n    imgae: typo\n';
  const { diagnostics } = lintTexts({ 'docker-compose.yml': main });
  // Not "app depends on s3, which this stack does not define", nor "no service answers s3": s3 may be in storage.yml.
  assert.ok(!codes(diagnostics).includes('unknown-service'), codes(diagnostics).join(', '));
  assert.ok(!codes(diagnostics).includes('unresolved-host'), codes(diagnostics).join(', '));
  assert.match(said(only(diagnostics, 'include-missing')[0]), /checks across services .* wait until it can be read/);
  // The file's own checks still run.
  assert.ok(codes(diagnostics).includes('unknown-key'));
  // Once it is there, they are back, and find nothing to say about s3.
  const fixed = lintTexts({ 'docker-compose.yml': main, 'storage.yml': 'services:\n  s3:\n    image: minio/minio\n' });
  assert.ok(!codes(fixed.diagnostics).includes('include-missing'));
  assert.ok(!codes(fixed.diagnostics).includes('unknown-service'));
  const wrong = lintTexts({ 'docker-compose.yml': main.replace('[s3]', '[s4]'), 'storage.yml': 'services:\n  s3:\n    image: minio/minio\n' });
  assert.ok(codes(wrong.diagnostics).includes('unknown-service'));
});

test('an include that loops is an error at the entry that closes the loop; the rest of the stack is still read', () => {
  const b = `include:\n  - docker-compose.yml\nservices:\n  b:\n    image: b\n`;
  const { project, diagnostics } = lintTexts({
    'docker-compose.yml': `include:\n  - b.yml\nservices:\n  a:\n    image: a\n`,
    'b.yml': b,
  });
  const loop = only(diagnostics, 'include-cycle');
  assert.equal(loop.length, 1);
  assert.equal(loop[0].file, abs('b.yml'));
  assert.equal(textAt(b, loop[0]), 'docker-compose.yml');
  assert.deepEqual([...project.services.keys()].sort(), ['a', 'b']);
  // A file including itself.
  const self = lintTexts({ 'docker-compose.yml': `include: [docker-compose.yml]\nservices:\n  a:\n    image: a\n` });
  assert.equal(only(self.diagnostics, 'include-cycle').length, 1);
});

test('diagnostics of the included file land in it; Go to Definition follows a host into it', () => {
  const main = `include: [compose/storage.yml]\nservices:\n  deployments:\n    image: mendersoftware/deployments:4.0\n    environment:\n      DEPLOYMENTS_AWS_URI: http://s3:8080\n`;
  const storage = `services:\n  s3:\n    image: seaweed\n    mem_limit: 1g\n    environment:\n      TARGET: http://nowhere-host:80\n`;
  const { project, diagnostics } = lintTexts({ 'docker-compose.yml': main, 'compose/storage.yml': storage });
  const refused = only(diagnostics, 'cli-refused-option');
  assert.equal(refused.length, 1);
  assert.equal(refused[0].file, abs('compose/storage.yml'));
  assert.equal(textAt(storage, refused[0]), 'mem_limit');
  const unresolved = only(diagnostics, 'unresolved-host');
  assert.ok(
    unresolved.some((d) => d.file === abs('compose/storage.yml') && textAt(storage, d) === 'nowhere-host'),
    JSON.stringify(unresolved),
  );
  assert.ok(!unresolved.some((d) => d.file === abs('docker-compose.yml')));
  const def = definitionAt(project, abs('docker-compose.yml'), main.indexOf('s3:8080') + 1);
  assert.ok(def, 'a definition');
  assert.equal(def!.file.path, abs('compose/storage.yml'));
  assert.equal(storage.slice(def!.start, def!.end), 's3');
});

test('top-level-key says what our deploy and export do with include', () => {
  const { diagnostics } = lintTexts({ 'docker-compose.yml': `include: [s.yml]\nservices:\n  a:\n    image: a\n`, 's.yml': 'services:\n  s:\n    image: s\n' });
  const k = only(diagnostics, 'top-level-key');
  assert.equal(k.length, 1);
  assert.match(said(k[0]), /does not accept the top-level key "include"/);
  assert.match(said(k[0]), /export writes their services/);
});

test("export inlines the included resources: no include, the included files' paths relative to where the export is written, a note", () => {
  const project = load({
    'docker-compose.yml': `include:\n  - compose/storage.yml\nservices:\n  deployments:\n    image: mendersoftware/deployments:4.0\n    depends_on: [s3]\n    networks: [storage]\n`,
    'compose/storage.yml': STORAGE,
    'compose/s3.env': 'A=1\n',
    'compose/config/s3.json': '{}',
  });
  const { text, notes } = exportV3(project);
  const doc = parse(text) as Record<string, Record<string, Record<string, unknown>>>;
  assert.equal(doc.include, undefined);
  assert.deepEqual(Object.keys(doc.services).sort(), ['deployments', 's3']);
  // The included file's paths, resolved from its folder, are written relative to where the export goes.
  assert.equal(doc.configs['s3-conf'].file, './compose/config/s3.json');
  assert.ok(doc.networks.storage !== undefined && doc.volumes.s3 !== undefined);
  assert.deepEqual(doc.services.s3.volumes, ['./compose/data:/data', 's3:/cache']);
  const elsewhere = parse(exportV3(project, { outDir: abs('out') }).text) as typeof doc;
  assert.equal(elsewhere.configs['s3-conf'].file, '../compose/config/s3.json');
  assert.deepEqual(elsewhere.services.s3.volumes, ['../compose/data:/data', 's3:/cache']);
  assert.ok(notes.some((n) => n.key === 'include' && /inlined/.test(n.message)));
  assert.ok(!notes.some((n) => /dropped/.test(n.message) && n.key === 'include'));
});

test("today's mender-server layout (fixture): the CLI lints it with no error and no unknown-service", () => {
  const dir = path.join(FIXTURES, 'releases', 'mender-server-current');
  let out = '';
  try {
    out = execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'lint', '--format', 'json', 'docker-compose.yml'], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
    });
  } catch (e) {
    assert.fail(`lint exited ${(e as { status?: number }).status}: ${(e as { stdout?: string }).stdout}`);
  }
  const diags = JSON.parse(out) as { code: string; severity: string; file: string; message: string }[];
  assert.deepEqual(
    diags.filter((d) => d.severity === 'error'),
    [],
  );
  assert.equal(diags.filter((d) => d.code === 'unknown-service').length, 0);
  const project = loadProject({ files: [path.join(dir, 'docker-compose.yml')] });
  for (const s of ['s3', 's3-master', 's3-volume', 's3-filer']) assert.ok(project.services.has(s), s);
  assert.ok(project.configs.has('s3-identities') && project.configs.has('traefik-middlewares'));
});

// Small helpers over the located tree.
import { get as getKey, str as strOf, type YNode } from '../../../../src/core/model/node';
function get(n: YNode | undefined, ...keys: string[]): YNode | undefined {
  let cur = n;
  for (const k of keys) cur = getKey(cur, k);
  return cur;
}
const str = strOf;

test("a conflict from the second file of a path list points at that file's name in the list", () => {
  const main = `include:\n  - path:\n      - storage/base.yml\n      - storage/extra.yml\nnetworks:\n  storage:\n    driver: overlay\n`;
  const { diagnostics } = lintTexts({
    'docker-compose.yml': main,
    'storage/base.yml': 'services:\n  s3:\n    image: s3\n',
    'storage/extra.yml': 'networks:\n  storage:\n    attachable: true\n',
  });
  const c = only(diagnostics, 'include-conflict');
  assert.equal(c.length, 1);
  assert.equal(textAt(main, c[0]), 'storage/extra.yml');
  assert.match(said(c[0]), /networks\.storage conflicts with imported resource/);
});

test('include: of the wrong shape is a schema error at the entry, and the rest of the stack is still linted', () => {
  for (const [inc, line] of [
    ['include: compose/x.yml', 0],
    ['include:\n  - [a.yml]', 1],
    ['include:\n  - path: 3', 1],
  ] as const) {
    const { project, diagnostics } = lintTexts({
      'docker-compose.yml': `${inc}\nservices:\n  a:\n    image: a\n    depends_on: [nope]\n`,
      'a.yml': 'services:\n  b:\n    image: b\n',
    });
    const schema = only(diagnostics, 'schema');
    assert.equal(schema.length, 1, inc);
    assert.equal(schema[0].range.start.line, line, inc);
    assert.ok(!codes(diagnostics).includes('internal-error'));
    assert.equal(only(diagnostics, 'unknown-service').length, 1, 'the other rules ran');
    assert.deepEqual([...project.services.keys()], ['a']);
  }
});
