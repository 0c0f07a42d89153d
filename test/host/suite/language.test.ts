// Issue 11's language features in the real editor, on test/host/fixtures/ws/language (a base, its override, an
// included file and an extends file): each provider asked through VS Code's own commands, as the editor asks it.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { closeAll, open, wsFile } from './helpers';

const BASE = ['language', 'docker-compose.yml'];
const OVERRIDE = ['language', 'docker-compose.override.yml'];

/** Position of the `nth` occurrence of `needle` in the document, `delta` characters in. */
function posOf(doc: vscode.TextDocument, needle: string, delta = 0, nth = 0): vscode.Position {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = doc.getText().indexOf(needle, i + 1);
  assert.ok(i >= 0, `"${needle}" in ${doc.uri.fsPath}`);
  return doc.positionAt(i + delta);
}

async function completions(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos);
  return list?.items ?? [];
}
const label = (i: vscode.CompletionItem): string => (typeof i.label === 'string' ? i.label : i.label.label);
/** Puts a document back to `text` and saves it: clean, and the disk as it was (a revert raced the next edit). */
async function restore(doc: vscode.TextDocument, text: string): Promise<void> {
  const e = new vscode.WorkspaceEdit();
  e.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
  assert.ok(await vscode.workspace.applyEdit(e));
  assert.ok(await doc.save());
  assert.strictEqual(doc.getText(), text);
}

const rel = (uri: vscode.Uri): string => path.relative(wsFile('language').fsPath, uri.fsPath);

suite('Language features', () => {
  teardown(closeAll);

  test('completion: schema keys with descriptions, refused keys marked, enum values, names from the override and the include, hosts', async () => {
    const editor = await open(...BASE);
    const doc = editor.document;
    const original = doc.getText();
    // A new key under inventory, half typed.
    const line = posOf(doc, '    env_file: inventory.env').line;
    assert.ok(await editor.edit((e) => e.insert(new vscode.Position(line, 0), '    mem\n')));
    const keys = await completions(doc, new vscode.Position(line, 7));
    const deploy = keys.find((i) => label(i) === 'deploy');
    assert.ok(deploy, keys.map(label).slice(0, 20).join(', '));
    assert.ok(deploy.insertText instanceof vscode.SnippetString && deploy.insertText.value === 'deploy:\n  $0');
    const mem = keys.find((i) => label(i) === 'mem_limit')!;
    assert.deepStrictEqual(mem.tags, [vscode.CompletionItemTag.Deprecated]);
    assert.match((mem.documentation as vscode.MarkdownString).value, /refuses it/);
    await restore(doc, original);
    // Enum values after `restart: `.
    assert.ok(await editor.edit((e) => e.insert(new vscode.Position(line, 0), '    restart: \n')));
    assert.deepStrictEqual(
      (await completions(doc, new vscode.Position(line, 13))).map(label).filter((l) => ['no', 'always', 'on-failure', 'unless-stopped'].includes(l)),
      ['no', 'always', 'on-failure', 'unless-stopped'],
    );
    await restore(doc, original);
    // depends_on names: the override's useradm and the included storage.
    const dep = posOf(doc, '      - inventory', 8);
    const names = (await completions(doc, dep)).map(label);
    for (const n of ['useradm', 'storage', 'inventory']) assert.ok(names.includes(n), `${n} in ${names.join(', ')}`);
    // A host with the catalog's port in an environment value.
    const env = posOf(doc, 'http://inventory', 'http://'.length);
    const hosts = (await completions(doc, env)).map(label);
    assert.ok(hosts.includes('inventory:8080'), hosts.join(', '));
  });

  test('outline: sections with services, networks and secrets; workspace symbols across the stack files', async () => {
    const { document: doc } = await open(...BASE);
    const syms = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
    const ours = syms.filter((s) => ['services', 'networks', 'secrets'].includes(s.name));
    assert.deepStrictEqual(
      ours.map((s) => [s.name, s.children.map((c) => c.name)]),
      [
        ['services', ['inventory', 'deviceauth']],
        ['networks', ['backend']],
        ['secrets', ['jwt-key']],
      ],
    );
    assert.strictEqual(ours[0].children[0].detail, 'mendersoftware/inventory:mender-3.7.4');
    const ws = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', 'useradm');
    const hit = ws.find((s) => s.name === 'useradm' && s.location.uri.fsPath === wsFile(...OVERRIDE).fsPath);
    assert.ok(hit, ws.map((s) => `${s.name} ${s.location.uri.fsPath}`).join('\n'));
  });

  test('rename: a service in the base, the override and an environment host, as one WorkspaceEdit; an illegal name refused with why', async () => {
    const { document: doc } = await open(...BASE);
    const at = posOf(doc, '  inventory:', 4);
    const prep = await vscode.commands.executeCommand<{ range: vscode.Range; placeholder: string }>('vscode.prepareRename', doc.uri, at);
    assert.strictEqual(prep?.placeholder, 'inventory');
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', doc.uri, at, 'inv');
    const files = edit
      .entries()
      .map(([uri, edits]) => `${rel(uri)}:${edits.length}`)
      .sort();
    assert.deepStrictEqual(files, ['docker-compose.override.yml:1', 'docker-compose.yml:3']);
    const override = await vscode.workspace.openTextDocument(wsFile(...OVERRIDE));
    const texts = [doc.getText(), override.getText()];
    try {
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.match(doc.getText(), /DEVICEAUTH_INVENTORY_ADDR: http:\/\/inv:8080\//, doc.getText());
      assert.match(override.getText(), /- inv\n/);
    } finally {
      await restore(doc, texts[0]);
      await restore(override, texts[1]);
    }
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', doc.uri, at, 'inv.entory')),
      /swarm refuses the service name "inv\.entory": it contains "\."/,
    );
  });

  test('references and highlights: a service from its key and from a host; a network', async () => {
    const { document: doc } = await open(...BASE);
    const refs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, posOf(doc, 'http://inventory', 9));
    assert.deepStrictEqual(refs.map((l) => `${rel(l.uri)}:${l.range.start.line}`).sort(), [
      'docker-compose.override.yml:4',
      'docker-compose.yml:15',
      'docker-compose.yml:17',
      'docker-compose.yml:4',
    ]);
    const hl = await vscode.commands.executeCommand<vscode.DocumentHighlight[]>('vscode.executeDocumentHighlights', doc.uri, posOf(doc, 'backend:', 2));
    assert.deepStrictEqual(
      hl.map((h) => [h.range.start.line, h.kind]).sort(),
      [
        [19, vscode.DocumentHighlightKind.Read],
        [25, vscode.DocumentHighlightKind.Write],
        [8, vscode.DocumentHighlightKind.Read],
      ].sort(),
    );
  });

  test("document links: env_file, extends.file, a secret's file and include open their files", async () => {
    const { document: doc } = await open(...BASE);
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri);
    const targets = links
      .filter((l) => l.target?.scheme === 'file')
      .map((l) => rel(l.target!))
      .sort();
    assert.deepStrictEqual(targets, ['common.yml', 'inventory.env', 'keys/jwt.pem', 'storage.yml']);
  });
});
