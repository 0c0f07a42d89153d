import * as fs from 'fs';
import * as path from 'path';

/** The YAML files below `dir` (`.yml`, `.yaml`), for the tests that read the repository's fixtures as a corpus. */
export function yamlFilesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? yamlFilesUnder(p) : /\.ya?ml$/.test(e.name) ? [p] : [];
  });
}

/** A small seeded generator (mulberry32), so a test that damages files names a case that can be run again. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
