// What the Secrets and Configs groups share: one row per object (name, labels, created/updated, the services that
// use it, where they mount it). Metadata only: the engine never returns a secret's data, and a config's is not shown.
import { LABEL_NAMESPACE } from '../../deploy/engine';
import { LABEL_DIGEST, LABEL_VERSION, logicalName } from '../../deploy/objectVersions';
import type { XSwarmObject } from '../engineTypes';
import { ago } from '../format';
import { type ExplorerRow, mdTable } from '../rows';
import type { SwarmSnapshot } from '../snapshot';
import { servicesUsingObject, objectTargets, type SwarmObjectKind } from '../usage';
import { emptyRow, type Index, lazyGroup } from './common';
import { serviceName } from './services';

const WORDS = { secret: { group: 'Secrets', icon: 'key' }, config: { group: 'Configs', icon: 'file-code' } } as const;

export function swarmObjectsGroup(s: SwarmSnapshot, ix: Index, kind: SwarmObjectKind): ExplorerRow {
  const w = WORDS[kind];
  const list = kind === 'secret' ? s.secrets : s.configs;
  const base = lazyGroup(`${kind}s`, w.group, w.icon, list);
  if (!list) return base;
  const sorted = [...list].sort((a, b) => (a.Spec?.Name ?? '').localeCompare(b.Spec?.Name ?? ''));
  return {
    ...base,
    description: String(sorted.length),
    children: sorted.length > 0 ? sorted.map((o) => objectRow(o, s, ix, kind)) : [emptyRow(`group/${kind}s/empty`, `No ${kind}s`)],
  };
}

function objectRow(o: XSwarmObject, s: SwarmSnapshot, ix: Index, kind: SwarmObjectKind): ExplorerRow {
  const name = o.Spec?.Name ?? o.ID;
  const labels = o.Spec?.Labels ?? {};
  const users = servicesUsingObject(s.services, kind, o.ID, name).sort((a, b) => serviceName(a).localeCompare(serviceName(b)));
  const id = `${kind}/${o.ID}`;
  const stack = labels[LABEL_NAMESPACE];
  const version = labels[LABEL_VERSION];
  return {
    id,
    kind,
    label: name,
    description: [
      stack ? `stack ${stack}` : '',
      version && version !== '1' ? `v${version} of ${logicalName({ ID: o.ID, Spec: { Name: name, Labels: labels } })}` : '',
      users.length ? `${users.length} service${users.length === 1 ? '' : 's'}` : 'unused',
      ago(o.UpdatedAt ?? o.CreatedAt, ix.now) ?? '',
    ]
      .filter(Boolean)
      .join(' · '),
    tooltip: () =>
      mdTable(`${kind === 'secret' ? 'Secret' : 'Config'} ${name}`, [
        ['ID', o.ID],
        ['Created', o.CreatedAt],
        ['Updated', o.UpdatedAt],
        ['Content digest', labels[LABEL_DIGEST]],
        ...Object.entries(labels)
          .filter(([k]) => k !== LABEL_DIGEST)
          .map(([k, v]): [string, string] => [`Label ${k}`, v]),
        ['Used by', users.map((u) => serviceName(u)).join(', ') || 'no service'],
      ]),
    icon: { id: WORDS[kind].icon },
    contextValue: [kind, users.length ? 'used' : 'unused', stack ? 'stack' : ''].filter(Boolean).join(' '),
    expanded: false,
    children: users.length
      ? users.map((svc) => ({
          id: `${id}/service/${svc.ID}`,
          kind: 'object-service' as const,
          label: serviceName(svc),
          description: objectTargets(svc, kind, o.ID).join(', '),
          icon: { id: 'server-process' },
          contextValue: 'service user',
          ref: { type: 'service' as const, id: svc.ID, name: serviceName(svc), version: svc.Version?.Index },
        }))
      : [emptyRow(`${id}/empty`, 'No service uses it')],
    ref: { type: kind, id: o.ID, name, version: o.Version?.Index },
  };
}
