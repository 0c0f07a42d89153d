// Diagnostics from the loader (YAML syntax, duplicate keys): these work whatever rules exist.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { closeAll, codeActions, codeOf, diagsAt, open, ours, revert, setRules, waitFor, waitForSome, wsFile } from './helpers';

suite('Manifest diagnostics', () => {
  teardown(async () => {
    await closeAll();
    await setRules(undefined);
  });

  test('duplicate-key: a warning on the repeated key, with code, source and range', async () => {
    const { document } = await open('duplicate-key', 'docker-compose.yml');
    const [d] = await waitForSome('duplicate-key', () => diagsAt(document.uri, 'duplicate-key', 7));
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.strictEqual(d.source, 'mender-swarm');
    assert.strictEqual(d.range.start.character, 4);
    assert.strictEqual(document.getText(new vscode.Range(d.range.start, d.range.start.translate(0, 6))), 'image:', 'starts at the second "image"');
    assert.strictEqual(ours(document.uri, 'duplicate-key').length, 1, 'the first image is fine');
  });

  test('yaml-syntax: an unclosed quote is an error', async () => {
    const { document } = await open('yaml-syntax', 'docker-compose.yml');
    const [d] = await waitForSome('yaml-syntax', () => ours(document.uri, 'yaml-syntax'));
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match(d.message, /quote/i);
  });

  test('a YAML file with top-level services: is a manifest whatever its name; other YAML is left alone', async () => {
    // Opened first, so its open event is handled before mender.yml's diagnostics can appear.
    const other = (await open('sniff', 'not-compose.yml')).document;
    const { document } = await open('sniff', 'mender.yml');
    await waitFor('duplicate-key in mender.yml', () => diagsAt(document.uri, 'duplicate-key', 4).length > 0);
    assert.deepStrictEqual(ours(other.uri), []);
  });

  test('the whole stack is linted: opening the base reports problems of its override, which is not open', async () => {
    const override = wsFile('overlay-dup', 'docker-compose.override.yml');
    await open('overlay-dup', 'docker-compose.yml');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.fsPath === override.fsPath), 'override is not open');
    const [d] = await waitForSome('duplicate-key in the override', () => diagsAt(override, 'duplicate-key', 5));
    // A warning by default: docker stack deploy takes the last value, docker compose refuses the file.
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Warning);
  });

  test('unsaved text counts: fixing the override in the editor clears its diagnostic, reverting brings it back', async () => {
    const base = await open('overlay-dup', 'docker-compose.yml');
    const editor = await open('overlay-dup', 'docker-compose.override.yml');
    const uri = editor.document.uri;
    await waitFor('duplicate-key in the override', () => diagsAt(uri, 'duplicate-key', 5).length > 0);
    // Delete the second environment block (lines 5-6), as a user would, without saving.
    assert.ok(await editor.edit((e) => e.delete(new vscode.Range(5, 0, 7, 0))));
    await waitFor('the override to be clean', () => ours(uri).length === 0);
    assert.deepStrictEqual(ours(base.document.uri), []);
    await revert(editor);
    await waitFor('duplicate-key back after revert', () => diagsAt(uri, 'duplicate-key', 5).length > 0);
  });

  test('typing is debounced and relints: introducing a duplicate key reports it', async () => {
    const editor = await open('overlay-dup', 'docker-compose.yml');
    const uri = editor.document.uri;
    await waitFor('the base to be linted', () => ours(wsFile('overlay-dup', 'docker-compose.override.yml')).length > 0);
    assert.deepStrictEqual(ours(uri), []);
    assert.ok(await editor.edit((e) => e.insert(new vscode.Position(5, 0), '    image: mendersoftware/useradm:1.0.0\n')));
    const [d] = await waitForSome('duplicate-key while typing', () => diagsAt(uri, 'duplicate-key', 5));
    assert.strictEqual(editor.document.isDirty, true, 'linted from the unsaved buffer');
    assert.strictEqual(editor.document.getText(new vscode.Range(d.range.start, d.range.start.translate(0, 6))), 'image:');
    await revert(editor);
    await waitFor('the base to be clean again', () => ours(uri).length === 0);
  });

  test('menderSwarm.rules overrides severities and switches codes off', async () => {
    const { document } = await open('duplicate-key', 'docker-compose.yml');
    const uri = document.uri;
    await waitFor('duplicate-key warning', () => ours(uri, 'duplicate-key')[0]?.severity === vscode.DiagnosticSeverity.Warning);
    await setRules({ 'duplicate-key': 'error' });
    await waitFor('duplicate-key as an error', () => ours(uri, 'duplicate-key')[0]?.severity === vscode.DiagnosticSeverity.Error);
    await setRules({ 'duplicate-key': 'off' });
    await waitFor('duplicate-key off', () => ours(uri, 'duplicate-key').length === 0);
    await setRules(undefined);
    await waitFor('duplicate-key back as a warning', () => ours(uri, 'duplicate-key')[0]?.severity === vscode.DiagnosticSeverity.Warning);
  });

  test('code action "Disable rule <code>" writes menderSwarm.rules for the workspace', async () => {
    const { document } = await open('duplicate-key', 'docker-compose.yml');
    const uri = document.uri;
    const [d] = await waitForSome('duplicate-key', () => ours(uri, 'duplicate-key'));
    const actions = await codeActions(uri, d.range);
    const disable = actions.find((a) => a.title === 'Disable rule duplicate-key');
    assert.ok(disable, `offered: ${actions.map((a) => a.title).join(' | ')}`);
    assert.strictEqual(disable.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.ok(!disable.isPreferred, 'disabling is never the preferred fix');
    assert.ok(disable.command);
    await vscode.commands.executeCommand(disable.command.command, ...(disable.command.arguments ?? []));
    const inspected = vscode.workspace.getConfiguration('menderSwarm').inspect<Record<string, string>>('rules');
    assert.deepStrictEqual(inspected?.workspaceValue, { 'duplicate-key': 'off' });
    await waitFor('duplicate-key gone', () => ours(uri, 'duplicate-key').length === 0);
    assert.ok(vscode.languages.getDiagnostics(uri).every((x) => codeOf(x) !== 'duplicate-key'));
  });
});

suite('Project configuration file', () => {
  const config = wsFile('duplicate-key', 'mender-swarm.config.json');
  teardown(async () => {
    await closeAll();
    await setRules(undefined);
    try {
      await vscode.workspace.fs.delete(config);
    } catch {
      /* not written */
    }
  });

  test('mender-swarm.config.json sets rule severities and wins over menderSwarm.rules', async () => {
    const { document } = await open('duplicate-key', 'docker-compose.yml');
    const uri = document.uri;
    await waitFor('duplicate-key warning', () => ours(uri, 'duplicate-key')[0]?.severity === vscode.DiagnosticSeverity.Warning);
    await setRules({ 'duplicate-key': 'info' });
    await vscode.workspace.fs.writeFile(config, Buffer.from(JSON.stringify({ rules: { 'duplicate-key': 'error' } })));
    await waitFor(
      'duplicate-key as the file says (error), not the setting (info)',
      () => ours(uri, 'duplicate-key')[0]?.severity === vscode.DiagnosticSeverity.Error,
    );
    await vscode.workspace.fs.delete(config);
    await waitFor('the setting applies again', () => ours(uri, 'duplicate-key')[0]?.severity === vscode.DiagnosticSeverity.Information);
  });

  test('a mistake in the file is a diagnostic at its place there; the rest of the file still applies', async () => {
    const { document } = await open('duplicate-key', 'docker-compose.yml');
    const uri = document.uri;
    const text = '{\n  "rules": { "duplicate-key": "error", "privileged": "loud" },\n  "menderEra": "9.x"\n}\n';
    await vscode.workspace.fs.writeFile(config, Buffer.from(text));
    const found = await waitForSome('the two mistakes in the config file', () =>
      ours(config, 'project-config').length === 2 ? ours(config, 'project-config') : [],
    );
    const at = (d: vscode.Diagnostic): string =>
      `${d.range.start.line}:${d.range.start.character} ${text.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character)}`;
    assert.deepStrictEqual(found.map(at).sort(), ['1:53 "loud"', '2:15 "9.x"']);
    assert.ok(found.every((d) => d.severity === vscode.DiagnosticSeverity.Error));
    assert.match(found.find((d) => d.range.start.line === 2)!.message, /^menderEra: "9\.x" is not a Mender era of the catalog \(known: /);
    // Not lost: the valid entry applies to the stack.
    await waitFor('duplicate-key as the file says (error)', () => ours(uri, 'duplicate-key')[0]?.severity === vscode.DiagnosticSeverity.Error);
    await vscode.workspace.fs.writeFile(config, Buffer.from('{ "rules": { "duplicate-key": "error" },\n'));
    const [parse] = await waitForSome('the parse error', () => ours(config, 'project-config').filter((d) => /^not valid JSON/.test(d.message)));
    assert.strictEqual(parse.range.start.line, 1);
    await waitFor('defaults again: duplicate-key is a warning', () => ours(uri, 'duplicate-key')[0]?.severity === vscode.DiagnosticSeverity.Warning);
    await vscode.workspace.fs.writeFile(config, Buffer.from('{ "rules": { "duplicate-key": "error" } }\n'));
    await waitFor('no mistake left', () => ours(config, 'project-config').length === 0);
  });
});
