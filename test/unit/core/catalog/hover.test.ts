// Hover and go to definition of the catalog (src/core/catalog/hover.ts) on environment written as a list
// (`- AWS_URI=http://...`), the other form compose accepts; the map form is covered by fixtures.test.ts.
import assert from 'node:assert/strict';
import * as path from 'path';
import { test } from 'node:test';
import { definitionAt, hoverAt } from '../../../../src/core/catalog/hover';
import { lintTexts, VDIR } from '../../catalog-helpers';

const STACK = `version: '2'
services:
  minio:
    image: minio/minio:RELEASE.2016-10-07T01-16-39Z
    environment:
      - MINIO_ACCESS_KEY=minio
      - MINIO_SECRET_KEY=minio123
    networks:
      mender:
        aliases:
          - s3.docker.mender.io
  mender-deployments:
    image: mendersoftware/deployments:latest
    environment:
      - AWS_ACCESS_KEY_ID=minio
      - AWS_SECRET_ACCESS_KEY=minio123
      - "AWS_URI=http://s3.docker.mender.io:9000"
    networks:
      - mender
networks:
  mender:
`;

test('list-form environment: hover and definition on the host in "- AWS_URI=http://host:port"', () => {
  const file = path.join(VDIR, 'docker-compose.yml');
  const { project } = lintTexts({ 'docker-compose.yml': STACK });
  const at = STACK.indexOf('s3.docker.mender.io:9000') + 3;
  const h = hoverAt(project, file, at);
  assert.ok(h, 'a hover on the host');
  assert.match(h.markdown, /`s3.docker.mender.io` resolves to the network alias of service `minio` on network `mender`/);
  assert.match(h.markdown, /\*\*AWS_URI\*\* — read by deployments/);
  assert.equal(STACK.slice(h.span.start, h.span.end), 's3.docker.mender.io', 'the hover range is the host in the item');
  const def = definitionAt(project, file, at);
  assert.ok(def);
  assert.equal(def.start, STACK.indexOf('- s3.docker.mender.io') + 2, 'lands on the alias');
});

test('list-form environment: the variable name and an item with no value give no host hover', () => {
  const file = path.join(VDIR, 'docker-compose.yml');
  const text = STACK.replace('      - AWS_ACCESS_KEY_ID=minio\n', '      - AWS_ACCESS_KEY_ID\n');
  const { project } = lintTexts({ 'docker-compose.yml': text });
  assert.equal(hoverAt(project, file, text.indexOf('AWS_URI=') + 2), undefined);
  assert.equal(hoverAt(project, file, text.indexOf('- AWS_ACCESS_KEY_ID') + 4), undefined);
});
