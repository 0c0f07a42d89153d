import * as vscode from 'vscode';

/**
 * Commands that change a swarm (deploy, scale, remove, node changes, swarm init) never run in an untrusted
 * workspace. The menus hide them already (`isWorkspaceTrusted`); this covers the palette, keybindings and
 * executeCommand.
 */
export function requireTrust(what: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window
    .showWarningMessage(
      `Mender Swarm: ${what} needs a trusted workspace (a manifest from an untrusted folder must not reach your swarm).`,
      'Manage Workspace Trust',
    )
    .then((a) => a && vscode.commands.executeCommand('workbench.trust.manage'));
  return false;
}
