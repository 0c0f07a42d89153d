import * as fs from 'fs';
import * as path from 'path';
import { allCodes } from '../core/rules';
import { nearest } from '../core/stack/text';
import { CliIO, UsageError } from './io';

/**
 * The folder of the rule pages (docs/rules/<code>.md): next to the bundle's folder when built (dist/..), a few
 * levels up when run from the sources.
 */
export function rulesDocsDir(from = __dirname): string | undefined {
  for (let dir = from, i = 0; i < 5; i++, dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'docs', 'rules');
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** `lint --explain CODE`: the rule's page; an unknown code is a usage error naming the codes close to it. */
export function explainCode(code: string, io: CliIO): number {
  const codes = allCodes().map((c) => c.code);
  if (!codes.includes(code)) {
    const near = nearest(code, codes);
    const close = near.length ? near : codes.filter((c) => c.includes(code) || code.includes(c)).slice(0, 5);
    throw new UsageError(`unknown diagnostic code "${code}"; ${close.length ? `close codes: ${close.join(', ')}` : `the codes are: ${codes.join(', ')}`}`);
  }
  const dir = rulesDocsDir();
  const file = dir && path.join(dir, `${code}.md`);
  if (!file || !fs.existsSync(file)) throw new UsageError(`the page of ${code} (docs/rules/${code}.md) is not installed next to the CLI`);
  io.stdout(fs.readFileSync(file, 'utf8'));
  return 0;
}
