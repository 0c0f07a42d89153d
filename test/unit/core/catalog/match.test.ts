import assert from 'node:assert/strict';
import { test } from 'node:test';
import { menderStack, parseImage } from '../../../../src/core/catalog/match';
import { lintFiles, lintTexts } from '../../catalog-helpers';

test('parseImage keeps the name under registry/tag variables', () => {
  assert.deepEqual(parseImage('${MENDER_SERVER_REGISTRY}/${MENDER_SERVER_REPOSITORY}/deployments:${TAG}'), {
    path: ['$', '$', 'deployments'],
    name: 'deployments',
    tag: undefined,
    variablePath: true,
  });
  assert.equal(parseImage('registry.mender.io/mendersoftware/deviceauth-enterprise:4.0').name, 'deviceauth-enterprise');
  assert.equal(parseImage('registry.mender.io/mendersoftware/deviceauth-enterprise:4.0').tag, '4.0');
  assert.equal(parseImage('localhost:5000/mendersoftware/gui@sha256:abc').name, 'gui');
  assert.equal(parseImage('localhost:5000/mendersoftware/gui@sha256:abc').tag, undefined);
});

test('parseImage: what the split-based parser gave, on every short reference built from its delimiters', () => {
  const VAR = /\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g;
  const before = (text: string): unknown => {
    const marked = text.trim().replace(VAR, '$');
    const noDigest = marked.split('@')[0];
    const slash = noDigest.lastIndexOf('/');
    const colon = noDigest.lastIndexOf(':');
    const repo = colon > slash ? noDigest.slice(0, colon) : noDigest;
    const tag = colon > slash ? noDigest.slice(colon + 1) : undefined;
    const path = repo.split('/');
    return {
      path,
      name: path[path.length - 1],
      tag: tag === '$' || tag === '' ? undefined : tag,
      variablePath: path.slice(0, -1).some((p) => p.includes('$')),
    };
  };
  const pieces = ['a', '/', ':', '@', '$', '${R}', '$X', ' ', '1'];
  const all = (prefix: string, left: number): void => {
    assert.deepEqual(parseImage(prefix), before(prefix), JSON.stringify(prefix));
    if (left) for (const p of pieces) all(prefix + p, left - 1);
  };
  all('', 5);
});

function matchOf(image: string | undefined, name: string, extra = '') {
  const img = image === undefined ? '' : `    image: ${image}\n`;
  const { project } = lintTexts({
    'docker-compose.yml': `services:\n  ${name}:\n${img}${extra}  mender-inventory:\n    image: mendersoftware/inventory:latest\n`,
  });
  return menderStack(project).services.get(name);
}

test('images match components whatever the registry, namespace, tag and edition', () => {
  assert.equal(matchOf('${MENDER_SERVER_REGISTRY}/${MENDER_SERVER_REPOSITORY}/deployments:${TAG}', 'x')?.component.id, 'deployments');
  assert.equal(matchOf('mendersoftware/deployments:latest', 'x')?.component.id, 'deployments');
  const ent = matchOf('registry.mender.io/mendersoftware/deviceauth-enterprise:4.0', 'x');
  assert.equal(ent?.component.id, 'deviceauth');
  assert.equal(ent?.edition, 'enterprise');
  // Components were versioned apart from Mender releases: a plain version narrows, a release tag decides.
  assert.equal(ent?.era, '3.x or current', "a plain component version 4.0 is 3.x or today's line");
  assert.equal(matchOf('mendersoftware/deviceauth:1.0.0', 'x')?.era, '2016 or 2.x', 'a plain 1.0.0 is 1.x or early 2.x');
  assert.equal(matchOf('mendersoftware/deviceauth:mender-2.6.1', 'x')?.era, '2.x', 'a release tag decides');
  assert.deepEqual(
    matchOf('mendersoftware/deviceauth:latest', 'x')?.eras,
    ['3.x', 'current'],
    'latest decides nothing: only the missing compose version (weakly) narrows',
  );
});

test('with an unset image variable, the service name decides', () => {
  for (const [name, id] of [
    ['deployments', 'deployments'],
    ['mender-deployments', 'deployments'],
    ['deviceauth', 'deviceauth'],
    ['mender-device-auth', 'deviceauth'],
  ]) {
    const m = matchOf('${UNSET_IMAGE}', name);
    assert.equal(m?.component.id, id, name);
    assert.equal(m?.via, 'name');
  }
  assert.equal(matchOf('mycorp/billing:1', 'billing'), undefined);
});

test('era per stack: the seed is 2016, the current fixture is current', () => {
  const seed = menderStack(lintFiles(['seed-2016/docker-compose.yml']).project);
  assert.equal(seed.era, '2016');
  assert.equal(seed.isMender, true);
  const cur = menderStack(lintFiles(['current-4x/docker-compose.yml', 'current-4x/docker-compose.storage-minio.yml']).project);
  assert.equal(cur.era, '3.x', 'its images are tagged mender-3.7.9');
  assert.equal(cur.services.get('mender-api-gateway')?.component.id, 'api-gateway');
  assert.equal(cur.services.get('mender-workflows-worker')?.component.id, 'workflows');
});

test('a stack without Mender services is left alone', () => {
  const { project, diagnostics } = lintTexts({
    'docker-compose.yml':
      'services:\n  db:\n    image: mongo:7\n  proxy:\n    image: traefik:v3\n  app:\n    image: mycorp/app\n    environment:\n      APP_MONGO: mongodb://db:27018\n',
  });
  assert.equal(menderStack(project).isMender, false);
  assert.deepEqual(
    diagnostics.filter((d) => d.code.startsWith('mender-')),
    [],
  );
});
