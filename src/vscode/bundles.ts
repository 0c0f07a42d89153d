// The bundles the extension requires on first use, next to dist/features.js. src/lazyBundles.json is the one table of
// them: scripts/build.mjs builds one file per entry, the package test checks each is shipped, and this loader is the
// only place that requires one. Activation and the features bundle do not pay for what a user may never open.
import * as path from 'path';
import TABLE from '../lazyBundles.json';

/** What each bundle exports (type-only imports: nothing of them lands in the bundle that asks). */
interface Bundles {
  language: typeof import('./language/providers');
  pictures: typeof import('./pictures/impl');
  kubernetes: typeof import('../core/kubernetes/api');
  /** Loaded by scripts/stubs/ssh2-lazy.js for docker-modem, never from TypeScript. */
  ssh2: { Client: new () => unknown };
}
// The table and the types name the same bundles (a compile error otherwise).
const names: Record<keyof Bundles, unknown> = TABLE satisfies Record<keyof Bundles, { entry: string; what: string }>;
void names;

export function loadBundle<K extends Exclude<keyof Bundles, 'ssh2'>>(name: K): Bundles[K] {
  // A path, not a literal: esbuild leaves it to run time, so the bundle is not copied into this one.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a separate bundle, loaded by path at run time
  return require(path.join(__dirname, `${name}.js`)) as Bundles[K];
}
