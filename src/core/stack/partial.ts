import type { Finding } from '../diagnostic';
import { loaderCode } from '../manifest/loaderCodes';
import { get } from '../model/node';
import type { Project, Service } from '../manifest/project';

/**
 * Services with neither `image` nor `build` once the stack's files are merged and `extends` resolved.
 * Compose and `docker stack deploy` refuse such a service, so a file that has them is almost always an
 * overlay (`docker-compose.enterprise.yml`, `*.demo.yml`) linted without the base file that defines them:
 * checks that need the whole stack (which service answers a host, what depends_on names) cannot be right there.
 */
export function imagelessServices(project: Project): Service[] {
  let known = cache.get(project);
  if (!known) {
    known = [...project.services.values()].filter((s) => get(s.node, 'image') === undefined && get(s.node, 'build') === undefined);
    cache.set(project, known);
  }
  return known;
}

const cache = new WeakMap<Project, Service[]>();

/** Files of the stack (included, extended) that could not be read at all: what they define is unknown. */
export function unreadFiles(project: Project): Finding[] {
  return project.findings.filter((f) => loaderCode(f.code)?.unread === 'whole');
}

/** True when the project is only part of a stack (an overlay alone, or a file it names unread): cross-service findings would be guesses. */
export function isPartialStack(project: Project): boolean {
  return imagelessServices(project).length > 0 || unreadFiles(project).length > 0;
}
