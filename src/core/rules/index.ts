import { filesRule } from './files';
import { interpolationRule } from './interpolation';
import { kubernetesNamesRule } from './kubernetesNames';
import { linksRule } from './links';
import { menderCredentialsRule } from './menderCredentials';
import { menderGatewayRule } from './menderGateway';
import { menderLinksRule } from './menderLinks';
import { menderRequiredRule } from './menderRequired';
import { menderUnreadEnvRule } from './menderUnreadEnv';
import { menderUrlsRule } from './menderUrls';
import { networkAddressesRule } from './networkAddresses';
import type { CodeInfo, Rule } from './rule';
import { swarmCompatRule } from './swarmCompat';
import { structureRule } from './structure';
import { swarmNamesRule } from './swarmNames';
import { traefikRule } from './traefik';

/** Codes the loader itself emits (reading, parsing, interpolating, merging). */
export const LOADER_CODES: CodeInfo[] = [
  { code: 'yaml-syntax', severity: 'error', summary: 'The file is not valid YAML.', partialRead: true },
  { code: 'duplicate-key', severity: 'warning', summary: 'A mapping repeats a key: docker stack deploy takes the last one, docker compose refuses the file.' },
  { code: 'alias-limit', severity: 'error', summary: 'Anchors and aliases expand beyond a safe size (alias bomb).', partialRead: true },
  {
    code: 'nesting-limit',
    severity: 'error',
    summary: 'Lists and mappings nested deeper than a safe limit (200 levels, aliases expanded).',
    partialRead: true,
  },
  { code: 'file-too-large', severity: 'error', summary: 'The file is too large to be a manifest.' },
  { code: 'unreadable-file', severity: 'error', summary: 'A file of the stack (or one it extends) cannot be read.' },
  { code: 'invalid-interpolation', severity: 'error', summary: 'A ${...} expression compose cannot parse.' },
  { code: 'extends-missing', severity: 'error', summary: 'extends names a service that does not exist.' },
  { code: 'extends-cycle', severity: 'error', summary: 'extends loops back to the service itself.' },
  { code: 'include-missing', severity: 'error', summary: 'A file an include: entry names (or its env_file) cannot be read.' },
  { code: 'include-cycle', severity: 'error', summary: 'include: loops back to a file that includes it.' },
  { code: 'include-conflict', severity: 'error', summary: 'An included project defines a resource the including file defines differently.' },
  { code: 'include-invalid', severity: 'error', summary: 'An include: entry with no file, or includes nested too deep.' },
  { code: 'dotenv-syntax', severity: 'warning', summary: 'A line of .env that compose cannot read.' },
  { code: 'internal-error', severity: 'error', summary: 'A rule failed; the other rules still ran.' },
];

/** The single list the linter, settings and SARIF read. A new rule is one module and one line here. */
export const ALL_RULES: Rule[] = [
  structureRule,
  swarmNamesRule,
  linksRule,
  swarmCompatRule,
  networkAddressesRule,
  filesRule,
  interpolationRule,
  menderLinksRule,
  menderGatewayRule,
  menderUrlsRule,
  menderUnreadEnvRule,
  menderCredentialsRule,
  menderRequiredRule,
  traefikRule,
  kubernetesNamesRule,
];

/** Warnings that say a deploy will not converge as written (the stack is valid, only too big): shown before a deploy, never blocking it. */
export const DEPLOY_WARNING_CODES: ReadonlySet<string> = new Set(['network-addresses']);

let byCode: Map<string, CodeInfo> | undefined;
export function codeInfo(code: string): CodeInfo | undefined {
  byCode ??= new Map([...LOADER_CODES, ...ALL_RULES.flatMap((r) => r.codes)].map((c) => [c.code, c]));
  return byCode.get(code);
}

export function allCodes(): CodeInfo[] {
  return [...LOADER_CODES, ...ALL_RULES.flatMap((r) => r.codes)];
}
