import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { test } from 'node:test';

const ROOT = path.resolve(__dirname, '../../..');
interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string };
  completionEvents: string[];
}
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { commands: { command: string }[]; views: Record<string, { id: string }[]>; walkthroughs: { id: string; steps: Step[] }[] };
};
// Commands of the workbench itself a step may use (not ours, so not in contributes.commands).
const WORKBENCH = new Set(['workbench.actions.view.problems']);

test('the walkthrough follows the swarm guide, and each step ties to a real command and a page in the repo', () => {
  const [wt] = pkg.contributes.walkthroughs;
  assert.deepEqual(
    wt.steps.map((s) => s.id),
    ['connect', 'swarm', 'stack', 'findings', 'deploy', 'converge', 'scale'],
  );
  const ours = new Set(pkg.contributes.commands.map((c) => c.command));
  const views = new Set(
    Object.values(pkg.contributes.views)
      .flat()
      .map((v) => v.id),
  );
  const known = (cmd: string): boolean => ours.has(cmd) || WORKBENCH.has(cmd) || (cmd.endsWith('.focus') && views.has(cmd.slice(0, -'.focus'.length)));
  for (const s of wt.steps) {
    assert.ok(s.media.markdown && fs.existsSync(path.join(ROOT, s.media.markdown)), `${s.id}: media ${s.media.markdown}`);
    assert.ok(s.completionEvents.length > 0, `${s.id}: completes on something`);
    for (const e of s.completionEvents) {
      const [kind, what] = e.split(':');
      if (kind === 'onCommand') assert.ok(known(what), `${s.id}: ${e} is a real command`);
      else if (kind === 'onView') assert.ok(views.has(what), `${s.id}: ${e} is our view`);
      else assert.fail(`${s.id}: unexpected completion event ${e}`);
    }
    const links = [...s.description.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]);
    assert.ok(links.length > 0, `${s.id}: a button`);
    for (const l of links) assert.ok(known(l), `${s.id}: button ${l} runs a real command`);
  }
  // The .vsix carries the pages (vscodeignore keeps docs/walkthrough).
  assert.match(fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8'), /^!docs\/walkthrough\/\*\*$/m);
});
