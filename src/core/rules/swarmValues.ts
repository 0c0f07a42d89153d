import type { Fix } from '../diagnostic';
import { replaceSpan } from '../fixes/edits';
import { at, get, isMap, isScalar, YMap, YNode } from '../model/node';
import type { RuleContext } from './rule';

/** Service mappings whose values the docker CLI's schema types as string, number or null (list_or_dict). */
const SERVICE_MAPS: readonly (readonly string[])[] = [['environment'], ['labels'], ['deploy', 'labels'], ['sysctls'], ['extra_hosts']];
/** The same for top-level objects: their labels. */
const OBJECT_SECTIONS = ['networks', 'volumes', 'secrets', 'configs'];

/**
 * `DEBUG: true` under environment, `traefik.enable: true` under labels: compose takes a boolean there, the docker
 * CLI refuses the file ("... must be a string, number or null"). Mender Swarm's deploy sends "true". A
 * cli-refused-option warning at the value, with the fix that quotes it.
 */
export function checkBooleanValues(ctx: RuleContext, root: YMap): void {
  const services = get(root, 'services');
  if (isMap(services)) for (const sp of services.pairs) for (const path of SERVICE_MAPS) report(ctx, at(sp.value, path), path.join('.'));
  for (const section of OBJECT_SECTIONS) {
    const defs = get(root, section);
    if (isMap(defs)) for (const d of defs.pairs) report(ctx, get(d.value, 'labels'), `${section} labels`);
  }
}

function report(ctx: RuleContext, map: YNode | undefined, where: string): void {
  if (!isMap(map) || map.fromSeq) return; // `- KEY=true` items are strings already
  for (const p of map.pairs) {
    const v = p.value;
    if (!isScalar(v) || typeof v.value !== 'boolean') continue;
    const text = v.span.file.text.slice(v.span.start, v.span.end);
    const fixes: Fix[] = [{ title: `Quote it: "${text}"`, preferred: true, edits: [replaceSpan(v.span, `"${text}"`)] }];
    ctx.report({
      span: v.span,
      code: 'cli-refused-option',
      fixes,
      message: `\`docker stack deploy\` refuses the boolean ${text} of "${p.key}" in ${where}: quote it.`,
      detail: `The docker CLI says "${p.key} must be a string, number or null" (docker compose takes a boolean here). Mender Swarm's deploy sends "${text}". Write it as "${text}".`,
    });
  }
}
