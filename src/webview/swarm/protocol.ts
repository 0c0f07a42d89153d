// Messages between the swarm visualizer panel (extension host) and its webview. Types only.
import type { Board } from '../../core/board/model';

export type ToSwarmWebview = { type: 'board'; board: Board | undefined; problem?: string; shell: boolean };
export type FromSwarmWebview =
  | { type: 'ready' }
  | { type: 'task'; action: 'inspect' | 'logs' | 'shell'; id: string; name: string }
  | { type: 'refresh' }
  | { type: 'rendered'; ms: number; tasks: number };
