// Rows shown instead of the tree when there is none to show: the daemon's (or resolver's) words, and the
// actions that can fix it. Like Container Tools' error rows, but with a fix per cause.
import type { ExplorerAction, ExplorerRow } from './rows';
import type { ProblemKind } from './snapshot';

export interface ExplorerProblem {
  kind: ProblemKind;
  /** The daemon's words where there are any. */
  message: string;
}

const TITLES: Record<ProblemKind, string> = {
  unreachable: 'Cannot connect to the Docker engine',
  permission: 'Permission denied by the Docker engine',
  'host-key': "The engine's ssh host key is not trusted",
  timeout: 'The Docker engine did not answer in time',
  config: 'The Docker engine setting is not usable',
  'not-swarm': 'This engine is not in a swarm',
  worker: 'This engine is a swarm worker, not a manager',
  pending: 'This engine is joining a swarm',
  locked: 'The swarm is locked',
  error: 'The swarm reports an error',
  other: 'The Docker engine answered with an error',
};

const HINTS: Partial<Record<ProblemKind, string>> = {
  unreachable: 'Is dockerd running? Check the engine setting, DOCKER_HOST or the current Docker context.',
  permission: 'On Linux, add your user to the `docker` group (and log in again), or use a context with the right TLS/SSH credentials.',
  timeout: 'The engine may be overloaded, or a firewall drops the connection.',
  'host-key':
    "Check the fingerprint with the host's administrator, then accept the key as the message says (ssh or ssh-keyscan into ~/.ssh/known_hosts) and retry.",
  'not-swarm': 'Initialise a swarm on this engine, or point the explorer at a manager of an existing swarm.',
  worker: 'Swarm state lives on managers: point the explorer at a manager (setting or Docker context).',
  locked: 'Run `docker swarm unlock` on this manager with the unlock key.',
};

const ACTIONS: Record<ProblemKind, ExplorerAction[]> = {
  unreachable: ['retry', 'configure-engine', 'switch-context'],
  permission: ['retry', 'configure-engine', 'switch-context'],
  'host-key': ['retry', 'configure-engine', 'switch-context'],
  timeout: ['retry', 'configure-engine', 'switch-context'],
  config: ['configure-engine', 'switch-context', 'retry'],
  'not-swarm': ['init-swarm', 'configure-engine', 'switch-context', 'retry'],
  worker: ['configure-engine', 'switch-context', 'retry'],
  pending: ['retry'],
  locked: ['retry', 'configure-engine'],
  error: ['retry', 'configure-engine', 'switch-context'],
  other: ['retry', 'configure-engine', 'switch-context'],
};

export const ACTION_LABELS: Record<ExplorerAction, { label: string; icon: string }> = {
  retry: { label: 'Retry', icon: 'refresh' },
  'configure-engine': { label: 'Configure the Docker engine…', icon: 'gear' },
  'switch-context': { label: 'Switch Docker context…', icon: 'arrow-swap' },
  'init-swarm': { label: 'Initialise a swarm on this engine…', icon: 'add' },
  'new-stack': { label: 'New Mender stack…', icon: 'new-file' },
  'deploy-stack': { label: 'Deploy a stack file…', icon: 'cloud-upload' },
};

/** A row that runs `action` when clicked (the VS Code layer maps actions to commands). */
export function actionRow(id: string, action: ExplorerAction): ExplorerRow {
  return { id, kind: 'action', label: ACTION_LABELS[action].label, icon: { id: ACTION_LABELS[action].icon }, contextValue: `action ${action}`, action };
}

export function problemTitle(kind: ProblemKind): string {
  return TITLES[kind];
}

/** The problem row (title, daemon's words as description and tooltip) followed by its action rows. */
export function buildProblemRows(problem: ExplorerProblem, engineLabel: string): ExplorerRow[] {
  const hint = HINTS[problem.kind];
  const rows: ExplorerRow[] = [
    {
      id: `problem/${problem.kind}`,
      kind: 'problem',
      label: TITLES[problem.kind],
      description: problem.message,
      tooltip: () =>
        [`**${TITLES[problem.kind]}**`, '', `Engine: \`${engineLabel}\``, '', '```', problem.message, '```', ...(hint ? ['', hint] : [])].join('\n'),
      icon: {
        id: problem.kind === 'not-swarm' || problem.kind === 'worker' || problem.kind === 'pending' ? 'warning' : 'error',
        color: problem.kind === 'not-swarm' || problem.kind === 'worker' || problem.kind === 'pending' ? 'charts.yellow' : 'errorForeground',
      },
      contextValue: `problem ${problem.kind}`,
    },
  ];
  for (const action of ACTIONS[problem.kind]) rows.push(actionRow(`problem/${problem.kind}/action/${action}`, action));
  return rows;
}

/**
 * Rows from `build`, or, when building throws (an engine answer of a shape nobody expected), the problem rows
 * saying so: every refresh path ends in rows, never in an unhandled rejection that would stop the refreshes.
 */
export function rowsOrProblem(build: () => ExplorerRow[], engineLabel: string): { rows: ExplorerRow[]; problem?: ExplorerProblem } {
  try {
    return { rows: build() };
  } catch (err) {
    const problem: ExplorerProblem = {
      kind: 'other',
      message: `the explorer could not show the engine's answer: ${err instanceof Error ? err.message : String(err)} (please report this)`,
    };
    return { rows: buildProblemRows(problem, engineLabel), problem };
  }
}
