/**
 * Where the stack is meant to run: always swarm, and Kubernetes when the project says so (the configuration file's
 * `targets`, the CLI's `lint --target`). The one vocabulary the config reader, the CLI and the rules ask.
 */
export const TARGETS = ['swarm', 'kubernetes'] as const;
export type Target = (typeof TARGETS)[number];
export const DEFAULT_TARGETS: readonly Target[] = ['swarm'];

export function isTarget(v: unknown): v is Target {
  return typeof v === 'string' && (TARGETS as readonly string[]).includes(v);
}

/** Why `v` is not a target, naming the known ones; undefined when it is one. */
export function targetProblem(v: unknown): string | undefined {
  return isTarget(v) ? undefined : `${JSON.stringify(v)} is not a target (known: ${TARGETS.join(', ')})`;
}

/** Whether the stack's targets include Kubernetes (rules that only matter there ask this). */
export function targetsKubernetes(targets: readonly Target[] | undefined): boolean {
  return !!targets?.includes('kubernetes');
}
