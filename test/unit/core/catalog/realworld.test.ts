import assert from 'node:assert/strict';
import { test } from 'node:test';
import raw from '../../../../src/core/catalog/mender-catalog.json';
import { validateCatalog } from '../../../../src/core/catalog/load';
import { menderStack } from '../../../../src/core/catalog/match';
import type { Catalog } from '../../../../src/core/catalog/model';
import type { Diagnostic } from '../../../../src/core/diagnostic';
import { codes, lintTexts } from '../../catalog-helpers';
import { said } from '../../said';

/**
 * Catalog false positives found on real Mender compose files (integration's overlays, 2020 SaaS-tagged stacks),
 * each reduced to a few hand-written lines.
 */

const only = (ds: Diagnostic[], code: string): Diagnostic[] => ds.filter((d) => d.code === code);
const eraOf = (text: string, service: string): string | undefined => menderStack(lintTexts({ 'docker-compose.yml': text }).project).services.get(service)?.era;

test('an overlay linted alone (services without image) gets no Mender cross-service findings, only the partial-stack note', () => {
  // Like integration's docker-compose.storage.minio.yml: the gateway and deployments are defined in the base file.
  const { diagnostics } = lintTexts({
    'docker-compose.storage.minio.yml': `version: '2.1'
services:
  minio:
    image: minio/minio:RELEASE.2019-04-23T23-50-36Z
    networks:
      mender:
        aliases: [minio.s3.docker.mender.io]
    command: server /export
  mender-api-gateway:
    environment:
      STORAGE_URL: s3.docker.mender.io
  mender-deployments:
    depends_on: [minio]
networks:
  mender:
`,
  });
  assert.deepEqual(codes(diagnostics), []);
  assert.equal(only(diagnostics, 'partial-stack').length, 1);
});

test('an enterprise overlay alone: an added service with an image does not make the fragments whole', () => {
  const { diagnostics } = lintTexts({
    'docker-compose.enterprise.yml': `services:
  mender-tenantadm:
    image: mendersoftware/tenantadm:mender-3.7.0
  mender-device-auth:
    environment:
      DEVICEAUTH_TENANTADM_ADDR: http://mender-tenantadm:8080
  mender-useradm:
    environment:
      USERADM_TENANTADM_ADDR: http://mender-tenantadm:8080
`,
  });
  assert.deepEqual(codes(diagnostics), [], 'no implicit-host, missing-file or gateway finding for services defined elsewhere');
});

/** A Mender 2.x-era stack as Mender's SaaS builds tag it: no deviceadm (gone since 2.0), no NATS (workflows used none yet). */
const saas2020 = (tag = 'saas-v2020.10.14'): string => `version: '2.1'
services:
  mender-api-gateway:
    image: mendersoftware/api-gateway:${tag}
  mender-device-auth:
    image: mendersoftware/deviceauth:${tag}
  mender-deployments:
    image: mendersoftware/deployments:${tag}
  mender-inventory:
    image: mendersoftware/inventory:${tag}
  mender-useradm:
    image: mendersoftware/useradm:${tag}
  mender-gui:
    image: mendersoftware/gui:${tag}
  mender-workflows-server:
    image: mendersoftware/workflows:${tag}
  mender-mongo:
    image: mongo:4.4
    networks:
      default:
        aliases: [mongo-deployments, mongo-device-auth, mongo-inventory, mongo-useradm, mongo-workflows]
`;

test('saas-vYYYY.MM.DD tags of 2020 are the 2.x line: no 2016 routes, no NATS', () => {
  const { project, diagnostics } = lintTexts({ 'docker-compose.yml': saas2020() });
  const stack = menderStack(project);
  assert.equal(stack.services.get('mender-api-gateway')?.era, '2.x', 'the nginx gateway of 2.x: no device admission route');
  assert.equal(stack.services.get('mender-workflows-server')?.era, '2.x');
  assert.equal(stack.era, '2.x');
  // Only the 2.x storage setting: without a storage overlay deployments would talk to Amazon S3 (a warning, no MinIO here).
  assert.deepEqual(
    diagnostics.filter((d) => d.code.startsWith('mender-')).map((d) => `${d.code}/${d.severity}`),
    ['mender-missing-setting/warning'],
    'no mender-device-adm upstream, no mender-nats:4222, no DEPLOYMENTS_MONGO-URL / AWS_URI requirement',
  );
  assert.match(said(only(diagnostics, 'mender-missing-setting')[0]), /none of DEPLOYMENTS_AWS_URI is set/);
});

test('date tags inside an era map to it, and candidates keep only the defaults every one of them shares', () => {
  assert.equal(eraOf('services:\n  d:\n    image: mendersoftware/deployments:saas-v2023.05.02\n', 'd'), '3.x');
  assert.equal(eraOf('services:\n  d:\n    image: mendersoftware/deployments:saas-v2025.01.02\n', 'd'), 'current');
  assert.equal(eraOf('services:\n  d:\n    image: mendersoftware/deviceauth:saas-v2017.3.1\n', 'd'), '2016');
  assert.equal(eraOf('services:\n  d:\n    image: mendersoftware/deviceauth:mender-2.6.0\n', 'd'), '2.x');
  assert.equal(
    eraOf('services:\n  d:\n    image: mendersoftware/deviceauth:saas-v2015.3.1\n', 'd'),
    '3.x or current',
    'a date no era holds is no evidence (no version: 3.x or today)',
  );
  // DEVICEAUTH_MONGO defaults to mongo-device-auth in every era: still a finding when nothing answers it.
  const text = saas2020().replace('mongo-device-auth, ', '');
  const d = only(lintTexts({ 'docker-compose.yml': text }).diagnostics, 'mender-implicit-host');
  assert.equal(d.length, 1);
  assert.match(said(d[0]), /"mender-device-auth" .*"mongo-device-auth" by default \(DEVICEAUTH_MONGO is not set/);
});

test('a service whose image is absent or unknown does not take the 2016 era from compose version 2.x', () => {
  const text = `version: '2.1'
services:
  mender-deployments:
    build: ./deployments
  mender-api-gateway:
    image: mycorp/gateway:7
  mender-inventory:
    image: mendersoftware/inventory:latest
`;
  const { project, diagnostics } = lintTexts({ 'docker-compose.yml': text });
  const stack = menderStack(project);
  // Compose version 2.1 is what Mender's own files of 1.x, 2.x and 3.x say: it narrows, it does not decide.
  assert.deepEqual(stack.services.get('mender-deployments')?.eras, ['2016', '2.x', '3.x']);
  assert.deepEqual(
    stack.services.get('mender-api-gateway')?.eras,
    ['2016', '2.x', '3.x'],
    'taken for the gateway only because Mender components are beside it',
  );
  assert.deepEqual(stack.services.get('mender-inventory')?.eras, ['2016', '2.x', '3.x']);
  assert.deepEqual(only(diagnostics, 'mender-gateway-upstream'), [], 'no 2016 nginx routes for an unknown gateway image');
  assert.ok(!diagnostics.some((d) => /DEPLOYMENTS_MONGO-URL/.test(said(d))), 'no 2016-only default');
  // The storage endpoint is missing in every candidate era; either era's name for it would do.
  assert.match(said(only(diagnostics, 'mender-missing-setting')[0]), /none of DEPLOYMENTS_AWS_URI, AWS_URI is set/);
});

test('STORAGE_URL of the traefik gateway is a name it serves, not a link; other variables with that host still are', () => {
  const text = `services:
  mender-api-gateway:
    image: traefik:v3.3
    command: [--providers.file.directory=/etc/traefik/config]
    environment:
      STORAGE_URL: s3.docker.mender.io
  mender-deployments:
    image: mendersoftware/deployments:mender-3.7.0
    environment:
      DEPLOYMENTS_AWS_URI: http://minio:9000
  minio:
    image: minio/minio:latest
    networks:
      default:
        aliases: [minio.s3.docker.mender.io]
  app:
    image: mycorp/uploader:1
    environment:
      UPLOAD_HOST: s3.docker.mender.io
`;
  const d = only(lintTexts({ 'docker-compose.yml': text }).diagnostics, 'unresolved-host');
  assert.deepEqual(
    d.map((x) =>
      said(x)
        .match(/used in (\S+) of "([^"]+)"/)
        ?.slice(1)
        .join(' '),
    ),
    ['UPLOAD_HOST app'],
  );
});

test('the catalog validates date tags, and tag eras name known eras', () => {
  const c = JSON.parse(JSON.stringify(raw)) as Catalog;
  assert.ok(validateCatalog(c).tagEras.every((t) => t.eras.length > 0));
  const bad = JSON.parse(JSON.stringify(raw)) as Catalog;
  bad.tagEras[0].eras = ['1.9'];
  assert.throws(() => validateCatalog(bad), /tagEras\[0\]: unknown era "1.9"/);
  c.tagDates = [{ pattern: '^saas-v(\\d{4})', what: 'x' }];
  assert.throws(() => validateCatalog(c), /tagDates\[0\]\.pattern: needs a named group "year"/);
  const e = JSON.parse(JSON.stringify(raw)) as Catalog;
  e.eras[0].dates = { until: '2019' };
  assert.throws(() => validateCatalog(e), /eras\[0\] "0\.x"\.dates\.until: must be a date YYYY-MM-DD/);
});
