// The swarm visualizer webview: draws the board the host sends after each explorer refresh, filters by stack,
// and turns a card's buttons into inspect / logs / shell. Its filter, selection and last board survive hide/show.
import type { Board } from '../../core/board/model';
import { vscodeApi } from '../shared/vscodeApi';
import type { FromSwarmWebview, ToSwarmWebview } from './protocol';
import { renderBoardHtml } from './render';

interface State {
  board?: Board;
  problem?: string;
  shell: boolean;
  stack?: string;
  selected?: string;
  scroll?: number;
}

const api = vscodeApi<State>();
const state: State = api.getState() ?? { shell: false };
const boardEl = document.getElementById('board')!;
const filter = document.getElementById('stack-filter') as HTMLSelectElement;
const status = document.getElementById('status')!;
const banner = document.getElementById('banner')!;
const post = (m: FromSwarmWebview): void => api.postMessage(m);
const save = (): void => api.setState({ ...state, scroll: boardEl.scrollLeft });

function draw(): void {
  const t0 = performance.now();
  const b = state.board;
  banner.hidden = !state.problem;
  banner.textContent = state.problem ?? '';
  // The stack filter: every stack on the board, and the chosen one even when its tasks are gone for the moment.
  const stacks = [...new Set([...(b?.stacks ?? []), ...(state.stack !== undefined ? [state.stack] : [])])];
  const options = [
    '<option value="*">All stacks</option>',
    ...stacks.map((s) => `<option value="${encodeURIComponent(s)}">${s ? s.replace(/[&<>"]/g, '') : '(no stack)'}</option>`),
  ];
  filter.innerHTML = options.join('');
  filter.value = state.stack === undefined ? '*' : encodeURIComponent(state.stack);
  const focused = (document.activeElement as HTMLElement | null)?.dataset?.task;
  boardEl.innerHTML = b ? renderBoardHtml(b, { stackFilter: state.stack, selected: state.selected, shell: state.shell }) : '';
  if (focused) boardEl.querySelector<HTMLElement>(`[data-task="${CSS.escape(focused)}"]`)?.focus();
  status.textContent = b
    ? `${b.columns.filter((c) => c.id).length} nodes, ${b.tasks} tasks${b.moving ? `, ${b.moving} between states` : ''} · ${new Date(b.fetchedAt).toLocaleTimeString()}`
    : 'waiting for the explorer…';
  post({ type: 'rendered', ms: performance.now() - t0, tasks: b?.tasks ?? 0 });
}

boardEl.addEventListener('click', (e) => {
  const target = e.target as HTMLElement;
  const cardEl = target.closest<HTMLElement>('[data-task]');
  if (!cardEl) return;
  const id = cardEl.dataset.task!;
  const action = target.closest<HTMLElement>('[data-action]')?.dataset.action as 'inspect' | 'logs' | 'shell' | undefined;
  if (action) {
    const name = cardEl.querySelector('.title')?.textContent ?? id;
    post({ type: 'task', action, id, name });
    return;
  }
  state.selected = state.selected === id ? undefined : id;
  save();
  draw();
  boardEl.querySelector<HTMLElement>(`[data-task="${CSS.escape(id)}"]`)?.focus();
});
boardEl.addEventListener('keydown', (e) => {
  const el = e.target as HTMLElement;
  if (!el.matches('[data-task]')) return;
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    el.click();
    return;
  }
  // Arrows: up/down within a node's tasks, left/right to the next node's.
  const cards = [...boardEl.querySelectorAll<HTMLElement>('[data-task]')];
  const cols = [...boardEl.querySelectorAll<HTMLElement>('section')];
  const col = el.closest('section');
  const inCol = cards.filter((c) => c.closest('section') === col);
  const i = inCol.indexOf(el);
  let next: HTMLElement | undefined;
  if (e.key === 'ArrowDown') next = inCol[i + 1];
  else if (e.key === 'ArrowUp') next = inCol[i - 1];
  else if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
    const step = e.key === 'ArrowRight' ? 1 : -1;
    for (let k = cols.indexOf(col as HTMLElement) + step; k >= 0 && k < cols.length && !next; k += step) {
      const list = cards.filter((c) => c.closest('section') === cols[k]);
      next = list[Math.min(i, list.length - 1)];
    }
  }
  if (next) {
    e.preventDefault();
    next.focus();
  }
});
boardEl.addEventListener('scroll', () => save(), { passive: true });
filter.addEventListener('change', () => {
  state.stack = filter.value === '*' ? undefined : decodeURIComponent(filter.value);
  save();
  draw();
});
document.getElementById('refresh')!.addEventListener('click', () => post({ type: 'refresh' }));

window.addEventListener('message', (e: MessageEvent<ToSwarmWebview>) => {
  if (e.data?.type !== 'board') return;
  state.board = e.data.board;
  state.problem = e.data.problem;
  state.shell = e.data.shell;
  save();
  draw();
});

if (state.board) {
  draw();
  boardEl.scrollLeft = state.scroll ?? 0;
}
post({ type: 'ready' });
