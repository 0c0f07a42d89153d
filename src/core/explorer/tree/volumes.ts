// The Volumes group: the connected engine's volumes (they are node-local) and this node's tasks that mount each.
import { LABEL_NAMESPACE } from '../../deploy/engine';
import type { XVolume } from '../engineTypes';
import { type ExplorerRow, mdTable } from '../rows';
import type { SwarmSnapshot } from '../snapshot';
import { tasksMountingVolume } from '../usage';
import { emptyRow, type Index, lazyGroup } from './common';
import { taskName } from './taskRows';

export function volumesGroup(s: SwarmSnapshot, ix: Index): ExplorerRow {
  const base = lazyGroup('volumes', 'Volumes', 'database', s.volumes);
  if (!s.volumes) return base;
  const vols = [...s.volumes].sort((a, b) => a.Name.localeCompare(b.Name));
  return {
    ...base,
    description: `${vols.length} on this engine`,
    children: vols.length ? vols.map((v) => volumeRow(v, s, ix)) : [emptyRow('group/volumes/empty', 'No volumes on this engine')],
  };
}

function volumeRow(v: XVolume, s: SwarmSnapshot, ix: Index): ExplorerRow {
  const tasks = tasksMountingVolume(s.tasks, ix.selfNodeId, v.Name);
  const id = `volume/${v.Name}`;
  const stack = v.Labels?.[LABEL_NAMESPACE];
  return {
    id,
    kind: 'volume',
    label: v.Name,
    description: [v.Driver, stack ? `stack ${stack}` : '', tasks.length ? `${tasks.length} task${tasks.length === 1 ? '' : 's'}` : 'unused']
      .filter(Boolean)
      .join(' · '),
    tooltip: () =>
      mdTable(`Volume ${v.Name}`, [
        ['Driver', v.Driver],
        ['Scope', v.Scope],
        ['Mountpoint', v.Mountpoint],
        ['Created', v.CreatedAt],
        ['Stack', stack],
        ['Mounted by', tasks.map((t) => taskName(t, ix, 'full')).join(', ') || 'no task on this node'],
      ]),
    icon: { id: 'database' },
    contextValue: ['volume', tasks.length ? 'used' : 'unused'].join(' '),
    expanded: false,
    children: tasks.length
      ? tasks.map((t) => ({
          id: `${id}/task/${t.ID}`,
          kind: 'volume-task' as const,
          label: taskName(t, ix, 'full'),
          description: (t.Spec?.ContainerSpec?.Mounts ?? [])
            .filter((m) => m.Source === v.Name)
            .map((m) => m.Target)
            .join(', '),
          icon: { id: 'pass' },
          contextValue: `task ${t.Status?.State ?? ''} mounts`.trim(),
          ref: { type: 'task' as const, id: t.ID, name: taskName(t, ix, 'full') },
        }))
      : [emptyRow(`${id}/empty`, 'No task on this node mounts it')],
    ref: { type: 'volume', id: v.Name, name: v.Name },
  };
}
