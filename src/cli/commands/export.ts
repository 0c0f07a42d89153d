import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXPORT_FILE_MODE, exportV3 } from '../../core/deploy/export';
import { loadProject } from '../../core/manifest/project';
import { projectRedactor } from '../../core/lint';
import { KUBERNETES_VERSION, KUSTOMIZATION } from '../../core/kubernetes/render';
import { formatIssue, guard, imageMaps, loadStack, one, parseArgs, UsageError, type CliIO, type ParsedArgs } from './common';

export const usage =
  'mender-swarm export [--stack NAME] [--image-map FROM=TO]... [-o FILE] FILE...\n' +
  '       mender-swarm export --to kubernetes [--stack NAME] [--namespace NS] [--publish NodePort|LoadBalancer] [--volume-size SIZE] [--image-map FROM=TO]... [-o DIR] FILE...';

/**
 * Write the resolved stack as a compose v3.8 file that `docker stack deploy` accepts (stdout without -o), or with
 * `--to kubernetes` as Kubernetes manifests and a kustomization.yaml in DIR (stdout: the manifests as one stream).
 */
export async function run(argv: string[], io: CliIO): Promise<number> {
  return guard(io, usage, async () => {
    const a = parseArgs(argv, ['--stack', '--image-map', '-o', '--output', '--to', '--namespace', '--publish', '--volume-size'], []);
    if (!a.positional.length) throw new UsageError('no stack file given');
    const to = one(a, '--to') ?? 'compose';
    if (to === 'kubernetes' || to === 'k8s') return kubernetes(a, io);
    if (to !== 'compose') throw new UsageError(`--to ${to}: expected compose or kubernetes`);
    for (const k of ['--namespace', '--publish', '--volume-size']) if (a.flags.has(k)) throw new UsageError(`${k} goes with --to kubernetes`);
    const project = loadProject({ files: a.positional, stackName: one(a, '--stack'), env: io.env });
    // A file that cannot be read, or an include compose refuses, would export a stack with parts missing.
    const unreadable = project.findings.find((f) => f.code === 'unreadable-file' || f.code === 'yaml-syntax' || f.code.startsWith('include-'));
    if (unreadable) throw new UsageError(`${unreadable.span.file.path}: ${unreadable.message}`);
    const out = one(a, '-o') ?? one(a, '--output');
    // Relative paths are written to be right from the output file's folder (on stdout: as in the source).
    const outDir = out && out !== '-' ? path.dirname(path.resolve(out)) : undefined;
    const r = exportV3(project, { imageMap: imageMaps(a), outDir });
    const redact = projectRedactor(project);
    for (const n of r.notes) io.stderr(`note: ${n.service ? `service "${n.service}": ` : ''}${redact(n.message)}\n`);
    if (out && out !== '-') {
      try {
        // Owner-only from the first byte, and an existing file is narrowed too (the mode of open() applies on create only).
        fs.writeFileSync(out, r.text, { mode: EXPORT_FILE_MODE });
        fs.chmodSync(out, EXPORT_FILE_MODE);
      } catch (e) {
        throw new UsageError(`cannot write ${out}: ${(e as Error).message}`);
      }
      io.stderr(`wrote ${out} (mode 0600: it contains the values of .env and the environment, passwords included)\n`);
    } else io.stdout(r.text);
    return 0;
  });
}

async function kubernetes(a: ParsedArgs, io: CliIO): Promise<number> {
  const publishArg = (one(a, '--publish') ?? 'NodePort').toLowerCase();
  if (publishArg !== 'nodeport' && publishArg !== 'loadbalancer') throw new UsageError(`--publish ${publishArg}: expected NodePort or LoadBalancer`);
  const size = one(a, '--volume-size');
  if (size !== undefined && !/^\d+(\.\d+)?(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$/.test(size))
    throw new UsageError(`--volume-size ${size}: expected a Kubernetes quantity such as 1Gi or 500Mi`);
  const out = one(a, '-o') ?? one(a, '--output');
  const loaded = loadStack(a.positional, one(a, '--stack'), io, imageMaps(a));
  // The validators are big: loaded only for this command.
  const { exportLoaded } = await import('../../core/kubernetes/api');
  let r;
  try {
    r = exportLoaded(loaded, {
      namespace: one(a, '--namespace'),
      publish: publishArg === 'loadbalancer' ? 'LoadBalancer' : 'NodePort',
      volumeSize: size,
      outDir: out && out !== '-' ? out : undefined,
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  for (const i of loaded.desired.issues.filter((x) => x.severity === 'error')) io.stderr(`${formatIssue(i)}\n`);
  for (const i of r.exp.issues) io.stderr(`${formatIssue(i)}\n`);
  if (r.invalid.length) {
    for (const v of r.invalid) io.stderr(`invalid ${v.object} (${v.file}): ${v.errors.join('; ')}\n`);
    io.stderr(`mender-swarm export: ${r.invalid.length} object(s) fail the Kubernetes ${KUBERNETES_VERSION} schema: nothing written\n`);
    return 1;
  }
  if (out && out !== '-') {
    io.stderr(
      `wrote ${r.written.length} files to ${out} (namespace ${r.exp.namespace}; mode 0600: they hold the stack's secrets and environment). Apply with: kubectl apply -k ${out}\n`,
    );
  } else {
    io.stdout(
      r.rendered
        .filter((f) => f.name !== KUSTOMIZATION)
        .map((f) => f.text)
        .join('---\n'),
    );
  }
  return 0;
}
