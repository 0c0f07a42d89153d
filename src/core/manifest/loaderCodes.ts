import type { CodeInfo } from '../rules/rule';

/** Codes the loader itself emits (reading, parsing, interpolating, merging). */
export const LOADER_CODES: CodeInfo[] = [
  { code: 'yaml-syntax', severity: 'error', summary: 'The file is not valid YAML.', unread: 'in-part' },
  { code: 'duplicate-key', severity: 'warning', summary: 'A mapping repeats a key: docker stack deploy takes the last one, docker compose refuses the file.' },
  { code: 'alias-limit', severity: 'error', summary: 'Anchors and aliases expand beyond a safe size (alias bomb).', unread: 'in-part' },
  {
    code: 'nesting-limit',
    severity: 'error',
    summary: 'Lists and mappings nested deeper than a safe limit (200 levels, aliases expanded).',
    unread: 'in-part',
  },
  { code: 'file-too-large', severity: 'error', summary: 'The file is too large to be a manifest.', unread: 'whole' },
  { code: 'unreadable-file', severity: 'error', summary: 'A file of the stack (or one it extends) cannot be read.', unread: 'whole' },
  { code: 'invalid-interpolation', severity: 'error', summary: 'A ${...} expression compose cannot parse.' },
  { code: 'extends-missing', severity: 'error', summary: 'extends names a service that does not exist.' },
  { code: 'extends-cycle', severity: 'error', summary: 'extends loops back to the service itself.' },
  { code: 'include-missing', severity: 'error', summary: 'A file an include: entry names (or its env_file) cannot be read.', unread: 'whole' },
  { code: 'include-cycle', severity: 'error', summary: 'include: loops back to a file that includes it.' },
  { code: 'include-conflict', severity: 'error', summary: 'An included project defines a resource the including file defines differently.' },
  { code: 'include-invalid', severity: 'error', summary: 'An include: entry with no file, or includes nested too deep.' },
  { code: 'dotenv-syntax', severity: 'warning', summary: 'A line of .env that compose cannot read.' },
  { code: 'internal-error', severity: 'error', summary: 'A rule failed; the other rules still ran.' },
];

const byCode = new Map(LOADER_CODES.map((c) => [c.code, c]));
/** A loader code's entry (the rules' codes are in src/core/rules/index.ts, which lists these too). */
export function loaderCode(code: string): CodeInfo | undefined {
  return byCode.get(code);
}
