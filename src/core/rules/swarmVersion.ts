import { laterThanFile } from '../deploy/swarmFate';
import { get, getPair, isMap, str, YMap } from '../model/node';
import type { Span } from '../model/source';
import type { RuleContext } from './rule';

/**
 * Keys a file's own `version: "3.N"` does not take yet: the docker CLI validates the file with that version's schema
 * ("Additional property init is not allowed" in a 3.4 file). Mender Swarm's deploy reads the file whatever its
 * version, so these are swarm-compat's cli-refused-option warnings. The versions live in swarmFate.ts.
 */
export function checkFileVersion(ctx: RuleContext, root: YMap): void {
  const version = str(getPair(root, 'version')?.value);
  if (!version) return;
  const report = (span: Span, what: string, since: string): void =>
    ctx.report({
      span,
      code: 'cli-refused-option',
      message: `\`docker stack deploy\` refuses ${what} in a version "${version}" file (it came with ${since}).`,
      detail: `The docker CLI reads the file with the schema of its version and says "Additional property ... is not allowed". Mender Swarm's deploy takes it. Raise \`version:\` to "${since}" or later, or remove it (the CLI then takes the newest schema it knows).`,
    });
  for (const p of root.pairs) {
    const since = laterThanFile('top', p.key, version);
    if (since) report(p.keySpan, `the top-level "${p.key}"`, since);
  }
  const services = get(root, 'services');
  if (!isMap(services)) return;
  for (const sp of services.pairs) {
    if (!isMap(sp.value)) continue;
    for (const p of sp.value.pairs) {
      const since = laterThanFile('service', p.key, version);
      if (since) report(p.keySpan, `"${p.key}"`, since);
      if (p.key !== 'healthcheck' || !isMap(p.value)) continue;
      for (const h of p.value.pairs) {
        const hs = laterThanFile('healthcheck', h.key, version);
        if (hs) report(h.keySpan, `"healthcheck.${h.key}"`, hs);
      }
    }
  }
}
