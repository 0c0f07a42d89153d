import * as path from 'path';
import { subSpan } from '../model/node';
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
        report({ span, code: 'required-variable', message: `\${${use.name}} is required and not set: ${use.required}. Set it in the environment or in .env.` });
      } else if (use.origin.kind === 'unset' && !use.hasDefault && use.required === undefined) {
        report({ span, code: 'unset-variable',
          message: `\${${use.name}} is not set and has no default, so it becomes an empty string. Set it in the environment or in .env, or write \${${use.name}:-default}.` });
      } else if (use.origin.kind === 'dotenv' && !dotenvNoted.has(use.name)) {
        dotenvNoted.add(use.name);
        const envFile = use.origin.file;
        const src = project.dotenvSource;
        const at = src?.offsetAt({ line: use.origin.line, character: 0 }) ?? 0;
        const related = src ? [{ span: { file: src, start: at, end: at + use.name.length }, message: `${use.name} is set here` }] : [];
        report({ span, code: 'dotenv-only', related,
          message: `\${${use.name}} comes from ${path.basename(envFile)} only. \`docker stack deploy\` does not read .env: export ${use.name} in the shell or CI first (Mender Swarm's deploy reads .env).` });
      }
    }
  },
};

