// Streams that go quiet (issue #9, part 6): a loopback HTTP server plays an engine that sends the response
// headers of a log or event stream and then nothing, like a node that vanished or a half-open connection.
// Real sockets, the real client. Before the idle limits these reads waited forever (`doctor` hung).
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildExplorerTree, rowsOrProblem } from '../../../src/core/explorer';
import { EngineError, SwarmClient } from '../../../src/docker/index';

let server: http.Server;
let client: SwarmClient;
const open = new Set<http.ServerResponse>();

before(async () => {
  server = http.createServer((req, res) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    if (req.url?.startsWith('/events')) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      // One event, then silence.
      res.write(JSON.stringify({ Type: 'service', Action: 'update', Actor: { ID: 'x' }, time: 1 }) + '\n');
      return;
    }
    if (req.url?.includes('/logs')) {
      res.writeHead(200, { 'Content-Type': 'application/vnd.docker.multiplexed-stream' });
      // One framed stdout line, then silence.
      const line = Buffer.from('hello\n');
      const head = Buffer.alloc(8);
      head[0] = 1;
      head.writeUInt32BE(line.length, 4);
      res.write(Buffer.concat([head, line]));
      return;
    }
    res.writeHead(404).end('{"message":"no"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  client = SwarmClient.fromEnvironment({ host: `tcp://127.0.0.1:${port}` }, { timeoutMs: 2000 });
});

after(() => {
  client?.dispose();
  for (const r of open) r.destroy();
  server?.close();
});

test('a non-follow log read that goes quiet ends with a timeout error after the idle limit', { timeout: 10_000 }, async () => {
  const lines: string[] = [];
  const t0 = Date.now();
  await assert.rejects(
    (async () => {
      for await (const r of client.taskLogs('t1', { idleMs: 300 })) lines.push(r.line);
    })(),
    (err: unknown) => err instanceof EngineError && err.kind === 'timeout' && /sent nothing for 0\.3 s/.test(err.message),
  );
  assert.deepEqual(lines, ['hello'], 'what came before the silence is delivered');
  assert.ok(Date.now() - t0 < 3000);
});

test('without idleMs a non-follow read is bounded by the client timeout', { timeout: 10_000 }, async () => {
  const t0 = Date.now();
  await assert.rejects(
    (async () => {
      for await (const _ of client.serviceLogs('s1')) void _;
    })(),
    (err: unknown) => err instanceof EngineError && err.kind === 'timeout',
  );
  assert.ok(Date.now() - t0 >= 1900 && Date.now() - t0 < 6000);
});

test('a follow read has no idle limit: it runs until aborted', { timeout: 10_000 }, async () => {
  const ctl = new AbortController();
  setTimeout(() => ctl.abort(), 800);
  const lines: string[] = [];
  for await (const r of client.serviceLogs('s1', { follow: true, idleMs: 200 }, ctl.signal)) lines.push(r.line);
  assert.deepEqual(lines, ['hello']);
});

test('an event stream that goes quiet closes with a timeout error (the explorer then polls and subscribes again)', { timeout: 10_000 }, async () => {
  const events: unknown[] = [];
  const sub = await client.events({ idleMs: 300 }, (e) => events.push(e));
  const err = await sub.closed;
  assert.ok(err instanceof EngineError, String(err));
  assert.equal(err.kind, 'timeout');
  assert.match(err.message, /event stream from .* sent nothing for 0\.3 s/);
  assert.equal(events.length, 1);
});

test('a disposed event subscription closes without an error', { timeout: 10_000 }, async () => {
  const sub = await client.events({ idleMs: 5000 }, () => undefined);
  setTimeout(() => sub.dispose(), 100);
  assert.equal(await sub.closed, undefined);
});

test('an engine answer the tree cannot be built from becomes a problem row, not a rejection', () => {
  const r = rowsOrProblem(() => buildExplorerTree({ info: {}, nodes: [null as never], services: [], tasks: [], fetchedAt: 0 }), 'tcp://x:1');
  assert.ok(r.problem);
  assert.match(r.problem.message, /could not show the engine's answer/);
  assert.ok(r.rows.some((row) => row.kind === 'problem'));
  assert.ok(r.rows.some((row) => row.action === 'retry'));
});
