// Diagnostics of rules in src/core/rules. A test whose rule is not in this build skips (mocha "pending") and
// runs by itself once the rule lands; extend this file as rules arrive.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { closeAll, codeActions, diagsAt, hasCode, open, ours, revert, waitFor, waitForSome, wsFile } from './helpers';

suite('Rules in the editor', () => {
  teardown(closeAll);

  test('service-name: "s3.docker.mender.io" is an error on the key, with a quick fix that renames the service', async function () {
    if (!hasCode('service-name')) this.skip();
    const editor = await open('service-name', 'docker-compose.yml');
    const doc = editor.document;
    const [d] = await waitForSome('service-name on line 10', () => diagsAt(doc.uri, 'service-name', 9));
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(doc.getText(d.range), 's3.docker.mender.io', 'the range is exactly the key');
    const fixes = (await codeActions(doc.uri, d.range)).filter((a) => a.edit && !a.title.startsWith('Disable rule'));
    assert.ok(fixes.length > 0, 'the core offers a fix');
    const fix = fixes.find((a) => a.isPreferred) ?? fixes[0];
    assert.strictEqual(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    const key = /^ {2}([^\s:#]+):/.exec(doc.lineAt(9).text)?.[1];
    assert.ok(key && key !== 's3.docker.mender.io', `renamed, got line "${doc.lineAt(9).text}"`);
    assert.match(key, /^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'a name swarm accepts');
    await waitFor('service-name to be fixed', () => ours(doc.uri, 'service-name').length === 0);
    await revert(editor);
  });

  test('unknown-service: an override that defines the missing depends_on service clears the error in the base', async function () {
    if (!hasCode('unknown-service')) this.skip();
    const base = (await open('overlay-depends', 'docker-compose.yml')).document;
    const [d] = await waitForSome('unknown-service on depends_on', () => diagsAt(base.uri, 'unknown-service', 8));
    assert.strictEqual(base.getText(d.range), 'mender-mongo-deployments');
    // Create the override in the editor, unsaved: the stack picks it up from the open buffer.
    const override = wsFile('overlay-depends', 'docker-compose.override.yml');
    const edit = new vscode.WorkspaceEdit();
    edit.createFile(override, { ignoreIfExists: true });
    edit.insert(
      override,
      new vscode.Position(0, 0),
      "version: '3.7'\nservices:\n  mender-mongo-deployments:\n    image: mongo:3.4\n    networks:\n      - mender\n",
    );
    assert.ok(await vscode.workspace.applyEdit(edit));
    await vscode.window.showTextDocument(override, { preview: false });
    await waitFor('the base to lose unknown-service', () => ours(base.uri, 'unknown-service').length === 0);
    // Removing the override brings it back: the stack is the base alone again.
    await vscode.workspace.textDocuments.find((d) => d.uri.fsPath === override.fsPath)?.save();
    await closeAll();
    await vscode.workspace.fs.delete(override);
    await open('overlay-depends', 'docker-compose.yml');
    await waitFor('unknown-service back', () => diagsAt(base.uri, 'unknown-service', 8).length > 0);
  });
});
