// The swarm board as HTML, from the core's board: one column per node, one card per task, grouped by stack.
// Pure (no DOM): the webview sets it as the board's content; the benchmark runs it in Node.
import type { Board, BoardCard, BoardColumn } from '../../core/board/model';
import { esc } from '../topology/render';

export const BOARD_CSS = `
.board { display: flex; gap: 10px; align-items: flex-start; padding: 10px; overflow-x: auto; }
.column { min-width: 220px; max-width: 280px; flex: 0 0 auto; border: 1px solid var(--vscode-panel-border, #8884); background: var(--vscode-sideBar-background); border-radius: 4px; }
.column > header { padding: 6px 8px; border-bottom: 1px solid var(--vscode-panel-border, #8884); }
.column > header .name { font-weight: 600; }
.column > header .meta { color: var(--vscode-descriptionForeground); font-size: 11px; }
.column.drain > header .meta .availability, .column.down > header .meta .state { color: var(--vscode-editorWarning-foreground); font-weight: 600; }
.stack { padding: 4px 6px; }
.stack > h3 { margin: 4px 2px; font-size: 11px; font-weight: 600; color: var(--vscode-descriptionForeground); text-transform: none; }
.card { margin: 4px 0; padding: 4px 6px; border-radius: 3px; border-left: 4px solid var(--vscode-charts-green, #388a34); background: var(--vscode-editorWidget-background); cursor: pointer; }
.card.moving { border-left-color: var(--vscode-charts-yellow, #bf8803); }
.card.failed { border-left-color: var(--vscode-editorError-foreground, #e51400); }
.card.stopped { border-left-color: var(--vscode-disabledForeground, #888); opacity: 0.75; }
.card:focus, .card.selected { outline: 2px solid var(--vscode-focusBorder); outline-offset: 1px; }
.card .title { font-weight: 600; }
.card .meta { font-size: 11px; color: var(--vscode-descriptionForeground); }
.card .error { font-size: 11px; color: var(--vscode-errorForeground); word-break: break-word; }
.card .actions { display: none; gap: 4px; margin-top: 4px; }
.card.selected .actions { display: flex; }
.empty { padding: 8px; color: var(--vscode-descriptionForeground); font-size: 11px; }
`;

function card(c: BoardCard, selected: string | undefined, shell: boolean): string {
  const sel = c.id === selected;
  const label = `task ${c.name}: ${c.state}${c.desired !== 'running' ? ` (desired ${c.desired})` : ''}, image tag ${c.tag}${c.error ? `, error: ${c.error}` : ''}`;
  return (
    `<div class="card ${c.tone}${sel ? ' selected' : ''}" data-task="${esc(c.id)}" tabindex="0" role="button" aria-label="${esc(label)}" aria-expanded="${sel}">` +
    `<div class="title">${esc(c.name)}</div><div class="meta">${esc(c.state)}${c.desired !== 'running' ? ` → ${esc(c.desired)}` : ''} · ${esc(c.tag)}</div>` +
    (c.error ? `<div class="error">${esc(c.error)}</div>` : '') +
    `<div class="actions"><button data-action="inspect">Inspect</button><button data-action="logs">Logs</button>${shell ? '<button data-action="shell">Shell</button>' : ''}</div></div>`
  );
}

function column(col: BoardColumn, stackFilter: string | undefined, selected: string | undefined, shell: boolean): string {
  const cards = stackFilter === undefined ? col.cards : col.cards.filter((c) => c.stack === stackFilter);
  const cls = ['column', col.availability === 'drain' ? 'drain' : '', col.state === 'down' ? 'down' : ''].filter(Boolean).join(' ');
  const out = [
    `<section class="${cls}" data-node="${esc(col.id)}" role="list" aria-label="${esc(`node ${col.name}${col.role ? `, ${col.role}` : ''}${col.leader ? ' (leader)' : ''}${col.availability ? `, ${col.availability}` : ''}${col.state ? `, ${col.state}` : ''}: ${cards.length} task${cards.length === 1 ? '' : 's'}`)}">`,
    `<header><div class="name">${esc(col.name)}</div>` +
      (col.role
        ? `<div class="meta">${esc(col.role)}${col.leader ? ' (leader)' : ''} · <span class="availability">${esc(col.availability)}</span> · <span class="state">${esc(col.state)}</span> · ${cards.length} task${cards.length === 1 ? '' : 's'}</div>`
        : '') +
      '</header>',
  ];
  if (!cards.length) out.push('<div class="empty">no tasks</div>');
  let stack: string | undefined;
  for (const c of cards) {
    if (c.stack !== stack) {
      if (stack !== undefined) out.push('</div>');
      stack = c.stack;
      out.push(`<div class="stack" role="group" aria-label="${esc(c.stack ? `stack ${c.stack}` : 'no stack')}"><h3>${esc(c.stack || '(no stack)')}</h3>`);
    }
    out.push(`<div role="listitem">${card(c, selected, shell)}</div>`);
  }
  if (stack !== undefined) out.push('</div>');
  out.push('</section>');
  return out.join('');
}

/** `stackFilter`: only that stack's tasks ('' for tasks of no stack); undefined: all. */
export function renderBoardHtml(board: Board, o: { stackFilter?: string; selected?: string; shell?: boolean } = {}): string {
  return board.columns.map((c) => column(c, o.stackFilter, o.selected, !!o.shell)).join('');
}
