import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { EngineError, SwarmClient, classifyNotManager, toEngineError } from '../../../src/docker/index';

/** What docker-modem rejects with for an HTTP error status. */
function modemError(statusCode: number, message: string): Error {
  return Object.assign(new Error(`(HTTP code ${statusCode}) unexpected - ${message} `), {
    statusCode,
    json: { message },
  });
}

test('socket errors map to unreachable / permission / timeout', () => {
  const sys = (code: string): Error => Object.assign(new Error(`connect ${code} /x.sock`), { code });
  assert.equal(toEngineError(sys('ENOENT')).kind, 'unreachable');
  assert.equal(toEngineError(sys('ECONNREFUSED')).kind, 'unreachable');
  assert.equal(toEngineError(sys('EACCES')).kind, 'permission');
  assert.equal(toEngineError(sys('ETIMEDOUT')).kind, 'timeout');
  assert.equal(toEngineError(Object.assign(new Error('All configured authentication methods failed'), { level: 'client-authentication' })).kind, 'permission');
  assert.equal(toEngineError('weird').kind, 'other');
});

test('HTTP statuses map to kinds, keeping the daemon words', () => {
  const nf = toEngineError(modemError(404, 'service abc not found'));
  assert.deepEqual([nf.kind, nf.statusCode, nf.message], ['not-found', 404, 'service abc not found']);
  assert.equal(toEngineError(modemError(409, 'name conflicts with an existing object')).kind, 'conflict');
  assert.equal(toEngineError(modemError(500, 'rpc error: code = Unknown desc = update out of sequence')).kind, 'out-of-sequence');
  assert.equal(toEngineError(modemError(500, 'something else')).kind, 'other');
  const ns = toEngineError(
    modemError(503, 'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.'),
  );
  assert.equal(ns.kind, 'not-swarm');
  const w = toEngineError(
    modemError(
      503,
      "This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state. Please run this command on a manager node or promote the current node to a manager.",
    ),
  );
  assert.equal(w.kind, 'worker');
  // Without a JSON body the modem prefix is stripped from the message.
  const bare = toEngineError(Object.assign(new Error('(HTTP code 502) unexpected - bad gateway '), { statusCode: 502 }));
  assert.equal(bare.message, 'bad gateway');
});

test('classifyNotManager trusts /info over the wording', () => {
  const e = new EngineError('not-swarm', 'This node is not a swarm manager.', 503);
  assert.equal(classifyNotManager(e, { Swarm: { LocalNodeState: 'active', ControlAvailable: false } }).kind, 'worker');
  assert.equal(classifyNotManager(e, { Swarm: { LocalNodeState: 'inactive', ControlAvailable: false } }).kind, 'not-swarm');
  const w = new EngineError('worker', 'x', 503);
  assert.equal(classifyNotManager(w, { Swarm: { LocalNodeState: 'inactive' } }).kind, 'not-swarm');
  assert.equal(classifyNotManager(e, undefined).kind, 'not-swarm');
  assert.equal(classifyNotManager(new EngineError('conflict', 'c', 409), undefined).kind, 'conflict');
});

// A fake engine on a unix socket: one endpoint never answers, swarm endpoints answer 503 like a non-swarm engine.
let dir: string;
let server: http.Server;
let hanging: net.Socket[] = [];
before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-fake-'));
  server = http.createServer((req, res) => {
    if (req.url?.startsWith('/_ping')) return; // never answer
    if (req.url?.startsWith('/info')) {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ Swarm: { LocalNodeState: 'inactive', ControlAvailable: false } }));
      return;
    }
    res.statusCode = 503;
    res.setHeader('Content-Type', 'application/json');
    res.end(
      JSON.stringify({
        message: 'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.',
      }),
    );
  });
  server.on('connection', (s) => hanging.push(s));
  await new Promise<void>((r) => server.listen(path.join(dir, 'd.sock'), r));
});
after(() => {
  for (const s of hanging) s.destroy();
  hanging = [];
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a silent engine gives kind timeout after the configured time', async () => {
  const client = SwarmClient.fromEnvironment({ host: `unix://${dir}/d.sock` }, { timeoutMs: 300 });
  const t0 = Date.now();
  await assert.rejects(client.ping(), (e: unknown) => e instanceof EngineError && e.kind === 'timeout' && /0\.3 s/.test(e.message));
  const took = Date.now() - t0;
  assert.ok(took >= 250 && took < 2000, `took ${took} ms`);
});

test('a caller abort rejects with the abort, not an EngineError', async () => {
  const client = SwarmClient.fromEnvironment({ host: `unix://${dir}/d.sock` }, { timeoutMs: 5000 });
  const ctl = new AbortController();
  setTimeout(() => ctl.abort(), 50);
  await assert.rejects(client.ping(ctl.signal), (e: unknown) => !(e instanceof EngineError));
});

test('503 from a non-swarm engine is not-swarm (checked with /info)', async () => {
  const client = SwarmClient.fromEnvironment({ host: `unix://${dir}/d.sock` });
  await assert.rejects(client.listNodes(), (e: unknown) => e instanceof EngineError && e.kind === 'not-swarm' && e.statusCode === 503);
});
