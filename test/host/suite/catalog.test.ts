// Issue 3 in the real editor: the Mender catalog's rules on the seed's broken variants (code, place, severity,
// quick fix), hover and go to definition on hosts and services, and "New Mender stack..." writing a stack the
// extension's own diagnostics find clean. The CLI side of the same fixtures: test/unit/cli/catalog.test.ts.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { closeAll, codeActions, codeOf, diagsAt, open, ours, revert, waitFor, waitForSome, wsFile } from './helpers';

const E = vscode.DiagnosticSeverity.Error;
const W = vscode.DiagnosticSeverity.Warning;
const show = (ds: vscode.Diagnostic[]): string =>
  ds.map((d) => `${d.range.start.line}:${d.range.start.character} ${vscode.DiagnosticSeverity[d.severity]} ${codeOf(d)}`).join('\n') || '(none)';

/**
 * A clean file publishes no diagnostics, which looks the same as "not linted yet". So prove a lint of exactly this
 * text happened: add a duplicate key at the end, wait for it to be reported, revert to the disk text and wait for
 * it to go. The diagnostics then published are those of the file as it is.
 */
async function lintedAsIs(editor: vscode.TextEditor): Promise<void> {
  const doc = editor.document;
  const line = doc.lineCount;
  assert.ok(await editor.edit((e) => e.insert(doc.lineAt(doc.lineCount - 1).range.end, '\nx-probe: 1\nx-probe: 2\n')));
  await waitForSome('the probe duplicate-key', () => ours(doc.uri, 'duplicate-key').filter((d) => d.range.start.line >= line));
  await revert(editor);
  await waitFor('the probe to go after revert', () => !doc.isDirty && ours(doc.uri, 'duplicate-key').every((d) => d.range.start.line < line));
}

/** Text of every hover at a position (all providers), markdown joined. */
async function hoverText(uri: vscode.Uri, pos: vscode.Position): Promise<{ text: string; hovers: vscode.Hover[] }> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos)) ?? [];
  const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n---\n');
  return { text, hovers };
}

suite('Mender catalog in the editor', () => {
  teardown(closeAll);

  suite("the seed's broken variants, each linted as its own stack", () => {
    const cases = [
      { file: 'dotted-service-name.yml', code: 'service-name', line: 10, character: 2, text: 's3.docker.mender.io' },
      { file: 'missing-mongo-device-adm.yml', code: 'mender-implicit-host', line: 58, character: 2, text: 'mender-device-adm' },
      { file: 'renamed-minio.yml', code: 'mender-unresolved-endpoint', line: 77, character: 22, text: 's3.docker.mender.io' },
    ];
    for (const c of cases) {
      test(`${c.file}: ${c.code} error at ${c.line}:${c.character}, and no other error`, async () => {
        const { document } = await open('mender-broken', c.file);
        const [d] = await waitForSome(`${c.code} on line ${c.line}`, () => diagsAt(document.uri, c.code, c.line));
        assert.strictEqual(d.severity, E);
        assert.strictEqual(d.range.start.character, c.character);
        assert.strictEqual(document.getText(d.range), c.text, 'the range is exactly the token');
        const errors = ours(document.uri).filter((x) => x.severity === E);
        assert.strictEqual(errors.length, 1, show(ours(document.uri)));
      });
    }

    test('missing-mongo-device-adm.yml: the first quick fix clears mender-implicit-host', async () => {
      const editor = await open('mender-broken', 'missing-mongo-device-adm.yml');
      const doc = editor.document;
      const [d] = await waitForSome('mender-implicit-host', () => diagsAt(doc.uri, 'mender-implicit-host', 58));
      assert.match(d.message, /mongo-device-adm/);
      // The why (the variable that would override the default) is the detail: the first related information, at the finding.
      assert.match(d.relatedInformation?.[0]?.message ?? '', /DEVICEADM_MONGO/);
      assert.ok(d.relatedInformation?.[0]?.location.range.isEqual(d.range));
      const actions = await codeActions(doc.uri, d.range);
      const fixes = actions.filter((a) => a.edit && !a.title.startsWith('Disable rule'));
      assert.ok(fixes.length > 0, `offered: ${actions.map((a) => a.title).join(' | ')}`);
      const [fix] = fixes;
      assert.strictEqual(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
      assert.ok(await vscode.workspace.applyEdit(fix.edit!), `applied "${fix.title}"`);
      assert.ok(doc.isDirty);
      assert.match(fix.title, /"mongo-device-adm" to "mender-mongo-device-adm"/, 'the first fix aliases the service whose name matches');
      const block = doc.getText().split('\n  mender-mongo-device-adm:\n')[1]?.split('\n\n')[0] ?? '';
      assert.match(block, /aliases:\n\s+- mongo-device-adm\n?/, block);
      await waitFor(`mender-implicit-host to go after "${fix.title}"`, () => ours(doc.uri, 'mender-implicit-host').length === 0);
      assert.deepStrictEqual(
        ours(doc.uri).filter((x) => x.severity === E),
        [],
        `no new error after "${fix.title}": ${show(ours(doc.uri))}`,
      );
      await revert(editor);
      await waitForSome('mender-implicit-host back after revert', () => diagsAt(doc.uri, 'mender-implicit-host', 58));
    });

    test("renamed-minio.yml: no generic unresolved-host next to the Mender rule's error", async () => {
      const { document } = await open('mender-broken', 'renamed-minio.yml');
      await waitForSome('mender-unresolved-endpoint', () => ours(document.uri, 'mender-unresolved-endpoint'));
      assert.deepStrictEqual(ours(document.uri, 'unresolved-host'), [], show(ours(document.uri)));
    });
  });

  test("the seed's 2016 stack has no error", async () => {
    const { document } = await open('seed-2016', 'docker-compose.yml');
    // It has warnings (compose v2, extends), so diagnostics appearing shows it was linted.
    await waitForSome('the seed to be linted', () => ours(document.uri));
    assert.deepStrictEqual(
      ours(document.uri).filter((d) => d.severity === E),
      [],
      show(ours(document.uri)),
    );
  });

  test('the current-era stack (COMPOSE_FILE: base + storage overlay) has no error or warning', async () => {
    const editor = await open('current-4x', 'docker-compose.yml');
    await lintedAsIs(editor);
    for (const f of ['docker-compose.yml', 'docker-compose.storage-minio.yml']) {
      const bad = ours(wsFile('current-4x', f)).filter((d) => d.severity === E || d.severity === W);
      assert.deepStrictEqual(bad, [], `${f}: ${show(bad)}`);
    }
  });

  suite('hover and go to definition', () => {
    // AWS_URI: http://s3.docker.mender.io:9000 of mender-deployments in the seed; the alias is in minio's networks.
    const AWS_URI_HOST = new vscode.Position(77, 22);
    const ALIAS = new vscode.Position(22, 12);

    test('hover on the host in AWS_URI names the alias of service minio on network mender', async () => {
      const { document } = await open('seed-2016', 'docker-compose.yml');
      assert.strictEqual(document.getText(new vscode.Range(AWS_URI_HOST, AWS_URI_HOST.translate(0, 19))), 's3.docker.mender.io');
      const { text, hovers } = await hoverText(document.uri, AWS_URI_HOST.translate(0, 5));
      assert.match(text, /`s3\.docker\.mender\.io` resolves to the network alias of service `minio` on network `mender`/, text);
      assert.match(text, /AWS_URI/, 'and what the variable is');
      const ourHover = hovers.find((h) => h.contents.some((c) => (typeof c === 'string' ? c : c.value).includes('resolves to')));
      assert.ok(ourHover?.range);
      assert.strictEqual(document.getText(ourHover.range), 's3.docker.mender.io', 'the hover is about the host only');
    });

    test('hover on a service key shows what the catalog knows about it', async () => {
      const { document } = await open('seed-2016', 'docker-compose.yml');
      const key = new vscode.Position(69, 2);
      assert.strictEqual(document.lineAt(69).text, '  mender-deployments:');
      const { text } = await hoverText(document.uri, key.translate(0, 4));
      assert.match(text, /\*\*mender-deployments\*\*/, text);
      assert.match(text, /`deployments`/, 'the catalog component');
      assert.match(text, /2016 era/);
      assert.match(text, /\| AWS_URI \|/, 'the variables it reads');
      assert.match(text, /AWS_ACCESS_KEY_ID must equal/, 'its credential pair with the storage');
    });

    test('hover on a current-era service matched by an image built from .env variables', async () => {
      const { document } = await open('current-4x', 'docker-compose.yml');
      const line = [...Array(document.lineCount).keys()].find((i) => document.lineAt(i).text === '  mender-deployments:');
      assert.ok(line !== undefined);
      const { text } = await hoverText(document.uri, new vscode.Position(line, 5));
      assert.match(text, /\*\*mender-deployments\*\*/, text);
      assert.doesNotMatch(text, /2016 era/);
      assert.match(text, /DEPLOYMENTS_AWS_URI/);
    });

    test('go to definition from the host in AWS_URI lands on the alias line', async () => {
      const { document } = await open('seed-2016', 'docker-compose.yml');
      const defs =
        (await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
          'vscode.executeDefinitionProvider',
          document.uri,
          AWS_URI_HOST.translate(0, 3),
        )) ?? [];
      assert.strictEqual(defs.length, 1, JSON.stringify(defs));
      const d = defs[0];
      const uri = 'uri' in d ? d.uri : d.targetUri;
      const range = 'range' in d ? d.range : d.targetRange;
      assert.strictEqual(uri.fsPath, document.uri.fsPath);
      assert.strictEqual(range.start.line, ALIAS.line);
      assert.strictEqual(range.start.character, ALIAS.character);
      assert.strictEqual(document.getText(range), 's3.docker.mender.io');
      assert.match(document.lineAt(range.start.line).text, /^ {10}- s3\.docker\.mender\.io$/);
    });
  });

  suite('New Mender stack...', () => {
    const dirs: string[] = [];
    suiteTeardown(() => {
      for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    });

    for (const [era, files] of [
      ['current', ['docker-compose.yml', '.env', 'keys/deviceauth-private.pem', 'keys/useradm-private.pem', 'traefik/mender.yml']],
      ['2016', ['docker-compose.yml', '.env']],
    ] as const) {
      test(`menderSwarm.newStack('${era}', folder) writes a stack the extension reports no error or warning for`, async function () {
        this.timeout(60000); // the current era generates two RSA keys
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), `mender-new-${era}-`));
        dirs.push(dir);
        const main = await vscode.commands.executeCommand<vscode.Uri | undefined>('menderSwarm.newStack', era, vscode.Uri.file(dir));
        assert.ok(main, 'the command returns the stack file it wrote');
        assert.strictEqual(main.fsPath, path.join(dir, 'docker-compose.yml'));
        for (const f of files) assert.ok(fs.existsSync(path.join(dir, f)), `${f} written`);
        for (const f of files.filter((x) => x.endsWith('.pem'))) {
          const mode = fs.statSync(path.join(dir, f)).mode & 0o777;
          assert.strictEqual(mode & 0o077, 0, `${f} is a private key: owner-only, not ${mode.toString(8)}`);
          assert.match(fs.readFileSync(path.join(dir, f), 'utf8'), /^-----BEGIN RSA PRIVATE KEY-----\n/);
        }
        const text = fs.readFileSync(main.fsPath, 'utf8');
        assert.match(text, /services:/);
        assert.doesNotMatch(text, /BEGIN RSA PRIVATE KEY|MINIO_(ROOT_PASSWORD|SECRET_KEY): [^$\s]/, 'no secret in the stack file');
        const editor = await waitFor('the new stack open in an editor', () =>
          vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === main.fsPath),
        );
        await lintedAsIs(editor);
        const bad = ours(main).filter((d) => d.severity === E || d.severity === W);
        assert.deepStrictEqual(bad, [], show(bad));
      });
    }
  });
});
