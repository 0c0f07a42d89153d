// Which stack a command acts on: its files (as the manifests layer groups them: the `stackFiles` setting, else
// compose's conventions), its stack name (asked, remembered per workspace folder), and the loaded, linted and
// converted stack the core model makes of them.
import * as path from 'path';
import * as vscode from 'vscode';
import { stackOf, StackLoadError, type LoadedStack } from '../../core/deploy/stack';
import type { ImageMapping } from '../../core/deploy/units';
import { loadProject, type Project } from '../../core/manifest/project';
import { isManifest } from '../manifests/detect';
import { readSettings } from '../manifests/settings';
import { stackFilesOf as manifestStackFiles } from '../manifests/stacks';
import type { StackSelection } from './ids';
import { validateStackName } from './shared';

const NAME_KEY = 'menderSwarm.deploy.stackName:';
const FILES_KEY = 'menderSwarm.deploy.stackFiles';

/** The files of the stack `file` belongs to, exactly as the manifests layer lints it (manifests/stacks.ts). */
export function stackFilesOf(file: string): string[] {
  return manifestStackFiles(file);
}

/** From options (`files`, `uri`), a Uri (editor title, CodeLens), else the active editor's manifest. */
export function selectFiles(arg: StackSelection | vscode.Uri | undefined): string[] | undefined {
  if (arg instanceof vscode.Uri) return stackFilesOf(arg.fsPath);
  const base = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
  if (arg?.files?.length) return arg.files.map((f) => path.resolve(base, f));
  if (arg?.uri) return stackFilesOf(vscode.Uri.parse(arg.uri).fsPath);
  const doc = vscode.window.activeTextEditor?.document;
  if (doc && isManifest(doc, readSettings(doc.uri).patterns)) return stackFilesOf(doc.uri.fsPath);
  return undefined;
}

/** Where the last manifest picked in a workspace folder is remembered (workspaceState, per folder). */
export const PICK_KEY = 'menderSwarm.manifest.lastPick:';

export interface ManifestChoice extends vscode.QuickPickItem {
  uri?: vscode.Uri;
  folder?: string;
}

/**
 * The quick pick's items: the workspace's stack files grouped by workspace folder (every folder of a multi-root
 * workspace), each folder's last pick first and marked. Never a choice made for the user: even one file is asked.
 */
export function manifestChoices(files: vscode.Uri[], last: (folder: string) => string | undefined): ManifestChoice[] {
  const byFolder = new Map<string, { name: string; uris: vscode.Uri[] }>();
  for (const u of files) {
    const f = vscode.workspace.getWorkspaceFolder(u);
    const key = f?.uri.toString() ?? '';
    (byFolder.get(key) ?? byFolder.set(key, { name: f?.name ?? 'Outside the workspace', uris: [] }).get(key)!).uris.push(u);
  }
  const out: ManifestChoice[] = [];
  for (const [folder, { name, uris }] of [...byFolder].sort((a, b) => a[1].name.localeCompare(b[1].name))) {
    const remembered = last(folder);
    uris.sort((a, b) => Number(b.fsPath === remembered) - Number(a.fsPath === remembered) || a.fsPath.localeCompare(b.fsPath));
    if (byFolder.size > 1) out.push({ label: name, kind: vscode.QuickPickItemKind.Separator });
    for (const u of uris) {
      out.push({ label: vscode.workspace.asRelativePath(u, false), description: u.fsPath === remembered ? 'last used' : undefined, uri: u, folder });
    }
  }
  return out;
}

/** No manifest at hand (palette with no manifest open): ask which of the workspace's; the pick is remembered per folder. */
export async function pickManifest(state?: vscode.Memento): Promise<string[] | undefined> {
  const patterns = readSettings(undefined).patterns;
  const found = new Map<string, vscode.Uri>();
  for (const p of patterns) for (const u of await vscode.workspace.findFiles(p, '**/node_modules/**', 200)) found.set(u.fsPath, u);
  if (!found.size) {
    void vscode.window.showWarningMessage(
      'Mender Swarm: no stack manifest in this workspace (docker-compose*.yml, *stack*.yml...). Open one and run the command again.',
    );
    return undefined;
  }
  const items = manifestChoices([...found.values()], (folder) => state?.get<string>(PICK_KEY + folder));
  const pick = await vscode.window.showQuickPick(items, {
    title: 'Which stack manifest?',
    placeHolder: 'The stack of this file (with its override and .env) is used',
    matchOnDescription: true,
  });
  if (!pick?.uri) return undefined;
  await state?.update(PICK_KEY + (pick.folder ?? ''), pick.uri.fsPath);
  return stackFilesOf(pick.uri.fsPath);
}

/** Stack files with unsaved edits: a deploy reads the disk, so ask to save them first. */
export async function saveIfDirty(files: string[], interactive: boolean): Promise<boolean> {
  const dirty = vscode.workspace.textDocuments.filter((d) => d.isDirty && files.includes(d.uri.fsPath));
  if (!dirty.length) return true;
  if (!interactive) return true; // scripted runs deploy what is on disk
  const names = dirty.map((d) => path.basename(d.uri.fsPath)).join(', ');
  const a = await vscode.window.showWarningMessage(
    `${names} ${dirty.length === 1 ? 'has' : 'have'} unsaved changes.`,
    { modal: true, detail: 'The stack is deployed from the files on disk.' },
    'Save and Continue',
    'Use Saved Version',
  );
  if (!a) return false;
  if (a === 'Save and Continue') for (const d of dirty) await d.save();
  return true;
}

export class StackNames {
  constructor(readonly state: vscode.Memento) {}

  private key(files: string[]): string {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(files[0]));
    return NAME_KEY + (folder?.uri.toString() ?? path.dirname(files[0]));
  }

  /** Remembered for the folder, else the `menderSwarm.stackName` setting, else the project's (name: key, folder). */
  defaultFor(files: string[], project: Project | undefined): string {
    const remembered = this.state.get<string>(this.key(files));
    if (remembered) return remembered;
    const setting = readSettings(vscode.Uri.file(files[0])).stackName;
    if (setting) return setting;
    return project?.name ?? path.basename(path.dirname(files[0]));
  }

  async ask(files: string[], given: string | undefined, title: string, project: Project | undefined): Promise<string | undefined> {
    if (given !== undefined) {
      const bad = validateStackName(given);
      if (bad) throw new Error(`stack name "${given}": ${bad}`);
      return given.trim();
    }
    const value = await vscode.window.showInputBox({
      title,
      prompt: `Stack name for ${files.map((f) => vscode.workspace.asRelativePath(f)).join(' + ')}`,
      value: this.defaultFor(files, project),
      validateInput: validateStackName,
      ignoreFocusOut: true,
    });
    return value?.trim();
  }

  async remember(files: string[], stack: string): Promise<void> {
    await this.state.update(this.key(files), stack);
    const map = { ...this.state.get<Record<string, string[]>>(FILES_KEY, {}), [stack]: files };
    await this.state.update(FILES_KEY, map);
  }

  /** The files a stack was last deployed from here (redeploy from the explorer's stack item). */
  filesOf(stack: string): string[] | undefined {
    return this.state.get<Record<string, string[]>>(FILES_KEY, {})[stack];
  }
}

export type { LoadedStack };

/**
 * The files read once per command (the process environment, `.env`, interpolation): its name is the default stack
 * name, and the same project is what loadStack lints and converts. Undefined when it cannot be read at all
 * (loadStack reads it again then, to report why).
 */
export function readProject(files: string[]): Project | undefined {
  try {
    return projectOf(files);
  } catch {
    return undefined;
  }
}

/** The project of `files` (the process environment, the configuration file's `menderEra`); throws what loading throws. */
export function projectOf(files: string[]): Project {
  return loadProject({ files, env: process.env, menderEra: readSettings(vscode.Uri.file(files[0])).menderEra });
}

/** The stack as the CLI loads it (core/deploy/stack): `project` (readProject's) linted with the rule settings and converted. */
export function loadStack(files: string[], stack: string, imageMap: ImageMapping[], project: Project | undefined): LoadedStack {
  try {
    return stackOf(project ?? projectOf(files), { stack, env: process.env, imageMap, rules: readSettings(vscode.Uri.file(files[0])).rules });
  } catch (e) {
    if (e instanceof StackLoadError) throw new Error(`cannot read the stack ${stack}: ${e.message}`);
    throw e;
  }
}
