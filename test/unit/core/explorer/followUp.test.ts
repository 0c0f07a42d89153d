import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { workInProgressElsewhere, type SwarmSnapshot } from '../../../../src/core/explorer/snapshot';
import type { XService, XTask } from '../../../../src/core/explorer/engineTypes';

const snap = (nodes: number, services: XService[], tasks: XTask[]): SwarmSnapshot =>
  ({ info: {}, nodes: Array.from({ length: nodes }, (_, i) => ({ ID: `n${i}` })), services, tasks, fetchedAt: 0 }) as SwarmSnapshot;
const svc = (running: number, desired: number): XService =>
  ({ ID: 's', Spec: { Mode: { Replicated: { Replicas: desired } } }, ServiceStatus: { RunningTasks: running, DesiredTasks: desired } }) as XService;
const task = (state: string, desired = 'running'): XTask => ({ ID: 't', DesiredState: desired, Status: { State: state } }) as XTask;

test('a settled swarm needs no timed refresh; a service below its count or a task between states does', () => {
  assert.equal(workInProgressElsewhere(snap(2, [svc(1, 1)], [task('running')])), false);
  assert.equal(workInProgressElsewhere(snap(2, [svc(0, 1)], [task('failed', 'shutdown')])), true, 'below desired: a restart may come');
  assert.equal(workInProgressElsewhere(snap(2, [svc(1, 1)], [task('starting')])), true, 'a task starting elsewhere');
  assert.equal(workInProgressElsewhere(snap(2, [svc(1, 1)], [task('shutdown', 'shutdown')])), false, 'history is settled');
  assert.equal(workInProgressElsewhere(snap(1, [svc(0, 1)], [task('starting')])), false, 'one node: its own events cover it');
});
