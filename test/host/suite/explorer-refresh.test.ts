// When the Swarm explorer refreshes (src/vscode/explorer/refresh.ts), in a real VS Code extension host against
// the harness swarm: only while the view is visible, from the engine's event stream and debounced, polling while
// the stream is down. The explorer talks to the engine through a small unix-socket proxy run by this test, which
// forwards to the harness socket and can cut, refuse or delay the event stream without touching the shared swarm.
import * as assert from 'assert';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { SwarmClient } from '../../../src/docker/client';
import type { EngineEvent, EventSubscription } from '../../../src/docker';
import type { ExplorerTestState } from '../../../src/vscode/explorer';
import { EXTENSION_ID, explorerState, sleep, untilExplorer } from './helpers';

const HOST = process.env.MENDER_SWARM_TEST_DOCKER_HOST || undefined;
const RUN = `r${Date.now().toString(36)}`;
const STACK = `mswr${RUN}`;
const LABEL = 'mender-swarm.test-run';
const SETTINGS = {
  host: 'menderSwarm.docker.host',
  debounce: 'menderSwarm.explorer.refreshDebounceMs',
  poll: 'menderSwarm.explorer.pollIntervalSeconds',
};

const state = explorerState;
const hasService = (s: ExplorerTestState, name: string): boolean => s.rows.some((r) => r.id.startsWith('service/') && r.label === name);

function until<T>(what: string, check: (s: ExplorerTestState) => T | undefined | false, timeoutMs = 10000): Promise<T> {
  return untilExplorer(what, check, timeoutMs, 100);
}

async function set(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration().update(key, value, vscode.ConfigurationTarget.Global);
}

const hideView = (): Thenable<unknown> => vscode.commands.executeCommand('workbench.view.explorer');
const showView = (): Thenable<unknown> => vscode.commands.executeCommand('menderSwarm.explorer.focus');

/** Forwards a unix socket to the harness engine; can refuse, delay and cut `/events` requests. */
class EngineProxy {
  readonly socketPath = path.join(os.tmpdir(), `msw-refresh-proxy-${process.pid}-${RUN}.sock`);
  /** Refuse new `/events` requests (the connection is closed before any answer). */
  refuseEvents = false;
  /** Hold new `/events` requests this long before forwarding them. */
  eventsDelayMs = 0;
  /** `/events` requests seen so far. */
  eventRequests = 0;
  private readonly conns = new Set<{ client: net.Socket; upstream: net.Socket; events: boolean }>();
  private readonly server = net.createServer((client) => this.accept(client));

  constructor(private readonly target: string) {}

  start(): Promise<void> {
    fs.rmSync(this.socketPath, { force: true });
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.socketPath, () => resolve());
    });
  }

  /** Connections currently carrying an event stream. */
  get eventStreams(): number {
    return [...this.conns].filter((c) => c.events).length;
  }

  /** Drops every event stream, as an engine restart or a network cut would. */
  cutEvents(): number {
    let n = 0;
    for (const c of this.conns) {
      if (!c.events) continue;
      c.client.destroy();
      c.upstream.destroy();
      n++;
    }
    return n;
  }

  async close(): Promise<void> {
    for (const c of this.conns) {
      c.client.destroy();
      c.upstream.destroy();
    }
    await new Promise<void>((r) => this.server.close(() => r()));
    fs.rmSync(this.socketPath, { force: true });
  }

  private accept(client: net.Socket): void {
    const upstream = net.connect(this.target);
    const conn = { client, upstream, events: false };
    this.conns.add(conn);
    const end = (): void => {
      this.conns.delete(conn);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    upstream.pipe(client);
    client.on('data', (chunk: Buffer) => {
      const request = /^[A-Z]+ (\S+) HTTP\/1\.[01]\r\n/.exec(chunk.toString('latin1', 0, Math.min(chunk.length, 2048)));
      if (request && /\/events(?:\?|$)/.test(request[1])) {
        this.eventRequests++;
        if (this.refuseEvents) {
          end();
          return;
        }
        conn.events = true;
        if (this.eventsDelayMs > 0) {
          client.pause();
          setTimeout(() => {
            upstream.write(chunk);
            client.resume();
          }, this.eventsDelayMs);
          return;
        }
      }
      upstream.write(chunk);
    });
  }
}

suite('Swarm explorer refresh', function () {
  this.timeout(60000);
  let client: SwarmClient | undefined;
  let proxy: EngineProxy | undefined;

  const createService = (name: string): Promise<unknown> =>
    client!.createService({
      Name: `${STACK}_${name}`,
      Labels: { 'com.docker.stack.namespace': STACK, [LABEL]: RUN },
      // No replicas: only service events, no task or container events trickling in afterwards.
      TaskTemplate: { ContainerSpec: { Image: 'local/busybox:1', Command: ['sleep', '100000'], Init: true } },
      Mode: { Replicated: { Replicas: 0 } },
      EndpointSpec: { Mode: 'dnsrr' },
    });
  const removeService = async (name: string): Promise<void> => {
    const [svc] = await client!.listServices({ filters: { name: [`${STACK}_${name}`] } });
    if (svc) await client!.removeService(svc.ID);
  };

  /** Waits until no refresh happened for `quietMs` (other suites' services may still be settling). */
  async function quiet(quietMs = 1500, timeoutMs = 15000): Promise<number> {
    const end = Date.now() + timeoutMs;
    let last = (await state()).refreshes;
    let since = Date.now();
    while (Date.now() < end) {
      await sleep(100);
      const now = (await state()).refreshes;
      if (now !== last) {
        last = now;
        since = Date.now();
      } else if (Date.now() - since >= quietMs) {
        return now;
      }
    }
    throw new Error(`the explorer kept refreshing for ${timeoutMs} ms`);
  }

  suiteSetup(async function () {
    if (!HOST) {
      if (process.env.CI) throw new Error('MENDER_SWARM_TEST_DOCKER_HOST is not set on CI');
      this.skip();
    }
    const target = new URL(HOST).pathname;
    client = SwarmClient.fromEnvironment({ host: HOST });
    proxy = new EngineProxy(target);
    await proxy.start();
    await set(SETTINGS.poll, 2);
    await set(SETTINGS.debounce, 800);
    await set(SETTINGS.host, `unix://${proxy.socketPath}`);
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await showView();
    await until('the tree through the proxy, following events', (s) => s.status === 'ok' && s.refreshMode === 'events' && s.visible && proxy!.eventStreams > 0);
  });

  suiteTeardown(async () => {
    if (!client) return;
    await set(SETTINGS.host, undefined);
    await set(SETTINGS.poll, undefined);
    await set(SETTINGS.debounce, undefined);
    await showView();
    const mine = await client.listServices({ filters: { label: [`${LABEL}=${RUN}`] } });
    await Promise.all(mine.map((s) => client!.removeService(s.ID)));
    client.dispose();
    await proxy?.close();
  });

  test('hidden: idle, no event subscription and no refresh; shown again: refreshes at once and follows events', async () => {
    await hideView();
    await until('the view hidden and the refresh idle', (s) => !s.visible && s.refreshMode === 'idle');
    // The aborted request's socket closes asynchronously.
    await until('no event stream open while hidden', () => proxy!.eventStreams === 0, 2000);
    const before = (await state()).refreshes;
    await createService('hidden');
    await sleep(2500); // well past the debounce (800 ms) and a poll interval (2 s)
    const hidden = await state();
    assert.strictEqual(hidden.refreshes, before, 'no refresh while hidden');
    assert.ok(!hasService(hidden, 'hidden'), 'the tree was not refreshed while hidden');
    assert.strictEqual(hidden.refreshMode, 'idle');

    const t0 = Date.now();
    await showView();
    await until('the new service after showing the view', (s) => hasService(s, 'hidden'), 5000);
    const elapsed = Date.now() - t0;
    assert.ok(elapsed < 2000, `shown -> refreshed in ${elapsed} ms, not after a debounce or poll`);
    const shown = await until('event mode', (s) => (s.refreshMode === 'events' ? s : undefined), 5000);
    assert.ok(shown.visible);
    assert.ok(shown.refreshes > before);
    assert.strictEqual(proxy!.eventStreams, 1, 'one event stream while visible');
  });

  test('a burst of engine events costs one refresh (debounced)', async () => {
    await showView();
    await until('event mode', (s) => s.refreshMode === 'events');
    const before = await quiet();
    // Count what the engine sends during the burst on a subscription of our own.
    const seen: EngineEvent[] = [];
    const sub: EventSubscription = await client!.events({ filters: { type: ['service'] } }, (e) => seen.push(e));
    try {
      const t0 = Date.now();
      for (const n of ['b1', 'b2', 'b3', 'b4']) await createService(n);
      await removeService('b1');
      await removeService('b2');
      const burstMs = Date.now() - t0;
      await until('the burst in the tree', (s) => hasService(s, 'b3') && hasService(s, 'b4') && !hasService(s, 'b1') && !hasService(s, 'b2'), 8000);
      await sleep(1500); // longer than the debounce: a second refresh would have happened by now
      const after = await state();
      const names = seen.map((e) => `${e.Action} ${e.Actor?.Attributes?.name ?? ''}`);
      assert.ok(seen.length >= 6, `the burst sent at least 6 service events: ${names.join(', ')}`);
      assert.strictEqual(after.refreshes - before, 1, `one refresh for ${seen.length} events in ${burstMs} ms (${names.join(', ')})`);
      assert.strictEqual(after.refreshMode, 'events');
    } finally {
      sub.dispose();
    }
  });

  test('hiding and showing the view while the event subscription is being set up still ends up following events', async () => {
    await hideView();
    await until('idle', (s) => s.refreshMode === 'idle');
    proxy!.eventsDelayMs = 1500;
    try {
      await showView(); // subscribes; the engine's answer is held back by the proxy
      await until('visible', (s) => s.visible, 3000);
      await hideView(); // while that subscription is still pending
      await until('hidden', (s) => !s.visible, 3000);
      await showView();
      await until('visible', (s) => s.visible, 3000);
      await until('event mode after the held-back subscription', (s) => s.refreshMode === 'events' && proxy!.eventStreams === 1, 8000);
    } finally {
      proxy!.eventsDelayMs = 0;
    }
    // And the stream is really followed: a change shows up without polling or manual refresh.
    await createService('after-race');
    await until('a service created after the race', (s) => hasService(s, 'after-race'), 5000);
  });

  test('stream down: polls (the tree still updates), then follows events again when the stream is back', async () => {
    await showView();
    await until('event mode', (s) => s.refreshMode === 'events' && proxy!.eventStreams === 1);
    proxy!.refuseEvents = true;
    try {
      assert.strictEqual(proxy!.cutEvents(), 1, 'the explorer event stream was cut');
      await until('polling mode', (s) => s.refreshMode === 'polling', 3000);
      const requestsWhileDown = proxy!.eventRequests;
      await createService('polled');
      const s = await until('the new service by polling', (st) => (hasService(st, 'polled') ? st : undefined), 2 * 2000 + 3000);
      assert.strictEqual(s.refreshMode, 'polling', 'the update came from polling');
      await until('a re-subscription attempt from a poll', () => proxy!.eventRequests > requestsWhileDown, 5000);
      assert.strictEqual((await state()).refreshMode, 'polling', 'still polling while the stream is refused');
    } finally {
      proxy!.refuseEvents = false;
    }
    await until('event mode again', (st) => st.refreshMode === 'events' && proxy!.eventStreams === 1, 2 * 2000 + 3000);
    await removeService('polled');
    await until('the removal by events', (st) => !hasService(st, 'polled'), 5000);
    assert.strictEqual((await state()).refreshMode, 'events');
  });
});
