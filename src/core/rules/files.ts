import * as path from 'path';
import { get, isMap, isScalar, isSeq, str, YNode } from '../model/node';
import type { Span } from '../model/source';
import type { Rule, RuleContext } from './rule';
import { fileExists } from '../manifest/files';
import { clip } from '../stack/text';

/**
 * Files the stack names must exist where compose looks for them: `env_file` (compose stops: "env file ... not
 * found"), and the `file:` of secrets and configs (the deploy fails creating them). Paths are relative to the
 * folder of the file that names them. Read through the project's reader, so unsaved editors count.
 */
export const filesRule: Rule = {
  id: 'files',
  codes: [{ code: 'missing-file', severity: 'error', summary: 'An env_file, or the file of a secret or config, does not exist.' }],
  check(ctx) {
    for (const doc of ctx.project.documents) {
      if (!doc.root) continue;
      const dir = path.dirname(doc.file.path);
      const svcs = get(doc.root, 'services');
      if (isMap(svcs))
        for (const p of svcs.pairs) {
          const ef = get(p.value, 'env_file');
          const entries: YNode[] = isSeq(ef) ? ef.items : ef ? [ef] : [];
          for (const e of entries) {
            // Long syntax `{ path, required: false }`: compose skips a missing optional file.
            const fileNode = isMap(e) ? get(e, 'path') : e;
            if (isMap(e) && str(get(e, 'required')) === 'false') continue;
            const f = str(fileNode);
            if (f && fileNode) check(ctx, dir, f, fileNode.span, `env_file of "${p.key}"`);
          }
        }
      for (const kind of ['secrets', 'configs'] as const) {
        const objs = get(doc.root, kind);
        if (!isMap(objs)) continue;
        for (const p of objs.pairs) {
          const fileNode = get(p.value, 'file');
          const f = str(fileNode);
          if (f && isScalar(fileNode)) check(ctx, dir, f, fileNode.span, `file of ${kind.slice(0, -1)} "${p.key}"`);
        }
      }
    }
  },
};

function check(ctx: RuleContext, dir: string, file: string, span: Span, what: string): void {
  const abs = path.resolve(dir, file);
  const r = fileExists(ctx.project.reader, abs); // by stat: the file is never opened (a FIFO would block)
  if ('ok' in r) return;
  ctx.report({
    span,
    code: 'missing-file',
    message: `The ${what} cannot be read: ${clip(path.basename(abs))}.`,
    detail: `${abs}: ${r.error.replace(`${abs}: `, '')}. Create it, or fix the path (relative to ${dir}).`,
  });
}
