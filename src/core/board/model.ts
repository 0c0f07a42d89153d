// The swarm visualizer's board, from the explorer's snapshot: the nodes as columns (role, availability, state),
// the tasks on them as cards (service, slot, state, image tag, error), grouped by stack. Plain JSON for the webview.
import type { SwarmSnapshot } from '../explorer/snapshot';
import type { XTask } from '../explorer/engineTypes';
import { LABEL_NAMESPACE } from '../deploy/engine';
import { isLiveTask, isLostOrFailedTask, isSettledTask, isStoppedTask } from '../taskStates';
import { compareText } from '../stack/text';

export type CardTone = 'running' | 'moving' | 'failed' | 'stopped';

export interface BoardCard {
  id: string;
  service: string;
  serviceId: string;
  /** The stack (com.docker.stack.namespace), '' for a service of no stack. */
  stack: string;
  /** `service.slot`, or `service` on a node for a global service. */
  name: string;
  slot?: number;
  state: string;
  desired: string;
  tone: CardTone;
  image: string;
  tag: string;
  error?: string;
}

export interface BoardColumn {
  id: string;
  name: string;
  role: string;
  availability: string;
  state: string;
  leader: boolean;
  cards: BoardCard[];
}

export interface Board {
  columns: BoardColumn[];
  stacks: string[];
  tasks: number;
  moving: number;
  fetchedAt: number;
}

/** How long a task that ended badly stays on the board, so a crash is seen before its replacement hides it. */
export const FAILED_VISIBLE_MS = 60_000;

/** The tasks worth a card: meant to run, on their way, or failed a moment ago. */
function onBoard(t: XTask, now: number): boolean {
  if (!isSettledTask(t)) return true;
  if (isLiveTask(t)) return t.DesiredState === 'running' || t.DesiredState === undefined;
  if (isLostOrFailedTask(t)) return now - Date.parse(t.Status?.Timestamp ?? t.UpdatedAt ?? '') < FAILED_VISIBLE_MS;
  return false;
}

function toneOf(t: XTask): CardTone {
  if (isLostOrFailedTask(t)) return 'failed';
  if (t.Status?.State === 'running' && (t.DesiredState ?? 'running') === 'running') return 'running';
  if (isStoppedTask(t)) return 'stopped';
  return 'moving';
}

export function buildBoard(snap: SwarmSnapshot): Board {
  const services = new Map(snap.services.map((s) => [s.ID, s]));
  const columns = new Map<string, BoardColumn>();
  for (const n of snap.nodes) {
    columns.set(n.ID, {
      id: n.ID,
      name: n.Description?.Hostname ?? n.Spec?.Name ?? n.ID.slice(0, 12),
      role: n.Spec?.Role ?? '?',
      availability: n.Spec?.Availability ?? '?',
      state: n.Status?.State ?? '?',
      leader: !!n.ManagerStatus?.Leader,
      cards: [],
    });
  }
  const unassigned: BoardColumn = { id: '', name: 'not scheduled', role: '', availability: '', state: '', leader: false, cards: [] };
  const stacks = new Set<string>();
  let moving = 0;
  let count = 0;
  for (const t of snap.tasks) {
    if (!onBoard(t, snap.fetchedAt)) continue;
    const svc = t.ServiceID ? services.get(t.ServiceID) : undefined;
    const service = svc?.Spec?.Name ?? t.ServiceID?.slice(0, 12) ?? '?';
    const stack = svc?.Spec?.Labels?.[LABEL_NAMESPACE] ?? '';
    stacks.add(stack);
    const image = (t.Spec?.ContainerSpec?.Image ?? '').split('@')[0];
    const slash = image.lastIndexOf('/');
    const colon = image.lastIndexOf(':');
    const tone = toneOf(t);
    if (tone === 'moving') moving++;
    count++;
    const err = t.Status?.Err || (tone === 'failed' ? t.Status?.Message : undefined);
    const card: BoardCard = {
      id: t.ID,
      service,
      serviceId: t.ServiceID ?? '',
      stack,
      name: t.Slot ? `${service}.${t.Slot}` : service,
      ...(t.Slot ? { slot: t.Slot } : {}),
      state: t.Status?.State ?? '?',
      desired: t.DesiredState ?? '?',
      tone,
      image,
      tag: colon > slash ? image.slice(colon + 1) : 'latest',
      ...(err ? { error: err } : {}),
    };
    (t.NodeID ? (columns.get(t.NodeID) ?? unassigned) : unassigned).cards.push(card);
  }
  const cols = [...columns.values()].sort((a, b) => (a.role === b.role ? compareText(a.name, b.name) : a.role === 'manager' ? -1 : 1));
  if (unassigned.cards.length) cols.push(unassigned);
  // Within a column: by stack, then service and slot, so a card stays where it was between refreshes.
  for (const c of cols)
    c.cards.sort((a, b) => compareText(a.stack, b.stack) || compareText(a.service, b.service) || (a.slot ?? 0) - (b.slot ?? 0) || compareText(a.id, b.id));
  return { columns: cols, stacks: [...stacks].sort(compareText), tasks: count, moving, fetchedAt: snap.fetchedAt };
}
