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
import { LOADER_CODES } from '../manifest/loaderCodes';
import type { CodeInfo, Rule } from './rule';
import { swarmCompatRule } from './swarmCompat';
import { structureRule } from './structure';
import { swarmNamesRule } from './swarmNames';
import { traefikRule } from './traefik';

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
