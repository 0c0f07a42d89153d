// Which `menderSwarm.docker.host` / `.context` value counts. They choose the engine the explorer connects to
// (with the user's ssh agent and TLS keys), so a workspace's own settings must not choose it while the
// workspace is untrusted: then only the user's (and the remote machine's) values count. package.json lists both
// under `restrictedConfigurations` too, so VS Code marks them in the Settings editor.
import type * as vscode from 'vscode';

/** The parts of `WorkspaceConfiguration.inspect()` this decision reads. */
export interface SettingLayers<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

/** The effective value: folder, workspace, user, default when trusted; user, default when not. */
export function trustedSettingValue<T>(layers: SettingLayers<T> | undefined, trusted: boolean): T | undefined {
  if (!layers) return undefined;
  if (trusted) return layers.workspaceFolderValue ?? layers.workspaceValue ?? layers.globalValue ?? layers.defaultValue;
  return layers.globalValue ?? layers.defaultValue;
}

export const ENGINE_SETTING_KEYS = { host: 'menderSwarm.docker.host', context: 'menderSwarm.docker.context' } as const;

/** The engine-choosing settings as they apply to this workspace's trust. */
export function engineSettings(cfg: vscode.WorkspaceConfiguration, trusted: boolean): { host?: string; context?: string } {
  const read = (key: string): string | undefined => {
    const v = trustedSettingValue(cfg.inspect<string>(key), trusted);
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  return { host: read(ENGINE_SETTING_KEYS.host), context: read(ENGINE_SETTING_KEYS.context) };
}
