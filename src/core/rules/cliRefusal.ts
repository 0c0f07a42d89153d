import type { Fix } from '../diagnostic';
import { DEPLOY_REFUSED, deployFate, type KeyFate } from '../deploy/swarmFate';
import { replaceSpan } from '../fixes/edits';
import { at, get, getPair, isMap, isScalar, YMap, YNode } from '../model/node';
import type { RuleContext } from './rule';
import { spanWithin, type Span } from '../model/source';

// What swarm-compat's cli-refused-option says of a key, and the fix that writes it where the v3 file has it.

/**
 * `scale: 2` -> `deploy: {replicas: 2}`, `mem_limit: 1g` -> `deploy: {resources: {limits: {memory: 1g}}}`: the
 * place the v3 file gives it, written where the key was. Only where the service writes the key itself and has no
 * `deploy:` in any file (one written there would hide the other's); the next key's fix comes after a relint.
 */
export function deployFix(svc: YMap, merged: YNode | undefined, key: string, p: { keySpan: Span; value: YNode }, fate: KeyFate): Fix[] {
  const path = fate.movedTo?.split('.');
  if (!path || !spanWithin(p.keySpan, svc.span) || !isScalar(p.value) || get(svc, 'deploy') !== undefined || (merged && get(merged, 'deploy') !== undefined))
    return [];
  const file = p.keySpan.file;
  const ind = ' '.repeat(file.indentAt(p.keySpan.start));
  const value = file.text.slice(p.value.span.start, p.value.span.end);
  const lines = path.map((part, i) => `${'  '.repeat(i)}${part}:${i === path.length - 1 ? ` ${value}` : ''}`);
  return [
    {
      title: `Write it as ${path.join('.')}`,
      preferred: true,
      edits: [replaceSpan({ file, start: p.keySpan.start, end: p.value.span.end }, lines.join('\n' + ind))],
    },
  ];
}

/** Why `docker stack deploy` refuses a key Mender Swarm's deploy takes or leaves out, and which of the two. */
export function cliRefusal(k: string, fate: KeyFate): string {
  const says = fate.bySchema ? `"Additional property ${k} is not allowed"` : '"compose file contains unsupported options"';
  const ours =
    deployFate(fate) === 'converted'
      ? `Mender Swarm's deploy takes it${fate.movedTo ? ` and export writes it as ${fate.movedTo}` : ''}`
      : "Mender Swarm's deploy and export leave it out";
  return `The docker CLI says ${says}. ${ours}: ${fate.why ?? ''}.`;
}

/** Keys under `deploy:` the docker CLI's schema refuses (DEPLOY_REFUSED: GPU reservations as `devices`). */
export function checkDeployKeys(ctx: RuleContext, root: YMap): void {
  const services = get(root, 'services');
  if (!isMap(services)) return;
  for (const sp of services.pairs)
    for (const [path, why] of Object.entries(DEPLOY_REFUSED)) {
      const parts = path.split('.');
      const parent = at(get(sp.value, 'deploy'), parts.slice(0, -1));
      const pair = isMap(parent) ? getPair(parent, parts[parts.length - 1]) : undefined;
      if (!pair) continue;
      ctx.report({
        span: pair.keySpan,
        code: 'cli-refused-option',
        message: `\`docker stack deploy\` refuses deploy.${path}.`,
        detail: `The docker CLI says "Additional property ${parts[parts.length - 1]} is not allowed": ${why}.`,
      });
    }
}
