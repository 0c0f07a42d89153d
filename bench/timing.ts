// How the benches time things: one owner for the median, a timed loop in-process and a timed child process.
import { spawnSync } from 'child_process';
import * as path from 'path';

/** The middle value (the upper of the two middles for an even count); the input is left unsorted. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Runs `fn` `runs` times in this process: the median and the fastest run, in ms. */
export function timeIt(fn: () => void, runs: number): { median: number; min: number } {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = process.hrtime.bigint();
    fn();
    t.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  return { median: median(t), min: Math.min(...t) };
}

export interface Command {
  cmd: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

/**
 * Whole processes, start to exit, each run once untimed and then `runs` times in turns (A, B, A, B...: on a shared
 * machine the speed drifts over seconds, and turns let every command meet the same drift): each one's median in ms.
 * Timed from a small process of their own (bench/turns.mjs), not from the bench's, whose size makes every start dearer.
 */
export function inTurns(cmds: Command[], runs: number): number[] {
  const r = spawnSync(process.execPath, [path.join(__dirname, 'turns.mjs')], {
    input: JSON.stringify({ runs, cmds }),
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`bench/turns.mjs failed (exit ${r.status}): ${r.stderr}`);
  return (JSON.parse(r.stdout) as number[][]).map(median);
}
