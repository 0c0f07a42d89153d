// Hostile files in an (untrusted-looking) workspace: validation runs on the extension host's only thread, so a FIFO
// or an absurdly nested file must end in a diagnostic while the host keeps answering commands.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { closeAll, open, ours, waitForSome, wsFile } from './helpers';

/** A command served by our extension host answers within the time, or the host is blocked. */
async function hostAnswers(ms = 10_000): Promise<void> {
  const t0 = Date.now();
  const answered = await Promise.race([
    vscode.commands.executeCommand('menderSwarm.explorer.testState').then(() => true),
    new Promise<boolean>((r) => setTimeout(() => r(false), ms)),
  ]);
  assert.ok(answered, `the extension host did not answer a command within ${ms} ms (blocked by validation?)`);
  assert.ok(Date.now() - t0 < ms);
}

suite('Hostile files', () => {
  teardown(closeAll);

  test('an env_file and extends.file that are FIFOs: diagnostics appear and the host still answers', async () => {
    const dir = wsFile('hostile-fifo').fsPath;
    fs.mkdirSync(dir, { recursive: true });
    for (const f of ['app.env', 'base.yml']) if (!fs.existsSync(`${dir}/${f}`)) execFileSync('mkfifo', [`${dir}/${f}`]);
    fs.writeFileSync(
      `${dir}/docker-compose.yml`,
      'services:\n  app:\n    image: nginx\n    env_file: app.env\n  other:\n    image: nginx\n    extends:\n      file: base.yml\n      service: b\n',
    );
    const { document } = await open('hostile-fifo', 'docker-compose.yml');
    await hostAnswers();
    const [missing] = await waitForSome('missing-file on the FIFO env_file', () => ours(document.uri, 'missing-file'));
    assert.match(missing.relatedInformation?.[0]?.message ?? '', /named pipe \(FIFO\)/);
    assert.strictEqual(missing.range.start.line, 3);
    const [unreadable] = await waitForSome('unreadable-file on the FIFO extends.file', () => ours(document.uri, 'unreadable-file'));
    assert.match(unreadable.relatedInformation?.[0]?.message ?? '', /named pipe \(FIFO\)/);
    await hostAnswers();
  });

  test('a file nested thousands deep and a huge list: nesting-limit, no stack trace, host answers', async () => {
    const dir = wsFile('hostile-deep').fsPath;
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(`${dir}/docker-compose.yml`, `services:\n  app:\n    image: nginx\n    command: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    fs.writeFileSync(
      `${dir}/compose.yml`,
      'services:\n  app:\n    image: nginx\n    command:\n' + '      - x\n'.repeat(150_000) + '  bad.name:\n    image: nginx\n',
    );
    const deep = (await open('hostile-deep', 'docker-compose.yml')).document;
    await hostAnswers();
    const [d] = await waitForSome('nesting-limit', () => ours(deep.uri, 'nesting-limit'));
    assert.match(d.message, /nest more than 200 levels/);
    const list = (await open('hostile-deep', 'compose.yml')).document;
    await hostAnswers();
    await waitForSome('service-name after the 150,000-item list', () => ours(list.uri, 'service-name'), 30_000);
    for (const x of [...ours(deep.uri), ...ours(list.uri)]) {
      assert.doesNotMatch(x.message, /RangeError|call stack|\n\s+at /, x.message);
      assert.ok(x.range.end.line < (x === undefined ? 0 : Math.max(deep.lineCount, list.lineCount)));
    }
  });
});
