// Times whole processes in turns (A, B, A, B...) from a small process of its own: spawned from the bench's process,
// hundreds of MB after its in-process runs, every start costs ~2-3 ms more (fork copies the parent's page tables), the
// same for every command, which weighs most on the fastest. Reads {runs, cmds: [{cmd, args, env}]} as JSON on stdin,
// runs each command once untimed (the file cache, a code cache), and prints each command's times in ms as JSON (their
// median is bench/timing.ts's).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const { runs, cmds } = JSON.parse(readFileSync(0, 'utf8'));
const once = (c) => {
  const s = process.hrtime.bigint();
  spawnSync(c.cmd, c.args, { stdio: 'ignore', env: c.env });
  return Number(process.hrtime.bigint() - s) / 1e6;
};
for (const c of cmds) once(c);
const times = cmds.map(() => []);
for (let i = 0; i < runs; i++) cmds.forEach((c, k) => times[k].push(once(c)));
process.stdout.write(JSON.stringify(times));
