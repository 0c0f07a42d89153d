// The *Mender Swarm* output channel with every line passed through the core's masking (src/core/mask.ts):
// deploy summaries, plans and engine errors name environment values and URLs, and the channel is what users
// paste into issues.
import type * as vscode from 'vscode';
import { maskText } from '../core/mask';

const WRITERS = new Set(['append', 'appendLine', 'replace', 'trace', 'debug', 'info', 'warn', 'error']);

export function maskedLog(channel: vscode.LogOutputChannel): vscode.LogOutputChannel {
  return new Proxy(channel, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof v !== 'function') return v;
      if (typeof prop !== 'string' || !WRITERS.has(prop)) return (v as (...a: unknown[]) => unknown).bind(target);
      return (...args: unknown[]) =>
        (v as (...a: unknown[]) => unknown).apply(
          target,
          args.map((a) => (typeof a === 'string' ? maskText(a) : a instanceof Error ? maskError(a) : a)),
        );
    },
  });
}

function maskError(e: Error): Error {
  const copy = new Error(maskText(e.message));
  copy.name = e.name;
  copy.stack = e.stack === undefined ? undefined : maskText(e.stack);
  return copy;
}
