import * as path from 'path';
import { subSpan } from '../model/node';
import { clip } from '../stack/text';
import type { Rule } from './rule';

export const interpolationRule: Rule = {
  id: 'interpolation',
  codes: [
    { code: 'unset-variable', severity: 'warning', summary: 'A ${VAR} with no value and no default: it becomes an empty string.' },
    { code: 'required-variable', severity: 'error', summary: 'A ${VAR:?message} whose variable is not set: compose stops.' },
    { code: 'dotenv-only', severity: 'info', summary: 'A variable set only in .env, which `docker stack deploy` does not read.' },
  ],
  check({ project, report }) {
    const dotenvNoted = new Set<string>();
    for (const { use, scalar } of project.variables) {
      const span = subSpan(scalar, use.start, use.end);
      if (use.required !== undefined && (use.value === undefined || use.value === '') && use.origin.kind !== 'default') {
        report({
          span,
          code: 'required-variable',
          message: `\${${clip(use.name)}} is required and not set.`,
          detail: `Compose stops with "${use.required}". Set ${use.name} in the environment or in .env.`,
        });
      } else if (use.origin.kind === 'unset' && !use.hasDefault && use.required === undefined) {
        report({
          span,
          code: 'unset-variable',
          message: `\${${clip(use.name)}} is not set and has no default: it becomes an empty string.`,
          detail: `Set ${use.name} in the environment or in .env, or write \${${use.name}:-default}.`,
        });
      } else if (use.origin.kind === 'dotenv' && !dotenvNoted.has(use.name)) {
        dotenvNoted.add(use.name);
        const envFile = use.origin.file;
        const src = project.dotenvSource;
        const at = src?.offsetAt({ line: use.origin.line, character: 0 }) ?? 0;
        const related = src ? [{ span: { file: src, start: at, end: at + use.name.length }, message: `${use.name} is set here` }] : [];
        report({
          span,
          code: 'dotenv-only',
          related,
          message: `\${${clip(use.name, 26)}} is set only in ${clip(path.basename(envFile), 20)}, which \`docker stack deploy\` ignores.`,
          detail: `\`docker stack deploy\` does not read .env: export ${use.name} in the shell or CI first (Mender Swarm's deploy reads .env).`,
        });
      }
    }
  },
};
