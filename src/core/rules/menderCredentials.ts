import type { Fix } from '../diagnostic';
import { describeMatch } from '../catalog/describe';
import { EnvValue, serviceEnv } from '../catalog/env';
import { menderStack, MenderStack, ServiceMatch, servicesOf } from '../catalog/match';
import type { CredentialDef } from '../catalog/model';
import { replaceSpan } from '../fixes/edits';
import { yamlScalar } from '../fixes/envEdits';
import type { Project } from '../manifest/project';
import { hostsInValue } from '../stack/hosts';
import type { StackDns } from '../stack/networks';
import { isPartialStack } from '../stack/partial';
import { dnsFor } from './links';
import { clip } from '../stack/text';
import type { Rule, RuleContext } from './rule';

/**
 * Deployments signs S3 requests with its key pair; the storage (MinIO) refuses any pair but its own. Compared
 * only when both sides are known here (literal or interpolated from a set variable); values are never echoed.
 */
export const menderCredentialsRule: Rule = {
  id: 'mender-credentials',
  codes: [
    {
      code: 'mender-credentials',
      severity: 'error',
      summary: "A Mender component's credential differs from the one the other side holds (deployments' S3 keys vs MinIO's).",
    },
  ],
  check(ctx) {
    const stack = menderStack(ctx.project);
    // An overlay linted alone (services without image or build): what it relies on is in files not given here;
    // the links rule says so once (partial-stack).
    if (!stack.isMender || isPartialStack(ctx.project)) return;
    const dns = dnsFor(ctx.project);
    for (const m of stack.services.values()) {
      for (const cred of m.facts.credentials ?? []) checkPair(ctx, stack, dns, m, cred);
    }
  },
};

/** The service of `cred.component` this one talks to: the one its endpoint variable names, else the only one. */
function counterpart(project: Project, stack: MenderStack, dns: StackDns, m: ServiceMatch, cred: CredentialDef): ServiceMatch | undefined {
  const candidates = servicesOf(stack, cred.component);
  const via = cred.via ? serviceEnv(project, m.service).vars.get(cred.via) : undefined;
  if (via?.value && via.entry?.node) {
    for (const ref of hostsInValue(cred.via!, via.value, via.entry.node)) {
      const r = dns.resolve(m.service.name, ref.host);
      if (r.kind === 'resolved') return candidates.find((c) => c.service.name === r.service);
    }
    return undefined; // pointed elsewhere (e.g. Amazon S3): the stack's MinIO is not its storage
  }
  return candidates.length === 1 ? candidates[0] : undefined;
}

function known(v: EnvValue | undefined): v is EnvValue & { value: string } {
  return !!v && v.value !== null && !v.uncertain;
}

function checkPair(ctx: RuleContext, stack: MenderStack, dns: StackDns, m: ServiceMatch, cred: CredentialDef): void {
  const { project } = ctx;
  const mine = serviceEnv(project, m.service).vars.get(cred.var);
  if (!known(mine)) return;
  const other = counterpart(project, stack, dns, m, cred);
  if (!other) return;
  const otherEnv = serviceEnv(project, other.service);
  const name = cred.equals.find((n) => known(otherEnv.vars.get(n)));
  if (!name) return;
  const theirs = otherEnv.vars.get(name)!;
  if (theirs.value === mine.value) return;
  const span = mine.entry?.node?.span ?? mine.entry?.nameSpan;
  if (!span) return;
  const fixes: Fix[] = [];
  const theirNode = theirs.entry?.node;
  const written = theirNode?.interpolation?.written ?? theirs.value!;
  const listForm = mine.entry && mine.entry.nameSpan.file.text[mine.entry.nameSpan.end] === '=';
  const newText = listForm ? (yamlScalar(written) === written ? written : undefined) : yamlScalar(written);
  if (mine.entry?.node && newText !== undefined) {
    fixes.push({ title: `Use the same value as ${name} of "${other.service.name}"`, edits: [replaceSpan(mine.entry.node.span, newText)] });
  }
  ctx.report({
    span,
    code: 'mender-credentials',
    message: `${clip(cred.var, 24)} differs from ${clip(name, 24)} of "${clip(other.service.name, 24)}": storage requests are denied.`,
    detail:
      `${cred.var} of "${m.service.name}" (${describeMatch(m)}) differs from ${name} of "${other.service.name}" (${describeMatch(other)}). ` +
      `${m.component.id} signs its requests to the storage with ${cred.var}, and ${other.component.id} accepts only its own ${name}: requests fail with "access denied". ` +
      `Set both from one variable (e.g. \${${cred.var}}) or make them equal. (catalog: credential pair of ${m.component.id} in the ${m.era} era)`,
    related: theirs.entry ? [{ span: theirs.entry.nameSpan, message: `${name} of "${other.service.name}"` }] : [],
    fixes,
  });
}
