import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { ISecurityContext } from 'kubernetes-models/v1/SecurityContext';
import type { KubeServiceContext } from './context';
import { probesOf } from './probes';
import { resourcesOf } from './resources';

/**
 * Kubernetes expands `$(NAME)` in env values, command and args and reduces `$$` to `$`: every `$` is doubled so
 * the container gets the value swarm would give it.
 */
export function escapeExpansion(s: string): string {
  return s.replace(/\$/g, '$$$$');
}

/** The container: image, entrypoint (command) and command (args), env, working dir, probes, resources, security. */
export function containerOf(ctx: KubeServiceContext, env: Map<string, string>): IContainer {
  const cs = ctx.container;
  const c: IContainer = { name: ctx.name, image: cs.Image ?? '' };
  if (cs.Command?.length) c.command = cs.Command.map(escapeExpansion);
  if (cs.Args?.length) c.args = cs.Args.map(escapeExpansion);
  if (env.size) c.env = [...env].map(([name, value]): IEnvVar => ({ name, value: escapeExpansion(value) }));
  if (cs.Dir) c.workingDir = cs.Dir;
  Object.assign(c, probesOf(ctx));
  const res = resourcesOf(ctx);
  if (res) c.resources = res;
  const sc = securityOf(ctx);
  if (sc) c.securityContext = sc;
  const pull = typeof ctx.raw.pull_policy === 'string' ? PULL[ctx.raw.pull_policy] : undefined;
  if (pull) c.imagePullPolicy = pull;
  if (cs.TTY) c.tty = true;
  if (cs.OpenStdin) c.stdin = true;
  return c;
}

/** compose pull_policy -> imagePullPolicy (build has none: Kubernetes runs images only). */
const PULL: Record<string, 'Always' | 'Never' | 'IfNotPresent'> = { always: 'Always', never: 'Never', missing: 'IfNotPresent', if_not_present: 'IfNotPresent' };

/** The container's environment in order (env_file, then environment, as the swarm spec has it). */
export function envOf(ctx: KubeServiceContext): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of ctx.container.Env ?? []) {
    const i = e.indexOf('=');
    if (i > 0) out.set(e.slice(0, i), e.slice(i + 1));
  }
  return out;
}

function securityOf(ctx: KubeServiceContext): ISecurityContext | undefined {
  const cs = ctx.container;
  const sc: ISecurityContext = {};
  if (cs.User) {
    const m = /^(\d+)(?::(\d+))?$/.exec(cs.User);
    if (m) {
      sc.runAsUser = Number(m[1]);
      if (m[2] !== undefined) sc.runAsGroup = Number(m[2]);
    } else
      ctx.issue(
        'warning',
        'k8s-untranslated',
        'user',
        `\`user: ${cs.User}\` not exported: Kubernetes takes numeric ids only (runAsUser/runAsGroup); the image's user applies.`,
      );
  }
  const add = cs.CapabilityAdd?.map(capName);
  const drop = cs.CapabilityDrop?.map(capName);
  if (add?.length || drop?.length) sc.capabilities = { ...(add?.length ? { add } : {}), ...(drop?.length ? { drop } : {}) };
  if (cs.ReadOnly) sc.readOnlyRootFilesystem = true;
  if (ctx.raw.privileged === true) sc.privileged = true;
  return Object.keys(sc).length ? sc : undefined;
}

/** Kubernetes names capabilities without the CAP_ prefix. */
function capName(c: string): string {
  return c.toUpperCase().replace(/^CAP_/, '');
}
