// The swarm log grammar (syntaxes/swarm-log.tmLanguage.json, language `mender-swarm-log`) tokenized by the real
// TextMate engine VS Code uses (vscode-textmate + the Oniguruma wasm from vscode-oniguruma), on lines written by
// the extension's own formatter (src/core/explorer/logs.ts formatLogLine), so grammar and writer cannot drift apart.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { formatLogLine, type LogNames } from '../../../../src/core/explorer/logs';

const ROOT = join(__dirname, '..', '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { languages: Array<{ id: string }>; grammars: Array<{ language: string; scopeName: string; path: string }> };
};
const contribution = pkg.contributes.grammars.find((g) => g.language === 'mender-swarm-log');

interface Token {
  text: string;
  scopes: string[];
}

let grammarPromise: Promise<textmate.IGrammar> | undefined;
function grammar(): Promise<textmate.IGrammar> {
  grammarPromise ??= (async () => {
    assert.ok(contribution, 'package.json contributes a grammar for mender-swarm-log');
    const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new textmate.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scopeName: string) => {
        if (scopeName !== contribution.scopeName) return null;
        const file = join(ROOT, contribution.path);
        return textmate.parseRawGrammar(readFileSync(file, 'utf8'), file);
      },
    });
    const g = await registry.loadGrammar(contribution.scopeName);
    assert.ok(g, `grammar ${contribution.scopeName} loads`);
    return g;
  })();
  return grammarPromise;
}

async function tokenize(line: string): Promise<Token[]> {
  const r = (await grammar()).tokenizeLine(line, textmate.INITIAL);
  return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
}

/**
 * The scopes of `text` in `line` (its first occurrence after `after`, if given): it must be exactly one token,
 * not split or merged with its neighbours.
 */
async function scopesOf(line: string, text: string, after?: string): Promise<string[]> {
  const tokens = await tokenize(line);
  const from = after === undefined ? 0 : line.indexOf(after) + after.length;
  const start = line.indexOf(text, from);
  assert.ok(start >= 0, `"${text}" occurs in the line`);
  let at = 0;
  for (const t of tokens) {
    if (at === start && t.text === text) return t.scopes;
    at += t.text.length;
  }
  const dump = tokens.map((t) => `${JSON.stringify(t.text)} ${t.scopes.slice(1).join(' ')}`).join('\n  ');
  assert.fail(`"${text}" is not one token of ${JSON.stringify(line)}:\n  ${dump}`);
}

/** All the scopes a token gets besides the grammar's root scope, as one string for regex checks. */
async function extra(line: string, text: string, after?: string): Promise<string> {
  return (await scopesOf(line, text, after)).filter((s) => s !== contribution!.scopeName).join(' ');
}

async function assertPlain(line: string, word: string): Promise<void> {
  const tokens = await tokenize(line);
  const start = line.indexOf(word);
  assert.ok(start >= 0);
  let at = 0;
  for (const t of tokens) {
    const end = at + t.text.length;
    if (end > start && at < start + word.length) {
      assert.deepEqual(
        t.scopes,
        [contribution!.scopeName],
        `"${word}" in ${JSON.stringify(line)} gets no scope, got ${t.scopes.join(' ')} on ${JSON.stringify(t.text)}`,
      );
    }
    at = end;
  }
}

// The names the explorer takes from its snapshot.
const SERVICE_ID = 'svc00000000000000000000001';
const NODE_ID = 'nd7x2k9q0w1e3r5t7y9u1i3o5';
const TASK_ID = 'b7ofnkc1e6xo4m2h8q0s5v9zd';
const GLOBAL_TASK_ID = 'k3j5h7g9f1d3s5a7p9o1i3u5y';
const names: LogNames = {
  service: (id) => (id === SERVICE_ID ? 'mender_api-gateway' : undefined),
  node: (id) => (id === NODE_ID ? 'worker1' : undefined),
  slot: (id) => (id === TASK_ID ? 1 : undefined),
};
const details = (taskId: string) => ({
  'com.docker.swarm.task.id': taskId,
  'com.docker.swarm.service.id': SERVICE_ID,
  'com.docker.swarm.node.id': NODE_ID,
});
const TS = '2026-11-25T13:52:35.123456789Z';

/** A line exactly as the Logs output channel shows it. */
function written(message: string, opts: { timestamps?: boolean; taskId?: string; width?: number } = {}): string {
  return formatLogLine({ stream: 'stdout', line: message, timestamp: TS, details: details(opts.taskId ?? TASK_ID) }, names, {
    timestamps: opts.timestamps ?? true,
    contextWidth: opts.width ?? 0,
  });
}

test('the grammar is contributed for the mender-swarm-log language', () => {
  assert.ok(pkg.contributes.languages.some((l) => l.id === 'mender-swarm-log'));
  assert.equal(contribution?.scopeName, 'text.log.mender-swarm');
});

test('prefix: timestamp, service, slot, task id and node get their scopes', async () => {
  const line = written('ERROR upstream not found', { width: 48 });
  assert.match(line, new RegExp(`^${TS} mender_api-gateway\\.1\\.b7ofnkc1e6xo@worker1 {8}\\| ERROR upstream not found$`));
  assert.match(await extra(line, `${TS} `), /^comment\.timestamp\.mender-swarm-log$/);
  assert.match(await extra(line, 'mender_api-gateway'), /^entity\.name\.function\.service\./);
  assert.match(await extra(line, '1', 'gateway.'), /^constant\.numeric\.slot\./);
  assert.match(await extra(line, 'b7ofnkc1e6xo'), /^constant\.language\.task-id\./);
  assert.match(await extra(line, '@worker1'), /^entity\.name\.tag\.node\./);
  assert.match(await extra(line, '|'), /^punctuation\.separator\./);
  assert.match(await extra(line, 'ERROR'), /\blog\.error\b/);
  await assertPlain(line, 'upstream');
  await assertPlain(line, 'not found');
});

test('prefix without timestamps (logTimestamps off) and of a global service (node id in the slot place)', async () => {
  const line = written('INFO ready', { timestamps: false });
  assert.equal(line, 'mender_api-gateway.1.b7ofnkc1e6xo@worker1 | INFO ready');
  assert.match(await extra(line, 'mender_api-gateway'), /^entity\.name\.function\.service\./);
  assert.match(await extra(line, 'b7ofnkc1e6xo'), /^constant\.language\.task-id\./);
  assert.match(await extra(line, '@worker1'), /^entity\.name\.tag\.node\./);
  assert.match(await extra(line, 'INFO'), /\blog\.info\b/);
  await assertPlain(line, 'ready');

  const global = written('started', { taskId: GLOBAL_TASK_ID });
  assert.equal(global, `${TS} mender_api-gateway.nd7x2k9q0w1e.k3j5h7g9f1d3@worker1 | started`);
  assert.match(await extra(global, 'nd7x2k9q0w1e'), /^constant\.numeric\.slot\./);
  assert.match(await extra(global, 'k3j5h7g9f1d3'), /^constant\.language\.task-id\./);
  assert.match(await extra(global, '@worker1'), /^entity\.name\.tag\.node\./);
  await assertPlain(global, 'started');
});

test('the task-context example of the issue: the application timestamp after the bar is coloured too', async () => {
  const line = 'mender-api-gateway.1.abc123def456@worker1 | 2026-11-25T10:00:00.000Z ERROR upstream not found';
  assert.match(await extra(line, 'mender-api-gateway'), /^entity\.name\.function\.service\./);
  assert.match(await extra(line, 'abc123def456'), /^constant\.language\.task-id\./);
  assert.match(await extra(line, '@worker1'), /^entity\.name\.tag\.node\./);
  assert.match(await extra(line, '2026-11-25T10:00:00.000Z'), /\bcomment\.timestamp\./);
  assert.match(await extra(line, 'ERROR'), /\blog\.error\b/);
  await assertPlain(line, 'upstream');

  const nginx = written('2026/11/25 10:00:00 [emerg] 1#1: host not found in upstream');
  assert.match(await extra(nginx, '2026/11/25 10:00:00'), /^comment\.timestamp\./);
  await assertPlain(nginx, 'host not found');
});

test('level words in their usual spellings get the level scopes', async () => {
  const cases: Array<[message: string, word: string, level: string]> = [
    ['ERROR upstream not found', 'ERROR', 'error'],
    ['error: cannot connect to mongo', 'error', 'error'],
    ['Error while loading config', 'Error', 'error'],
    ['FATAL out of memory', 'FATAL', 'error'],
    ['panic: runtime error: index out of range', 'panic', 'error'],
    ['CRITICAL disk full', 'CRITICAL', 'error'],
    ['time="2026-11-25" level=error msg="db down"', 'level=error', 'error'],
    ['WARN retrying in 5s', 'WARN', 'warning'],
    ['warning: deprecated flag', 'warning', 'warning'],
    ['time="2026-11-25" level=warning msg="slow"', 'level=warning', 'warning'],
    ['INFO listening on :8080', 'INFO', 'info'],
    ['level=info msg=started', 'level=info', 'info'],
    ['DEBUG cache miss', 'DEBUG', 'debug'],
    ['debug: cache miss', 'debug', 'debug'],
    ['TRACE entering handler', 'TRACE', 'verbose'],
    // nginx writes its level in brackets.
    ['2026/11/25 10:00:00 [emerg] 1#1: host not found in upstream "mender-useradm:8080"', 'emerg', 'error'],
    ['2026/11/25 10:00:00 [error] 7#7: *1 connect() failed', 'error', 'error'],
    ['2026/11/25 10:00:00 [crit] 7#7: open() failed', 'crit', 'error'],
    ['2026/11/25 10:00:00 [alert] 7#7: worker process exited on signal 9', 'alert', 'error'],
    ['2026/11/25 10:00:00 [warn] 1#1: conflicting server name', 'warn', 'warning'],
    ['2026/11/25 10:00:00 [notice] 1#1: start worker processes', 'notice', 'info'],
    ['2026/11/25 10:00:00 [info] 7#7: client closed connection', 'info', 'info'],
    ['2026/11/25 10:00:00 [debug] 7#7: epoll add event', 'debug', 'debug'],
  ];
  for (const [message, word, level] of cases) {
    const line = written(message);
    const scopes = await extra(line, word);
    assert.match(scopes, new RegExp(`\\blog\\.${level}\\b`), `${JSON.stringify(word)} in ${JSON.stringify(message)}: ${scopes}`);
    assert.doesNotMatch(scopes, /\bconstant\.|\bentity\./, `${word} is a level only`);
  }
});

test('ordinary words, including ones that contain a level word, get no scope', async () => {
  const cases: Array<[message: string, word: string]> = [
    ['upstream not found', 'upstream'],
    ['requested information about the device', 'information'],
    ['terror of the errorless', 'terror'],
    ['starting debugger session', 'debugger'],
    ['forewarned is forearmed', 'forewarned'],
    ['GET /api/devices 200 12ms', 'GET /api/devices 200 12ms'],
  ];
  for (const [message, word] of cases) await assertPlain(written(message), word);
});

test('swarm ids in a message are marked, the header lines are comments', async () => {
  const line = written(`task ${TASK_ID} on node ${NODE_ID} rejected`);
  assert.match(await extra(line, TASK_ID), /^constant\.language\.task-id\./);
  assert.match(await extra(line, NODE_ID), /^constant\.language\.task-id\./);
  await assertPlain(line, 'rejected');
  const header = '# service mender_api-gateway — last 200 lines';
  assert.match(await extra(header, header), /^comment\.line\./);
});
