// Loaded by the extension host (extensionTestsPath): runs every *.test.js next to it with mocha's tdd UI.
import * as fs from 'fs';
import Mocha from 'mocha';
import * as path from 'path';

interface Results {
  passed: string[];
  failed: { title: string; err: string }[];
  pending: string[];
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 20000, reporter: 'spec' });
  if (process.env.MENDER_SWARM_TEST_GREP) mocha.grep(process.env.MENDER_SWARM_TEST_GREP);
  for (const f of fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort())
    mocha.addFile(path.join(__dirname, f));
  const results: Results = { passed: [], failed: [], pending: [] };
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      // One line the scripts (and humans) read; the JSON is for scripts/test-host.mjs.
      console.log(`${results.passed.length} passed, ${results.failed.length} failed` + (results.pending.length ? `, ${results.pending.length} pending` : ''));
      if (process.env.MENDER_SWARM_HOST_RESULTS) fs.writeFileSync(process.env.MENDER_SWARM_HOST_RESULTS, JSON.stringify(results, null, 2));
      if (failures > 0) reject(new Error(`${failures} test(s) failed.`));
      else resolve();
    });
    runner.on('pass', (t) => results.passed.push(t.fullTitle()));
    runner.on('fail', (t, err: unknown) => results.failed.push({ title: t.fullTitle(), err: String(err) }));
    runner.on('pending', (t) => results.pending.push(t.fullTitle()));
  });
}
