/** Replaced at bundle time by esbuild's `define`; the fallback serves tsx runs. */
declare const __MENDER_SWARM_VERSION__: string | undefined;
export const VERSION: string = typeof __MENDER_SWARM_VERSION__ === 'string' ? __MENDER_SWARM_VERSION__ : '0.0.0-dev';
