import * as fs from 'node:fs';
import { exportV3 } from '../../core/deploy/export';
import { loadProject } from '../../core/manifest/project';
import { guard, imageMaps, one, parseArgs, UsageError, type CliIO } from './common';

export const usage = 'mender-swarm export [--stack NAME] [--image-map FROM=TO]... [-o FILE] FILE...';

/** Write the resolved stack as a compose v3.8 file that `docker stack deploy` accepts (stdout without -o). */
export async function run(argv: string[], io: CliIO): Promise<number> {
  return guard(io, usage, async () => {
    const a = parseArgs(argv, ['--stack', '--image-map', '-o', '--output'], []);
    if (!a.positional.length) throw new UsageError('no stack file given');
    const project = loadProject({ files: a.positional, stackName: one(a, '--stack'), env: io.env });
    // A file that cannot be read, or an include compose refuses, would export a stack with parts missing.
    const unreadable = project.findings.find((f) => f.code === 'unreadable-file' || f.code === 'yaml-syntax' || f.code.startsWith('include-'));
    if (unreadable) throw new UsageError(`${unreadable.span.file.path}: ${unreadable.message}`);
    const r = exportV3(project, { imageMap: imageMaps(a) });
    for (const n of r.notes) io.stderr(`note: ${n.service ? `service "${n.service}": ` : ''}${n.message}\n`);
    const out = one(a, '-o') ?? one(a, '--output');
    if (out && out !== '-') {
      try { fs.writeFileSync(out, r.text); } catch (e) { throw new UsageError(`cannot write ${out}: ${(e as Error).message}`); }
      io.stderr(`wrote ${out}\n`);
    } else io.stdout(r.text);
    return 0;
  });
}
