import type { IProbe } from 'kubernetes-models/v1/Probe';
import type { KubeServiceContext } from './context';

const NS = 1e9;
/** Docker's defaults for what a healthcheck leaves out (Kubernetes' differ: 10 s period, 1 s timeout). */
const DOCKER = { interval: 30, timeout: 30, retries: 3 };

/**
 * A healthcheck as a liveness probe (swarm replaces an unhealthy task) and a readiness probe (swarm's VIP sends
 * nothing to a task until it is healthy), both running the same command; the start period delays them.
 */
export function probesOf(ctx: KubeServiceContext): { livenessProbe?: IProbe; readinessProbe?: IProbe } {
  const hc = ctx.container.Healthcheck;
  const test = hc?.Test;
  if (!hc || !test?.length || test[0] === 'NONE') return {};
  let command: string[];
  if (test[0] === 'CMD') command = test.slice(1);
  else if (test[0] === 'CMD-SHELL') command = ['/bin/sh', '-c', test.slice(1).join(' ')];
  else {
    ctx.issue('warning', 'k8s-untranslated', 'healthcheck', `healthcheck test "${test[0]}" is not CMD or CMD-SHELL: no probe written.`);
    return {};
  }
  if (!command.length) return {};
  const secs = (ns: number | undefined, dflt: number): number => (ns ? Math.max(1, Math.ceil(ns / NS)) : dflt);
  const probe: IProbe = {
    exec: { command },
    periodSeconds: secs(hc.Interval, DOCKER.interval),
    timeoutSeconds: secs(hc.Timeout, DOCKER.timeout),
    failureThreshold: hc.Retries && hc.Retries > 0 ? hc.Retries : DOCKER.retries,
  };
  if (hc.StartPeriod) probe.initialDelaySeconds = secs(hc.StartPeriod, 0);
  if (hc.StartInterval)
    ctx.issue(
      'info',
      'k8s-untranslated',
      'healthcheck',
      '`start_interval` not exported: probes run at one period (a startupProbe is the place for a faster start).',
    );
  return { livenessProbe: probe, readinessProbe: { ...probe, exec: { command: [...command] } } };
}
