import { writeFile } from 'fs/promises';
import * as path from 'path';
import * as vscode from 'vscode';
import { parseDotenv } from '../../core/manifest/dotenv';
import { newMenderStack, NewStackEra } from '../../core/catalog/template';
import type { ExtensionDeps } from '../deps';

export const NEW_STACK_COMMAND = 'menderSwarm.newStack';

/** "Mender Swarm: New Mender stack...": asks the era and a folder, writes the stack the core generates, opens it. */
export function registerNewStackCommand(context: vscode.ExtensionContext, deps: ExtensionDeps): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(NEW_STACK_COMMAND, async (eraArg?: unknown, folderArg?: unknown) => {
      try {
        return await newStack(deps, eraArg, folderArg);
      } catch (e) {
        deps.log.error(`New Mender stack failed: ${(e as Error).stack ?? String(e)}`);
        void vscode.window.showErrorMessage(`New Mender stack failed: ${(e as Error).message}`);
        return undefined;
      }
    }),
  );
}

/** Arguments let tests (and other commands) skip the prompts: era '2016' | 'current', folder a Uri. */
async function newStack(deps: ExtensionDeps, eraArg: unknown, folderArg: unknown): Promise<vscode.Uri | undefined> {
  let era: NewStackEra | undefined = eraArg === '2016' || eraArg === 'current' ? eraArg : undefined;
  if (!era) {
    const pick = await vscode.window.showQuickPick(
      [
        { label: 'Current (Mender 3.x/4.x)', description: 'workflows, NATS, traefik gateway, MinIO; keys as swarm secrets', era: 'current' as const },
        { label: '2016 (Mender 1.0)', description: "the seed's stack, with the aliases its services expect", era: '2016' as const },
      ],
      { title: 'New Mender stack', placeHolder: 'Which Mender release?' },
    );
    era = pick?.era;
  }
  if (!era) return undefined;
  let folder = folderArg instanceof vscode.Uri ? folderArg : undefined;
  if (!folder) {
    const chosen = await vscode.window.showOpenDialog({
      canSelectFolders: true,
      canSelectFiles: false,
      canSelectMany: false,
      openLabel: 'Write the stack here',
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    });
    folder = chosen?.[0];
  }
  if (!folder) return undefined;
  const stack = newMenderStack(era);
  const main = vscode.Uri.joinPath(folder, stack.main);
  if ((await exists(main)) && !(folderArg instanceof vscode.Uri)) {
    const ok = await vscode.window.showWarningMessage(`${stack.main} exists in ${folder.fsPath}. Overwrite it?`, { modal: true }, 'Overwrite');
    if (ok !== 'Overwrite') return undefined;
  }
  const enc = new TextEncoder();
  for (const f of stack.files) {
    const uri = vscode.Uri.joinPath(folder, ...f.path.split('/'));
    await vscode.workspace.fs.createDirectory(vscode.Uri.file(path.dirname(uri.fsPath)));
    if (f.dotenv && (await exists(uri))) {
      // Keep the user's .env: add only the variables it lacks.
      const current = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      const have = parseDotenv(uri.fsPath, current).entries;
      const add = parseDotenv(uri.fsPath, f.text);
      const lines = [...add.entries.values()].filter((e) => !have.has(e.name)).map((e) => `${e.name}=${e.value}`);
      if (lines.length) await vscode.workspace.fs.writeFile(uri, enc.encode(`${current.replace(/\n?$/, '\n')}${lines.join('\n')}\n`));
      continue;
    }
    if (f.secret && (await exists(uri))) continue; // never replace a key a running stack may use
    if (f.secret && uri.scheme === 'file') {
      // Private keys are owner-only from the first byte (workspace.fs.writeFile would leave them 0644).
      await writeFile(uri.fsPath, f.text, { mode: 0o600, flag: 'wx' });
      continue;
    }
    await vscode.workspace.fs.writeFile(uri, enc.encode(f.text));
  }
  deps.log.info(`Wrote a ${era} Mender stack to ${folder.fsPath}`);
  const doc = await vscode.workspace.openTextDocument(main);
  await vscode.window.showTextDocument(doc);
  return main;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
