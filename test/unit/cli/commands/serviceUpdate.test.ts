// `mender-swarm rollback` and `force-update`: argument checks (no engine needed; these exit before connecting).
// The real-swarm behaviour is in test/docker/service-update.test.ts.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { main } from '../../../../src/cli/main';

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, {
    stdout: (s) => {
      out += s;
    },
    stderr: (s) => {
      err += s;
    },
    env,
  });
  return { code, out, err };
}

test('rollback and force-update are listed in the help', async () => {
  const r = await cli(['--help']);
  assert.equal(r.code, 0);
  assert.match(r.out, /^ {2}rollback {2,}roll services back/m);
  assert.match(r.out, /^ {2}force-update {2,}replace every task/m);
});

for (const cmd of ['rollback', 'force-update']) {
  test(`${cmd}: usage errors exit 2 with the usage line, before any engine is contacted`, async () => {
    // An engine address that cannot answer: a usage error must be reported without trying it.
    const env = { DOCKER_HOST: 'unix:///nonexistent/msw-test.sock' };
    let r = await cli([cmd], env);
    assert.equal(r.code, 2);
    assert.match(r.err, /nothing to (roll back|force-update): give one or more SERVICE names/);
    assert.match(r.err, new RegExp(`usage: mender-swarm ${cmd} \\[--stack NAME\\] \\[--timeout SECONDS\\] \\[--detach\\] SERVICE\\.\\.\\.`));
    r = await cli([cmd, '--bogus', 'web'], env);
    assert.equal(r.code, 2);
    assert.match(r.err, /unknown option --bogus/);
    r = await cli([cmd, '--timeout', 'soon', 'web'], env);
    assert.equal(r.code, 2);
    assert.match(r.err, /--timeout wants seconds, got "soon"/);
    r = await cli([cmd, '--timeout', '-3', 'web'], env);
    assert.equal(r.code, 2);
    r = await cli([cmd, 'web=2'], env);
    assert.equal(r.code, 2);
    assert.match(r.err, /"web=2" is not a service name/);
    r = await cli([cmd, '--stack', 'a', '--stack', 'b', 'web'], env);
    assert.equal(r.code, 2);
    assert.match(r.err, /--stack given more than once/);
    r = await cli([cmd, '--detach=yes', 'web'], env);
    assert.equal(r.code, 2);
    assert.match(r.err, /--detach takes no value/);
  });

  test(`${cmd}: an engine that does not answer is exit 1 with the reason, not a usage error`, async () => {
    const r = await cli([cmd, '--timeout', '1', 'web'], { DOCKER_HOST: 'unix:///nonexistent/msw-test.sock' });
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, /^mender-swarm: .*(ENOENT|nonexistent)/);
  });
}
