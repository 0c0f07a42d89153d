// Adding and removing swarm nodes from the explorer. Adding: the new engine joins through its own API
// (/swarm/join with the manager's token and address), then the manager is watched until the node is Ready; a join
// that fails leaves the engine as it was (a half-joined engine is made to leave). Removing: drain, wait for the
// node's tasks to move, make the node's engine leave when we can reach it, then remove the node from the swarm.
import { changeNode } from './explorer';
import { EngineError } from './errors';
import { sleep } from './stacks';
import type { SwarmClient } from './client';
import type { SwarmNode } from './types';

export type Progress = (message: string) => void;

export class NodeActionError extends Error {
  override readonly name = 'NodeActionError';
}

const text = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export interface JoinOptions {
  role: 'worker' | 'manager';
  /** The joining engine's address other nodes reach it at; empty: the engine picks. */
  advertiseAddr?: string;
  /** How long to wait for the node to be Ready (default 60 s). */
  readyTimeoutMs?: number;
  progress?: Progress;
}

/** Join `joiner`'s engine to the swarm `manager` manages; resolves with the new node once the manager sees it Ready. */
export async function joinNode(manager: SwarmClient, joiner: SwarmClient, opts: JoinOptions): Promise<SwarmNode> {
  const progress = opts.progress ?? ((): void => undefined);
  const where = joiner.description.label;
  const before = await joiner.info().catch((err: unknown) => {
    throw new NodeActionError(`cannot reach the engine to add at ${where}: ${text(err)}`);
  });
  const state = before.Swarm?.LocalNodeState;
  if (state && state !== 'inactive') {
    const cluster = before.Swarm?.Cluster?.ID;
    throw new NodeActionError(
      `the engine at ${where} is already in a swarm (${state}${cluster ? `, cluster ${cluster.slice(0, 12)}` : ''}): leave it first (docker swarm leave).`,
    );
  }
  const [swarm, info] = await Promise.all([manager.swarmInspect(), manager.info()]);
  const token = opts.role === 'manager' ? swarm.JoinTokens?.Manager : swarm.JoinTokens?.Worker;
  const addr = info.Swarm?.NodeAddr ? `${info.Swarm.NodeAddr}:2377` : undefined;
  if (!token || !addr) throw new NodeActionError(`the engine at ${manager.description.label} gave no join token or address: is it a manager?`);
  progress(`${where} joins as ${opts.role} through ${addr}`);
  try {
    // The engine answers once it joined or gave up (about 20 s when the manager cannot be reached).
    await joiner.joinSwarm({ RemoteAddrs: [addr], JoinToken: token, AdvertiseAddr: opts.advertiseAddr || undefined }, 60_000);
  } catch (err) {
    // Nothing half-done: an engine left pending or in error by a failed join leaves again.
    const after = await joiner.info().catch(() => undefined);
    if (after?.Swarm?.LocalNodeState && after.Swarm.LocalNodeState !== 'inactive') await joiner.leaveSwarm(true).catch(() => undefined);
    const msg = text(err);
    if (/token/i.test(msg)) throw new NodeActionError(`the swarm refused the join token (${msg}).`, { cause: err });
    if (
      (err instanceof EngineError && err.kind === 'timeout') ||
      /timeout|deadline|unavailable|connection refused|no route|could not connect|connect:/i.test(msg)
    ) {
      throw new NodeActionError(
        `the engine at ${where} cannot reach the manager at ${addr} (${msg}). Port 2377/tcp of the manager must be reachable from the new node.`,
        { cause: err },
      );
    }
    throw new NodeActionError(`join failed: ${msg}`, { cause: err });
  }
  const nodeId = (await joiner.info()).Swarm?.NodeID;
  if (!nodeId) throw new NodeActionError(`the engine at ${where} joined but reports no node id.`);
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 60_000);
  for (;;) {
    const node = await manager.inspectNode(nodeId).catch(() => undefined);
    const st = node?.Status?.State ?? 'unknown';
    progress(`node ${node?.Description?.Hostname ?? nodeId.slice(0, 12)}: ${st}`);
    if (node && st === 'ready') return node;
    if (Date.now() > deadline)
      throw new NodeActionError(
        `node ${nodeId.slice(0, 12)} joined but is not Ready after ${Math.round((opts.readyTimeoutMs ?? 60_000) / 1000)} s (state ${st}).`,
      );
    await sleep(1000);
  }
}

export interface RemoveNodeOptions {
  /** The node's own engine, when reachable: it leaves the swarm cleanly (else the node is removed with force). */
  nodeEngine?: SwarmClient;
  /** How long to wait for its tasks to move (default 120 s). */
  timeoutMs?: number;
  progress?: Progress;
}

/** Drain, wait until none of its tasks runs there, leave, remove. Managers are refused: demote first. */
export async function removeNode(manager: SwarmClient, nodeId: string, opts: RemoveNodeOptions = {}): Promise<void> {
  const progress = opts.progress ?? ((): void => undefined);
  const node = await manager.inspectNode(nodeId);
  const name = node.Description?.Hostname ?? nodeId.slice(0, 12);
  if (node.Spec?.Role === 'manager')
    throw new NodeActionError(`${name} is a manager: demote it to a worker first (the swarm's quorum depends on its managers).`);
  progress(`draining ${name}`);
  if (node.Spec?.Availability !== 'drain') await changeNode(manager, nodeId, 'drain');
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  for (;;) {
    const left = (await manager.listTasks({ node: [nodeId], 'desired-state': ['running'] })).filter((t) =>
      ['running', 'starting', 'preparing', 'assigned', 'accepted', 'ready'].includes(t.Status?.State ?? ''),
    );
    if (left.length === 0) break;
    progress(`waiting for ${left.length} task${left.length === 1 ? '' : 's'} to move off ${name}`);
    if (Date.now() > deadline) throw new NodeActionError(`${left.length} task(s) still run on ${name} after draining; it stays drained, not removed.`);
    await sleep(1000);
  }
  if (opts.nodeEngine) {
    progress(`${name} leaves the swarm`);
    await opts.nodeEngine.leaveSwarm(false).catch((err: unknown) => progress(`leave: ${text(err)}`));
    const until = Date.now() + 30_000;
    while ((await manager.inspectNode(nodeId).catch(() => undefined))?.Status?.State === 'ready' && Date.now() < until) await sleep(500);
  }
  progress(`removing ${name}`);
  await manager.removeNode(nodeId, !opts.nodeEngine);
}

/** Add (value given) or remove (undefined) a node label, with the node's current version (retried once). */
export async function setNodeLabel(manager: SwarmClient, nodeId: string, key: string, value: string | undefined): Promise<void> {
  if (!/^[a-zA-Z0-9]([a-zA-Z0-9._-]*[a-zA-Z0-9])?$/.test(key)) throw new NodeActionError(`"${key}" is not a label key: letters, digits, ".", "-" and "_".`);
  for (let attempt = 0; ; attempt++) {
    const node = await manager.inspectNode(nodeId);
    const labels = { ...(node.Spec?.Labels ?? {}) };
    if (value === undefined) delete labels[key];
    else labels[key] = value;
    try {
      await manager.updateNode(nodeId, node.Version?.Index ?? 0, { ...node.Spec, Labels: labels });
      return;
    } catch (err) {
      if (attempt === 0 && err instanceof EngineError && err.kind === 'out-of-sequence') continue;
      throw err;
    }
  }
}
