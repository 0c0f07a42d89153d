// Secrets, configs, networks and volumes as the explorer creates and removes them: the name and data checked before
// anything is sent (swarm's rules), removal refused while something uses the object, naming the users (the
// engine's own refusal names ids only), and the daemon's words in every other error.
import { objectNameProblem } from '../core/deploy/objectVersions';
import { nameList, servicesUsingObject, servicesOnNetwork, tasksMountingVolume, type SwarmObjectKind } from '../core/explorer/usage';
import { EngineError } from './errors';
import type { StackClient } from './stacks';

/** Swarm's limit on a secret's or config's data (the manager refuses more). */
export const MAX_OBJECT_BYTES = 500 * 1024;

/** Refused before anything was sent: bad input, or the object is in use. */
export class SwarmObjectRefused extends Error {
  override readonly name = 'SwarmObjectRefused';
}

export async function createSwarmObject(
  client: StackClient,
  kind: SwarmObjectKind,
  name: string,
  data: Buffer,
  labels: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<string> {
  const problem = objectNameProblem(kind, name);
  if (problem) throw new SwarmObjectRefused(problem);
  if (data.length === 0) throw new SwarmObjectRefused(`The ${kind} "${name}" would be empty: swarm needs at least one byte.`);
  if (data.length > MAX_OBJECT_BYTES)
    throw new SwarmObjectRefused(`The ${kind} "${name}" is ${data.length} bytes: swarm allows ${MAX_OBJECT_BYTES} (500 KiB).`);
  const spec = { Name: name, Labels: labels, Data: data.toString('base64') };
  try {
    const res = kind === 'secret' ? await client.createSecret(spec, signal) : await client.createConfig(spec, signal);
    return res.ID;
  } catch (err) {
    if (err instanceof EngineError && err.kind === 'conflict')
      throw new SwarmObjectRefused(`A ${kind} named "${name}" already exists (swarm ${kind}s cannot be changed: create one under a new name).`);
    throw err;
  }
}

export async function removeSwarmObject(client: StackClient, kind: SwarmObjectKind, id: string, name: string, signal?: AbortSignal): Promise<void> {
  const users = servicesUsingObject(await client.listServices({}, signal), kind, id);
  if (users.length) {
    const names = users.map((s) => s.Spec?.Name ?? s.ID);
    throw new SwarmObjectRefused(
      `The ${kind} "${name}" is used by service${names.length === 1 ? '' : 's'} ${nameList(names)}: remove it from ${names.length === 1 ? 'that service' : 'those services'} first.`,
    );
  }
  await (kind === 'secret' ? client.removeSecret(id, signal) : client.removeConfig(id, signal));
}

export interface OverlayNetworkOptions {
  name: string;
  attachable?: boolean;
  encrypted?: boolean;
  internal?: boolean;
  /** CIDR, e.g. 10.20.0.0/24; empty: the swarm's address pool chooses. */
  subnet?: string;
  labels?: Record<string, string>;
}

/** Undefined when `s` is an IPv4 or IPv6 CIDR. */
export function subnetProblem(s: string): string | undefined {
  const m = /^([0-9a-fA-F:.]+)\/(\d{1,3})$/.exec(s.trim());
  if (!m) return `"${s}" is not a subnet: write it as an address and prefix length, e.g. 10.20.0.0/24.`;
  const [addr, bits] = [m[1], Number(m[2])];
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(addr);
  if (v4) {
    if (v4.slice(1).some((o) => Number(o) > 255) || bits > 32) return `"${s}" is not a valid IPv4 subnet.`;
    return undefined;
  }
  if (addr.includes(':') && bits <= 128) return undefined;
  return `"${s}" is not a valid subnet.`;
}

export async function createOverlayNetwork(client: StackClient, o: OverlayNetworkOptions, signal?: AbortSignal): Promise<string> {
  const problem = objectNameProblem('network', o.name) ?? (o.subnet ? subnetProblem(o.subnet) : undefined);
  if (problem) throw new SwarmObjectRefused(problem);
  try {
    const res = await client.createNetwork(
      {
        Name: o.name,
        Driver: 'overlay',
        Scope: 'swarm',
        Attachable: !!o.attachable,
        Internal: !!o.internal,
        Options: o.encrypted ? { encrypted: '' } : {},
        Labels: o.labels ?? {},
        ...(o.subnet ? { IPAM: { Driver: 'default', Config: [{ Subnet: o.subnet.trim() }] } } : {}),
      },
      signal,
    );
    return res.Id;
  } catch (err) {
    if (err instanceof EngineError && (err.kind === 'conflict' || /already exists/i.test(err.message))) {
      throw new SwarmObjectRefused(`A network named "${o.name}" already exists.`);
    }
    throw err;
  }
}

export async function removeNetworkChecked(client: StackClient, id: string, name: string, signal?: AbortSignal): Promise<void> {
  const users = servicesOnNetwork(await client.listServices({}, signal), { Id: id, Name: name });
  if (users.length) {
    const names = users.map((s) => s.Spec?.Name ?? s.ID);
    throw new SwarmObjectRefused(
      `The network "${name}" is in use by service${names.length === 1 ? '' : 's'} ${nameList(names)}: remove ${names.length === 1 ? 'it' : 'them'} or detach ${names.length === 1 ? 'it' : 'them'} first.`,
    );
  }
  try {
    await client.removeNetwork(id, signal);
  } catch (err) {
    // Containers attached outside swarm services (docker run --network) keep it busy too.
    if (/active endpoints|in use/i.test(err instanceof Error ? err.message : '')) {
      throw new SwarmObjectRefused(`The network "${name}" still has containers attached (the engine said: ${(err as Error).message}).`);
    }
    throw err;
  }
}

/** Volumes belong to the connected engine: its node's live tasks that mount it refuse the removal, by name. */
export async function removeVolumeChecked(client: StackClient, name: string, signal?: AbortSignal): Promise<void> {
  const info = await client.info(signal);
  const selfId = info.Swarm?.NodeID;
  if (selfId && info.Swarm?.ControlAvailable) {
    const [tasks, services] = await Promise.all([client.listTasks({ node: [selfId], 'desired-state': ['running'] }, signal), client.listServices({}, signal)]);
    const users = tasksMountingVolume(tasks, selfId, name);
    if (users.length) {
      const byId = new Map(services.map((s) => [s.ID, s.Spec?.Name ?? s.ID]));
      const names = users.map((t) => `${byId.get(t.ServiceID ?? '') ?? t.ServiceID}.${t.Slot ?? t.NodeID}`);
      throw new SwarmObjectRefused(`The volume "${name}" is mounted by task${names.length === 1 ? '' : 's'} ${nameList(names)}.`);
    }
  }
  try {
    await client.removeVolume(name, signal);
  } catch (err) {
    if (err instanceof EngineError && err.kind === 'conflict')
      throw new SwarmObjectRefused(`The volume "${name}" is in use (the engine said: ${err.message}).`);
    throw err;
  }
}
