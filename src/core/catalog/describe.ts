import { eraOf } from './load';
import type { MenderStack, ServiceMatch } from './match';
import type { EnvVarDef } from './model';

/** "deviceadm (Mender device admission service, 2016 era)": how messages name what the catalog matched. */
export function describeMatch(m: ServiceMatch): string {
  if (!m.eras.length) return `${m.component.title}, any era`;
  return m.eras.length > 1 ? `${m.component.title}, era ${m.eras.join(' or ')} (the evidence does not decide)` : `${m.component.title}, ${m.era} era`;
}

export function eraTitle(m: ServiceMatch): string {
  return m.eras.length ? m.eras.join(' or ') : 'any';
}

/** Where a fact comes from, for messages: the variable's default or its set value. */
export function factSource(m: ServiceMatch, def: EnvVarDef): string {
  const era = m.eras.length > 1 ? `every candidate era (${m.eras.join(', ')})` : `the ${eraTitle(m)} era`;
  return `catalog: default of ${def.name} for ${m.component.id} in ${era}`;
}

export function componentTitle(stack: MenderStack, id: string): string {
  return stack.catalog.components.find((c) => c.id === id)?.title ?? id;
}

/** The port a component listens on, for messages ("8080"). */
export function portsText(stack: MenderStack, id: string, era: string): string {
  const c = stack.catalog.components.find((k) => k.id === id);
  const f = c && eraOf(c, era);
  return f?.ports.length ? f.ports.join(' or ') : '';
}
