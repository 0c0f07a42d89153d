import { targetsKubernetes } from '../config/targets';
import type { Finding } from '../diagnostic';
import { KubeNames, type KubeRename } from '../kubernetes/dns';
import { isDns1035Label, namespaceOf } from '../kubernetes/names';
import { get } from '../model/node';
import type { Project } from '../manifest/project';
import { clip } from '../stack/text';
import type { Rule } from './rule';
import { renameFix } from './swarmNames';

const LABEL = `lower case letters, digits and '-', starting with a letter, ending with a letter or digit, at most 63 characters`;

/**
 * When the stack's targets include Kubernetes (the configuration file's `targets`, lint --target): the names the
 * Kubernetes export would have to change, reported while typing. The export's own name table (KubeNames) says which
 * and what they become, so the rule and the export never disagree.
 */
export const kubernetesNamesRule: Rule = {
  id: 'kubernetes-names',
  codes: [
    {
      code: 'k8s-name',
      severity: 'warning',
      summary: 'With the kubernetes target: a service, alias or stack name Kubernetes refuses, and the name the export gives it.',
    },
  ],
  check({ project, report }) {
    if (!targetsKubernetes(project.targets)) return;
    const names = new KubeNames(project, project.name, namespaceOf(project.name), []);
    const seen = new Set<string>();
    for (const r of names.renames) {
      if (!r.span) continue;
      // An alias both refused and clashing is reported once, as the clash (it says the name it gets).
      const key = `${r.span.file.path}:${r.span.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      report(findingOf(project, r));
    }
    const stack = project.name;
    const namespace = namespaceOf(stack);
    if (namespace !== stack) {
      const node = project.nameSource === 'name-key' ? get(project.merged, 'name') : undefined;
      const first = project.documents[0]?.file;
      const span = node?.span ?? (first && { file: first, start: 0, end: 0 });
      const from = project.nameSource === 'name-key' ? 'the `name:` key' : project.nameSource === 'folder' ? `the folder's name` : 'the stack name given';
      if (span)
        report({
          span,
          code: 'k8s-name',
          severity: 'warning',
          message: `Kubernetes refuses the stack name "${clip(stack)}" as a namespace (RFC 1123).`,
          detail:
            `A namespace is ${LABEL}. The export uses the namespace "${namespace}". The stack name comes from ${from}; ` +
            `give one Kubernetes takes (or export with --namespace).`,
        });
    }
  },
};

function findingOf(project: Project, r: KubeRename): Finding {
  const span = r.span!;
  if (r.kind === 'service') {
    const svc = project.services.get(r.service);
    const fixes = svc && !project.services.has(r.to) ? renameFix(project, svc, r.to, true) : [];
    if (isDns1035Label(r.name)) {
      return {
        span,
        code: 'k8s-name',
        severity: 'warning',
        fixes,
        message: `Service "${clip(r.name)}" would be "${clip(r.to)}" in Kubernetes: another service takes its name.`,
        detail:
          `In Kubernetes, ${r.holder ?? 'another object'} is "${r.wanted}" already (names there are lower case, with no "_" or "."); ` +
          `the export names this one's objects "${r.to}". Rename one of the two so each keeps its name.`,
      };
    }
    return {
      span,
      code: 'k8s-name',
      severity: 'warning',
      fixes,
      message: `Kubernetes refuses the service name "${clip(r.name)}" (RFC 1035).`,
      detail:
        `A Service name is ${LABEL}. The export names the service's objects "${r.to}"; ` +
        (fixes.length
          ? `rename it to "${r.to}" so swarm and the cluster use one name (the quick fix renames every reference in the stack).`
          : `rename it to a name Kubernetes takes so swarm and the cluster use one name.`),
    };
  }
  if (r.kind === 'alias-clash') {
    return {
      span,
      code: 'k8s-name',
      severity: 'warning',
      message: `Alias "${clip(r.name)}" would be a Kubernetes Service name already taken.`,
      detail:
        `The alias of service "${r.service}" would be the Service "${r.wanted}", which ${r.holder} already is; ` +
        `the export names its Service "${r.to}". Rename the alias so each host has a Service of its own.`,
    };
  }
  return {
    span,
    code: 'k8s-name',
    severity: 'info',
    message: `Kubernetes cannot name a Service "${clip(r.name)}" (RFC 1035${r.name.includes('.') ? ': no dots' : ''}).`,
    detail:
      `A Service name is ${LABEL}. The export answers alias "${r.name}" of service "${r.service}" with the Service "${r.to}" ` +
      `and rewrites the environment values that name it; hosts outside the stack must use "${r.to}", or the cluster's DNS must answer the alias.`,
  };
}
