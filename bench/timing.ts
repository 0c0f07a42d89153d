// How the benches time things: one owner for the median, a timed loop in-process and a timed child process.
import { spawnSync } from 'child_process';

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

/** One child process, start to exit, in ms (its output discarded). */
export function timedRun(cmd: string, args: string[], env?: NodeJS.ProcessEnv): number {
  const s = process.hrtime.bigint();
  spawnSync(cmd, args, { stdio: 'ignore', env });
  return Number(process.hrtime.bigint() - s) / 1e6;
}
