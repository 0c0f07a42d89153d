import type { Fix } from '../diagnostic';
import { describeMatch } from '../catalog/describe';
import { menderStack, ServiceMatch } from '../catalog/match';
import { erasReading } from '../catalog/load';
import { replaceSpan } from '../fixes/edits';
import { envEntries } from '../stack/hosts';
import { clip, editDistance } from '../stack/text';
import type { Rule, RuleContext } from './rule';

/**
 * A variable set on a Mender component that it does not read is most often a misspelling (`WOKRFLOWS_`,
 * `..._NATS_URL` for `..._NATS_URI`): the component silently uses its default. Only near misses of names the
 * catalog knows are reported, so generic variables (TZ, proxies) and keys newer versions added stay quiet.
 */
export const menderUnreadEnvRule: Rule = {
  id: 'mender-unread-env',
  codes: [
    {
      code: 'mender-unread-variable',
      severity: 'warning',
      summary: 'A variable on a Mender component that it does not read, close to one it does (a misspelling).',
    },
  ],
  check(ctx) {
    const stack = menderStack(ctx.project);
    if (!stack.isMender) return;
    const generic = stack.catalog.genericEnv;
    for (const m of stack.services.values()) {
      if (!m.component.mender || !m.read.length) continue;
      checkService(ctx, m, generic);
    }
  },
};

function isGeneric(name: string, generic: string[]): boolean {
  return generic.some((g) => (g.endsWith('*') ? name.startsWith(g.slice(0, -1)) : name === g));
}

/** The read name a misspelled one was meant to be, if exactly one is close. */
export function suggestVariable(name: string, read: string[], prefixes: string[]): string | undefined {
  const upper = name.toUpperCase();
  if (read.includes(name)) return undefined;
  const close = read.filter((r) => editDistance(upper, r.toUpperCase(), 2) <= (r.length >= 12 ? 2 : 1));
  if (close.length === 1) return close[0];
  if (close.length > 1) return close.sort((a, b) => editDistance(upper, a) - editDistance(upper, b))[0];
  // A misspelled prefix: WOKRFLOWS_MENDER_URL -> WORKFLOWS_MENDER_URL.
  const us = upper.indexOf('_');
  if (us > 0) {
    const head = upper.slice(0, us + 1);
    for (const p of prefixes) {
      if (head === p || editDistance(head, p, 2) > 2) continue;
      const fixed = p + upper.slice(us + 1);
      const hit = read.find((r) => r.toUpperCase() === fixed) ?? read.find((r) => editDistance(fixed, r.toUpperCase(), 1) <= 1);
      if (hit) return hit;
    }
  }
  return undefined;
}

/** The name the candidate eras read for what `name` meant in another era (AWS_URI -> DEPLOYMENTS_AWS_URI). */
function sameRole(name: string, read: string[]): string | undefined {
  const n = name.toUpperCase().replace(/-/g, '_');
  return read.find((r) => r.toUpperCase() === n) ?? read.find((r) => r.endsWith(`_${n}`)) ?? read.find((r) => n.endsWith(`_${r}`));
}

function checkService(ctx: RuleContext, m: ServiceMatch, generic: string[]): void {
  const read = m.read.map((d) => d.name);
  const set = new Set(envEntries(m.service).map((e) => e.name));
  const catalog = menderStack(ctx.project).catalog;
  for (const e of envEntries(m.service)) {
    if (read.includes(e.name) || isGeneric(e.name, generic)) continue;
    // Another era's spelling: read by that era, not by the images of this stack.
    const other = m.eras.length ? erasReading(catalog, m.component, e.name) : [];
    if (other.length) {
      const now = sameRole(e.name, read);
      const fixes: Fix[] = now && !set.has(now) ? [{ title: `Rename to ${now}`, edits: [replaceSpan(e.nameSpan, now)], preferred: true }] : [];
      ctx.report({
        span: e.nameSpan,
        code: 'mender-unread-variable',
        message: `${clip(e.name, 36)} is not read in the era of this stack${now ? `: it is now ${clip(now, 36)}` : ''}.`,
        detail:
          `"${m.service.name}" (${describeMatch(m)}) does not read ${e.name}: it is read by ${m.component.id} in era ${other.join(', ')}; ` +
          `the images of this stack (era ${m.eras.join(' or ')}, from ${m.eraReason}) read ${now ?? 'other names'}.` +
          `${now ? (set.has(now) ? ` ${now} is set too: remove ${e.name}.` : ` Rename it to ${now}.`) : ''} (catalog: the variables ${m.component.id} reads per era)`,
        fixes,
      });
      continue;
    }
    const near = suggestVariable(e.name, read, m.facts.envPrefixes);
    if (!near) continue;
    const def = m.read.find((d) => d.name === near)!;
    const dflt = def.default ? `, so ${m.component.id} uses its default "${def.default}"` : `, so ${near} stays unset`;
    const fixes: Fix[] = set.has(near) ? [] : [{ title: `Rename to ${near}`, edits: [replaceSpan(e.nameSpan, near)], preferred: true }];
    ctx.report({
      span: e.nameSpan,
      code: 'mender-unread-variable',
      message: `${clip(e.name, 32)} is not read here: did you mean ${clip(near, 32)}?`,
      detail:
        `"${m.service.name}" (${describeMatch(m)}) does not read ${e.name}${dflt}. Did you mean ${near}` +
        ` (${def.kind}${def.note ? `: ${def.note}` : ''})? (catalog: the variables ${m.component.id} reads in the ${m.era} era)` +
        `${set.has(near) ? ` ${near} is set too: remove ${e.name}.` : ''}`,
      fixes,
    });
  }
}
