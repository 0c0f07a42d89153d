// One task-state vocabulary (src/core/taskStates.ts): no other module keeps its own list of failed states.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FAILED_TASK_STATES, isFailedTask, isLiveTask, isLostOrFailedTask, isSettledTask, TASK_STATES } from '../../../src/core/taskStates';
import { ROOT } from '../helpers';

function sources(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

test('every state but running is either live or settled; failed is settled and not live', () => {
  for (const s of TASK_STATES) {
    const t = { Status: { State: s } };
    if (s === 'running') assert.ok(isLiveTask(t) && isSettledTask(t));
    else assert.ok(isLiveTask(t) !== isSettledTask(t), s);
  }
  for (const s of FAILED_TASK_STATES) assert.ok(isSettledTask({ Status: { State: s } }) && !isLiveTask({ Status: { State: s } }));
  assert.ok(isLostOrFailedTask({ Status: { State: 'orphaned' } }) && !isFailedTask({ Status: { State: 'orphaned' } }));
});

test('no module but src/core/taskStates.ts lists the failed task states itself', () => {
  const owner = path.join(ROOT, 'src/core/taskStates.ts');
  const offenders = sources(path.join(ROOT, 'src')).filter((f) => f !== owner && /\[[^\]]*'failed',\s*'rejected'[^\]]*\]/.test(fs.readFileSync(f, 'utf8')));
  assert.deepEqual(
    offenders.map((f) => path.relative(ROOT, f)),
    [],
  );
});
