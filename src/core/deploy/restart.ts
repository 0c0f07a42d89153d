/**
 * `restart:` as swarm sees it, the one mapping the swarm-compat rule, the converter and export share.
 * docker/cli convertRestartPolicy (used only when deploy.restart_policy is not set): `always` and
 * `unless-stopped` become condition any, `on-failure[:N]` becomes on-failure with MaxAttempts N, and `no`
 * sends no policy at all, so swarm's default (condition any: tasks are restarted) applies.
 */
export type RestartOf =
  | { kind: 'policy'; condition: 'any' | 'on-failure'; maxAttempts?: number }
  /** `no` (and `false`, what a YAML 1.1 reader makes of an unquoted no): no policy is sent. */
  | { kind: 'none' }
  | { kind: 'invalid' };

export const RESTART_VALUES = 'no, always, unless-stopped, on-failure[:N]';

export function restartPolicyOf(value: string): RestartOf {
  if (value === 'no' || value === 'false') return { kind: 'none' };
  if (value === 'always' || value === 'unless-stopped') return { kind: 'policy', condition: 'any' };
  const m = /^on-failure(?::(\d+))?$/.exec(value);
  if (m) return m[1] ? { kind: 'policy', condition: 'on-failure', maxAttempts: Number(m[1]) } : { kind: 'policy', condition: 'on-failure' };
  return { kind: 'invalid' };
}
