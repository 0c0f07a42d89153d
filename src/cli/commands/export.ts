import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXPORT_FILE_MODE, exportV3 } from '../../core/deploy/export';
import { loadProject } from '../../core/manifest/project';
import { projectRedactor } from '../../core/lint';
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
      } catch (e) { throw new UsageError(`cannot write ${out}: ${(e as Error).message}`); }
      io.stderr(`wrote ${out} (mode 0600: it contains the values of .env and the environment, passwords included)\n`);
    } else io.stdout(r.text);
    return 0;
  });
}
