// The webview side of VS Code's messaging and state (acquireVsCodeApi may be called once per page).
export interface VsCodeApi<S> {
  postMessage(message: unknown): void;
  getState(): S | undefined;
  setState(state: S): void;
}
declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

let api: unknown;
export function vscodeApi<S>(): VsCodeApi<S> {
  return (api ??= acquireVsCodeApi<S>()) as VsCodeApi<S>;
}
