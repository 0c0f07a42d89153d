// With no manifest active, a command that needs one asks which (a quick pick of the workspace's stack files, every
// folder of the workspace), remembers the pick per folder in workspaceState and offers it first next time. Never
// a silent choice: "Deploy Stack" used to take docker-compose.broken.yml from the demo folder on its own.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { manifestChoices, pickManifest, PICK_KEY } from '../../../src/vscode/deploy/target';
import { closeAll } from './helpers';

/** workspaceState's contract over a Map: the pick is stored and read through it like the extension's own. */
class MapMemento implements vscode.Memento {
  readonly store = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.store.keys()];
  }
  get<T>(key: string, fallback?: T): T | undefined {
    return this.store.has(key) ? (this.store.get(key) as T) : fallback;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.store.set(key, value);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits for the quick pick, moves down `down` items and accepts: what a user does with the keyboard. */
async function answerPick(down: number): Promise<void> {
  await sleep(1500); // the pick searches the workspace first
  for (let i = 0; i < down; i++) await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
}

suite('Manifest pick (no manifest active)', () => {
  test("asks with the workspace's stack files, remembers the pick per folder and offers it first", async function () {
    this.timeout(30000);
    await closeAll();
    const state = new MapMemento();
    const folder = vscode.workspace.workspaceFolders![0].uri.toString();

    // Not the first item: the third one, as a user would choose.
    const answered = answerPick(2);
    const first = await pickManifest(state);
    await answered;
    assert.ok(first?.length, "a pick gives the stack's files");
    const remembered = state.get<string>(PICK_KEY + folder);
    assert.ok(remembered && first.includes(remembered), `remembered ${remembered} of ${first.join(', ')}`);

    // The remembered file comes first, marked: accepting the top item takes it again.
    const again = answerPick(0);
    const second = await pickManifest(state);
    await again;
    assert.deepStrictEqual(second, first);

    const uris = await vscode.workspace.findFiles('**/docker-compose*.yml', '**/node_modules/**', 200);
    const items = manifestChoices(uris, (f) => state.get<string>(PICK_KEY + f)).filter((i) => i.uri);
    assert.strictEqual(items[0].uri?.fsPath, remembered);
    assert.strictEqual(items[0].description, 'last used');
    assert.ok(items.slice(1).every((i) => i.description === undefined));
  });

  test('a pick that is dismissed chooses nothing and remembers nothing', async function () {
    this.timeout(30000);
    const state = new MapMemento();
    const dismissed = (async () => {
      await sleep(1500);
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    })();
    const files = await pickManifest(state);
    await dismissed;
    assert.strictEqual(files, undefined);
    assert.deepStrictEqual(state.keys(), []);
  });

  test('several workspace folders: one group per folder, each with its own last pick', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    // The host opens one folder; the grouping is by getWorkspaceFolder, so files outside it form their own group.
    const inside = vscode.Uri.joinPath(folders[0].uri, 'a', 'docker-compose.yml');
    const outside = vscode.Uri.file('/elsewhere/stack.yml');
    const items = manifestChoices([outside, inside], (f) => (f === folders[0].uri.toString() ? inside.fsPath : undefined));
    const separators = items.filter((i) => i.kind === vscode.QuickPickItemKind.Separator).map((i) => i.label);
    assert.deepStrictEqual(separators.sort(), [folders[0].name, 'Outside the workspace'].sort());
    assert.strictEqual(items.find((i) => i.uri?.fsPath === inside.fsPath)?.description, 'last used');
  });
});
