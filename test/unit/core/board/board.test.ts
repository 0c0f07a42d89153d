// The swarm visualizer's board, from snapshots recorded on the two-node harness swarm (test/fixtures/engine/multi).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SwarmSnapshot, XInfo, XNode, XService, XTask } from '../../../../src/core/explorer';
import { buildBoard, FAILED_VISIBLE_MS } from '../../../../src/core/board/model';
import { renderBoardHtml } from '../../../../src/webview/swarm/render';
import { FIXTURES } from '../../helpers';

const read = <T>(name: string): T => JSON.parse(fs.readFileSync(path.join(FIXTURES, 'engine/multi', `${name}.json`), 'utf8')) as T;
const tasks = read<XTask[]>('tasks');
const latest = Math.max(...tasks.map((t) => Date.parse(t.Status?.Timestamp ?? '')));
const snap = (over: Partial<SwarmSnapshot> = {}): SwarmSnapshot => ({
  info: read<XInfo>('info'),
  nodes: read<XNode[]>('nodes'),
  services: read<XService[]>('services'),
  tasks,
  fetchedAt: latest + FAILED_VISIBLE_MS + 1,
  ...over,
});

test('nodes as columns (manager first), the tasks meant to run as cards, grouped by stack', () => {
  const b = buildBoard(snap());
  assert.deepEqual(
    b.columns.map((c) => [c.name, c.role, c.availability, c.state]),
    [
      ['vm', 'manager', 'active', 'ready'],
      ['worker1', 'worker', 'active', 'ready'],
    ],
  );
  const cards = b.columns.flatMap((c) => c.cards);
  assert.equal(cards.length, tasks.filter((t) => t.Status?.State === 'running' && t.DesiredState === 'running').length);
  assert.ok(cards.every((c) => c.tone === 'running' && c.stack === 'exmender'));
  assert.deepEqual(b.stacks, ['exmender']);
  const slot = cards.find((c) => c.slot);
  assert.ok(slot && slot.name === `${slot.service}.${slot.slot}` && slot.tag.length > 0);
});

test('a task that failed a moment ago shows, red, with its error; an hour later it is gone', () => {
  const failed = tasks.find((t) => t.Status?.State === 'failed')!;
  const at = Date.parse(failed.Status!.Timestamp!);
  const recent = buildBoard(snap({ tasks: [failed], fetchedAt: at + 1000 })).columns.flatMap((c) => c.cards);
  assert.equal(recent.length, 1);
  assert.equal(recent[0].tone, 'failed');
  assert.ok(recent[0].error, 'the error is on the card');
  assert.equal(buildBoard(snap({ tasks: [failed], fetchedAt: at + 3600_000 })).tasks, 0);
});

test('a drained node: its column says so and its tasks move (between states on the way)', () => {
  const nodes = read<XNode[]>('nodes').map((n) => (n.Spec?.Role === 'worker' ? { ...n, Spec: { ...n.Spec, Availability: 'drain' } } : n));
  const worker = nodes.find((n) => n.Spec?.Role === 'worker')!;
  const manager = nodes.find((n) => n.Spec?.Role === 'manager')!;
  const moved = tasks.filter((t) => t.Status?.State === 'running').map((t) => (t.NodeID === worker.ID ? { ...t, DesiredState: 'shutdown' } : t));
  const starting = {
    ...moved[0],
    ID: 'new-task',
    NodeID: manager.ID,
    Status: { State: 'preparing', Timestamp: new Date(latest).toISOString() },
    DesiredState: 'running',
  };
  const b = buildBoard(snap({ nodes, tasks: [...moved, starting] }));
  const w = b.columns.find((c) => c.id === worker.ID)!;
  assert.equal(w.availability, 'drain');
  assert.ok(
    w.cards.every((c) => c.desired === 'shutdown' && c.tone === 'moving'),
    "the worker's tasks are on their way out",
  );
  assert.equal(b.moving, w.cards.length + 1);
  const html = renderBoardHtml(b);
  assert.match(html, /class="column drain"/);
  assert.match(html, /aria-label="node worker1, worker, drain, ready: \d+ tasks?"/);
  assert.match(html, /class="card moving"[^>]*data-task="new-task"/);
});

test('filter by stack; unscheduled tasks in a column of their own; HTML escaped', () => {
  const svc = read<XService[]>('services')[0];
  const other: XService = { ...svc, ID: 'other', Spec: { ...svc.Spec, Name: '<b>x</b>', Labels: { 'com.docker.stack.namespace': 'topo-other' } } };
  const pending = {
    ...tasks[0],
    ID: 'pending-1',
    ServiceID: 'other',
    NodeID: undefined,
    DesiredState: 'running',
    Status: { State: 'pending', Err: 'no suitable node (1 node not available)' },
  };
  const b = buildBoard(snap({ services: [...read<XService[]>('services'), other], tasks: [...tasks, pending] }));
  assert.deepEqual(b.stacks, ['exmender', 'topo-other']);
  assert.equal(b.columns.at(-1)?.name, 'not scheduled');
  const html = renderBoardHtml(b, { stackFilter: 'topo-other' });
  assert.ok(!html.includes('<b>x</b>') && html.includes('&lt;b&gt;x&lt;/b&gt;'));
  assert.equal((html.match(/data-task=/g) ?? []).length, 1, "only the filtered stack's card");
  assert.match(html, /no suitable node/);
});
