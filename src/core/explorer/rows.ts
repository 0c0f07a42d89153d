// The rows of the Swarm explorer, independent of VS Code: src/vscode/explorer turns each into a TreeItem
// (id, label, description, markdown tooltip, codicon, contextValue), the CLI and tests read them directly.

export type RowKind =
  | 'problem' // why there is no tree (engine unreachable, not a swarm, worker...)
  | 'action' // a clickable row under a problem: retry, configure, initialise swarm
  | 'group' // Nodes / Services / Networks
  | 'swarm'
  | 'detail' // a key/value row under Swarm
  | 'node'
  | 'stack'
  | 'service'
  | 'task'
  | 'network'
  | 'network-service' // a service attached to a network
  | 'network-task' // a task with an address on a network
  | 'secret'
  | 'config'
  | 'object-service' // a service that uses a secret or config
  | 'volume'
  | 'volume-task' // a task of this node that mounts a volume
  | 'empty'; // "No services" and the like

/** Codicon id (ThemeIcon) and an optional theme colour id. */
export interface RowIcon {
  id: string;
  color?: string;
}

export type ObjectType = 'swarm' | 'node' | 'service' | 'task' | 'network' | 'secret' | 'config' | 'volume';

/** The engine object a row stands for: what inspect, logs and node actions act on. */
export interface ObjectRef {
  type: ObjectType;
  id: string;
  /** Human name: hostname, service name, `service.slot` for tasks. */
  name: string;
  /** Object version (node updates need it). */
  version?: number;
}

/** What an action row does; the VS Code layer maps these to commands. */
export type ExplorerAction = 'retry' | 'configure-engine' | 'switch-context' | 'init-swarm' | 'new-stack' | 'deploy-stack';

export interface ExplorerRow {
  /** Stable across refreshes (built from engine ids), unique in the tree: VS Code keys expansion and selection on it. */
  id: string;
  kind: RowKind;
  label: string;
  description?: string;
  /** Markdown, built on demand (hover): 20,000 task rows need not format 20,000 tables per refresh. */
  tooltip?: () => string;
  icon?: RowIcon;
  /**
   * Space-separated: the kind first, then tags (`node manager leader ready active`). Menus match it with
   * `viewItem =~ /^node\b.*\bworker\b/`-style regexes, so tags are whole words.
   */
  contextValue: string;
  /** Undefined: a leaf. An empty array: expandable but empty (or, with `lazy`, not loaded yet). */
  children?: ExplorerRow[];
  /** Initial expansion when VS Code first sees the id (it remembers the user's choice afterwards). */
  expanded?: boolean;
  /** Children are loaded when the row is expanded (the Networks group: see snapshot.ts). */
  lazy?: boolean;
  ref?: ObjectRef;
  action?: ExplorerAction;
}

/** Depth-first walk (tests, bench, CLI). */
export function* walkRows(rows: readonly ExplorerRow[]): Generator<ExplorerRow> {
  for (const r of rows) {
    yield r;
    if (r.children) yield* walkRows(r.children);
  }
}

/** Markdown-escape a value for tooltips (engine strings may contain `*`, `_`, `|`...). */
export function md(s: string | number | undefined): string {
  return String(s ?? '').replace(/([\\`*_{}[\]()#+\-.!|<>])/g, '\\$1');
}

/** A two-column markdown table for tooltips; rows with an undefined value are skipped. */
export function mdTable(title: string, rows: Array<[string, string | number | undefined]>): string {
  const lines = [`**${md(title)}**`, '', '| | |', '|---|---|'];
  for (const [k, v] of rows) if (v !== undefined && v !== '') lines.push(`| ${md(k)} | ${md(v)} |`);
  return lines.join('\n');
}
