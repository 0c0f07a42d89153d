// Writes test/fixtures/releases/<line>/expected.json from what the linter finds now, for review: every
// finding in it must be a true one (the corpus test then compares exactly). Usage:
//   node --import tsx scripts/release-expectations.ts <line> '<files,comma-separated>' ['<files>' ...]
import * as fs from 'fs';
import * as path from 'path';
import { lintStack } from '../src/core/lint';

const [line, ...cases] = process.argv.slice(2);
const dir = path.resolve(__dirname, '../test/fixtures/releases', line);
const out = {
  cases: cases.map((c) => {
    const files = c.split(',');
    const r = lintStack({ files: files.map((f) => path.join(dir, f)), stackName: 'mender' });
    return {
      files,
      findings: r.diagnostics.map((d) => ({ code: d.code, file: path.relative(dir, d.file), line: d.range.start.line + 1, severity: d.severity })),
    };
  }),
};
fs.writeFileSync(path.join(dir, 'expected.json'), JSON.stringify(out, null, 2) + '\n');
console.log(JSON.stringify(out, null, 1));
