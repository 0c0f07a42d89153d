// Era facts checked against the components' own sources (see the catalog's notes), on the release corpus's stacks.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintStack } from '../../../../src/core/lint';
import { overlayReader } from '../../../../src/core/manifest/files';
import { FIXTURES } from '../../helpers';

const RELEASES = path.join(FIXTURES, 'releases');

/** Lints a corpus case with one of its files edited in memory. */
function lintEdited(line: string, files: string[], edit: (text: string) => string): ReturnType<typeof lintStack>['diagnostics'] {
  const abs = files.map((f) => path.join(RELEASES, line, f));
  const text = edit(fs.readFileSync(abs[0], 'utf8'));
  return lintStack({ files: abs, stackName: 'mender', reader: overlayReader(new Map([[abs[0], text]])) }).diagnostics;
}

const withoutNats = (t: string): string => {
  const out = t.replace(/^ +DEVICECONNECT_NATS_URI: .*\n/m, '');
  assert.notEqual(out, t, 'the fixture sets DEVICECONNECT_NATS_URI');
  return out;
};

for (const line of ['2.x', '3.x']) {
  test(`${line}: deviceconnect without DEVICECONNECT_NATS_URI is told its image defaults to localhost`, () => {
    // mendersoftware/deviceconnect's config/config.go before the mender-server monorepo: nats://localhost:4222.
    const d = lintEdited(line, ['docker-compose.yml'], withoutNats).filter(
      (x) => x.code === 'mender-missing-setting' && x.message.startsWith('"mender-deviceconnect"'),
    );
    assert.equal(d.length, 1, d.map((x) => x.message).join('\n'));
    assert.equal(d[0].severity, 'warning');
    assert.match(`${d[0].message} ${d[0].detail}`, /"mender-deviceconnect".*no NATS server.*none of DEVICECONNECT_NATS_URI is set.*nats:\/\/localhost:4222/);
  });
}
