import * as fs from 'fs';
import { lintStack } from './src/core/lint';
const stacks: string[][] = JSON.parse(fs.readFileSync('/tmp/realworld/stacks.json', 'utf8'));
const counts = new Map<string, number>();
let bad = 0;
for (const files of stacks) {
  const t0 = process.hrtime.bigint();
  let res;
  try { res = lintStack({ files, env: {} }); } catch (e) { console.log('CRASH', files, (e as Error).stack); continue; }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const texts = new Map<string, string[]>();
  for (const d of res.diagnostics) {
    counts.set(d.code, (counts.get(d.code) ?? 0) + 1);
    if (d.code === 'internal-error') console.log('INTERNAL', files, d.message.slice(0, 500));
    if (!texts.has(d.file)) texts.set(d.file, fs.readFileSync(d.file, 'utf8').split('\n'));
    const lines = texts.get(d.file)!;
    const { start, end } = d.range;
    const txt = start.line === end.line ? (lines[start.line] ?? '').slice(start.character, end.character) : `${(lines[start.line] ?? '').slice(start.character)}...`;
    let ok = txt.length > 0;
    const m = /"([^"]+)"/.exec(d.message);
    if (d.code === 'unset-variable' || d.code === 'required-variable' || d.code === 'dotenv-only') ok = txt.startsWith('$');
    if (d.code === 'unresolved-host' || d.code === 'unshared-network') ok = !!m && txt.toLowerCase() === m[1].toLowerCase();
    if (d.code === 'restart-policy') ok = txt === 'restart';
    if (d.code === 'compose-version') ok = /^['"]?[0-9.]+['"]?$/.test(txt);
    if (!ok) { bad++; console.log('PLACE?', d.code, d.file.replace('/tmp/realworld/', ''), `${start.line + 1}:${start.character + 1}`, JSON.stringify(txt), d.message.slice(0, 100)); }
  }
  console.log(`${ms.toFixed(1).padStart(7)}ms ${String(res.diagnostics.length).padStart(3)} diags  ${files.map((f) => f.replace('/tmp/realworld/', '')).join(' + ')}`);
}
console.log([...counts].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c}=${n}`).join(' '), 'badplaces=', bad);
