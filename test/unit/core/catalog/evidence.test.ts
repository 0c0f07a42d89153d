import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hoverAt } from '../../../../src/core/catalog/hover';
import { menderStack } from '../../../../src/core/catalog/match';
import type { Diagnostic } from '../../../../src/core/diagnostic';
import { lintTexts, VDIR } from '../../catalog-helpers';
import { said } from '../../said';

const mender = (ds: Diagnostic[]): Diagnostic[] => ds.filter((d) => d.code.startsWith('mender-'));

test('a generic stack with services named like Mender components gets no Mender finding', () => {
  const text = `services:
  inventory:
    image: mycompany/inventory-api:2.1
  deployments:
    image: mycompany/deployments-svc:3
  workflows:
    image: mycompany/workflows
  mongo:
    image: mongo:7
`;
  const { project, diagnostics } = lintTexts({ 'docker-compose.yml': text });
  assert.equal(menderStack(project).isMender, false);
  assert.deepEqual(mender(diagnostics), []);
});

test('a service is Mender on its own variables, or beside Mender components; a name alone is not enough', () => {
  const own = lintTexts({
    'docker-compose.yml':
      'services:\n  inventory:\n    image: mycompany/inv:1\n    environment:\n      INVENTORY_MONGO: mongodb://db:27017\n  db:\n    image: mongo:7\n',
  });
  assert.match(menderStack(own.project).services.get('inventory')!.whyComponent, /sets INVENTORY_MONGO/);
  const beside = lintTexts({
    'docker-compose.yml': 'services:\n  inventory:\n    image: mycompany/inv:1\n  mender-useradm:\n    image: mendersoftware/useradm:mender-2.6.0\n',
  });
  assert.match(menderStack(beside.project).services.get('inventory')!.whyComponent, /beside Mender components \("mender-useradm"\)/);
});

test('the era from the variables set: AWS_URI with a latest tag is the 1.x line or before, so no missing storage endpoint', () => {
  const text = `version: '3.7'
services:
  mender-deployments:
    image: mendersoftware/deployments:latest
    environment:
      AWS_URI: http://minio:9000
  minio:
    image: minio/minio
`;
  const { project, diagnostics } = lintTexts({ 'docker-compose.yml': text });
  const m = menderStack(project).services.get('mender-deployments')!;
  assert.deepEqual(m.eras, ['0.x', '2016']);
  assert.match(m.eraReason, /sets AWS_URI, read in 0\.x, 2016/);
  assert.deepEqual(
    diagnostics.filter((d) => d.code === 'mender-missing-setting'),
    [],
  );
});

test("another era's spelling: read by that era, the images of this stack read another name (with a rename fix)", () => {
  const text = `services:
  mender-deployments:
    image: mendersoftware/deployments:mender-3.7.0
    environment:
      AWS_URI: http://minio:9000
  minio:
    image: minio/minio
`;
  const d = lintTexts({ 'docker-compose.yml': text }).diagnostics.filter((x) => x.code === 'mender-unread-variable');
  assert.equal(d.length, 1);
  assert.equal(d[0].range.start.line, 4);
  assert.match(said(d[0]), /read by deployments in era 0\.x, 2016; the images of this stack \(era 3\.x, from .*mender-3\.7\.0.*\) read DEPLOYMENTS_AWS_URI/);
  assert.equal(d[0].fixes?.[0].title, 'Rename to DEPLOYMENTS_AWS_URI');
});

test('the 2.x line gets its findings: a MongoDB alias missing in a mender-2.6 stack', () => {
  const text = `version: '2.1'
services:
  mender-inventory:
    image: mendersoftware/inventory:mender-2.6.0
  mender-mongo:
    image: mongo:4.4
    networks:
      default:
        aliases: [mongo-deployments]
`;
  const d = lintTexts({ 'docker-compose.yml': text }).diagnostics.filter((x) => x.code === 'mender-implicit-host');
  assert.equal(d.length, 1);
  assert.match(
    said(d[0]),
    /"mongo-inventory:27017" by default \(INVENTORY_MONGO is not set; catalog: default "mongo-inventory:27017" of inventory in the 2\.x era\)/,
  );
});

test('a stack from before 1.0 (latest tags, no inventory or user administration): no route or host of 1.0 is asked of it', () => {
  // Device admission and AWS_URI say 1.x or before; nothing says which. The gateway of 1.0 routes to inventory and
  // useradm (an error when they are missing: nginx exits), the one before proxied three services: silence, not a guess.
  const text = `version: '2'
services:
  mender-deployments:
    image: mendersoftware/deployments:latest
    environment:
      AWS_URI: http://fake-s3:4569
  mender-device-auth:
    image: mendersoftware/deviceauth:latest
  mender-device-adm:
    image: mendersoftware/deviceadm:latest
  mender-api-gateway:
    image: mendersoftware/api-gateway:latest
  fake-s3:
    image: lphoward/fake-s3
`;
  const { project, diagnostics } = lintTexts({ 'docker-compose.yml': text });
  const gw = menderStack(project).services.get('mender-api-gateway')!;
  assert.deepEqual(gw.eras, ['0.x', '2016']);
  assert.match(gw.eraReason, /candidates 0\.x, 2016: only what holds in all of them applies/);
  assert.deepEqual(
    diagnostics.filter((d) => d.code.startsWith('mender-') && /inventory|useradm/.test(d.message)).map((d) => d.message),
    [],
  );
  assert.equal(diagnostics.filter((d) => d.severity === 'error').length, 0);
});

test("NATS of workflows: within 3.x checked only when the stack runs one (3.0 and 3.1 had none); today's line needs it", () => {
  const stack = (tag: string) => `services:
  mender-workflows-server:
    image: mendersoftware/workflows:${tag}
  mender-mongo:
    image: mongo:4.4
`;
  const nats = (tag: string) =>
    lintTexts({ 'docker-compose.yml': stack(tag) }).diagnostics.filter((d) => d.code === 'mender-implicit-host' && /nats/.test(d.message));
  assert.deepEqual(nats('mender-3.1.1'), []);
  assert.equal(nats('mender-4.0.0').length, 1);
});

test('the 2.x enterprise line reads the audit switches its auditlogs overlay sets', () => {
  const text = `services:
  mender-useradm:
    image: registry.mender.io/mendersoftware/useradm-enterprise:saas-v2020.10.14
    environment:
      USERADM_ENABLE_AUDIT: 1
  mender-deployments:
    image: registry.mender.io/mendersoftware/deployments-enterprise:saas-v2020.10.14
    environment:
      DEPLOYMENTS_ENABLE_AUDIT: 1
`;
  const d = lintTexts({ 'docker-compose.yml': text }).diagnostics;
  assert.deepEqual(
    d.filter((x) => x.code === 'mender-unread-variable').map((x) => x.message),
    [],
  );
});

test('missing evidence: only what holds in every candidate era', () => {
  // latest decides nothing; compose 2.1 leaves 1.x, 2.x and 3.x. Device admission's address (1.x only) and the
  // orchestrator's (no default all of them share) are not reported; inventory's default, the same in all, is.
  const text = `version: '2.1'
services:
  mender-device-auth:
    image: mendersoftware/deviceauth:latest
  mender-mongo:
    image: mongo
    networks:
      default:
        aliases: [mongo-device-auth]
`;
  const { project, diagnostics } = lintTexts({ 'docker-compose.yml': text });
  assert.deepEqual(menderStack(project).services.get('mender-device-auth')?.eras, ['2016', '2.x', '3.x']);
  assert.deepEqual(
    diagnostics.filter((d) => d.code === 'mender-implicit-host').map((d) => said(d).match(/at "([^"]+)"/)?.[1]),
    ['mender-inventory:8080'],
  );
});

test('hover on a Mender service says the era assumed and why, and why it is a Mender component', () => {
  const text = 'services:\n  mender-deployments:\n    image: mendersoftware/deployments:mender-2.6.0\n';
  const { project } = lintTexts({ 'docker-compose.yml': text });
  const h = hoverAt(project, `${VDIR}/docker-compose.yml`, text.indexOf('mender-deployments') + 2);
  assert.ok(h);
  assert.match(h.markdown, /Taken for deployments because its image is Mender's "deployments"/);
  assert.match(h.markdown, /Era assumed: \*\*2\.x\*\* \(Mender 2\.x .*\); from mender-deployments: image tag "mender-2\.6\.0"/);
});
