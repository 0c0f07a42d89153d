/** The labels every exported object carries: the stack's (on everything) and the service's (its selector). */
export const LABEL_STACK = 'app.kubernetes.io/part-of';
export const LABEL_NAME = 'app.kubernetes.io/name';
export const LABEL_TOOL = 'app.kubernetes.io/managed-by';
export const TOOL = 'mender-swarm';

export type Labels = Record<string, string>;

export function stackLabels(stack: string): Labels {
  return { [LABEL_STACK]: stack, [LABEL_TOOL]: TOOL };
}

/** What a service's pods carry and its Services select. */
export function selectorOf(stack: string, name: string): Labels {
  return { [LABEL_STACK]: stack, [LABEL_NAME]: name };
}

export function serviceLabels(stack: string, name: string): Labels {
  return { ...stackLabels(stack), [LABEL_NAME]: name };
}
