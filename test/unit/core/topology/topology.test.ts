// The topology model: what the linter resolves, drawn as nodes and edges, with broken links carrying the message
// of the diagnostic that reports them, and the last good picture kept while the YAML does not parse.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { lintStack } from '../../../../src/core/lint';
import { buildTopology } from '../../../../src/core/topology/model';
import { TopologyKeeper } from '../../../../src/core/topology/keeper';
import { lintTexts, ROOT } from '../../helpers';

const STACK = `services:
  api:
    image: example/api:1
    environment:
      DB_URL: postgres://db:5432/app
      CACHE_HOST: cache
      QUEUE_URL: amqp://rabbit:5672
      MISSING_URL: http://nowhere-svc:8080
      PUBLIC_URL: https://api.github.com
    depends_on:
      - db
      - ghost
    networks: [back, front]
  db:
    image: postgres:16
    networks:
      back:
        aliases: [database]
  cache:
    image: redis:7
    networks: [other]
  rabbit:
    image: rabbitmq:3
    networks: [back, front]
networks:
  back:
  front:
  other:
`;

test('services, groups by shared networks, aliases and every link with its variable and port', () => {
  const { project, diagnostics } = lintTexts({ 'docker-compose.yml': STACK });
  const t = buildTopology(project, diagnostics);
  const svc = (id: string) => t.nodes.find((n) => n.id === id)!;
  assert.deepEqual(
    t.nodes.filter((n) => n.kind === 'service').map((n) => n.id),
    ['api', 'cache', 'db', 'rabbit'],
  );
  assert.equal(svc('api').group, svc('rabbit').group, 'same networks, same group');
  assert.notEqual(svc('api').group, svc('db').group);
  assert.deepEqual(
    t.groups.map((g) => g.label),
    ['back', 'back + front', 'other'],
  );
  assert.deepEqual(svc('db').aliases, ['database']);
  assert.equal(svc('db').image, 'postgres:16');
  const edge = (from: string, variable: string) => t.edges.find((e) => e.from === from && e.variable === variable)!;
  assert.deepEqual(
    { to: edge('api', 'DB_URL').to, label: edge('api', 'DB_URL').label, port: edge('api', 'DB_URL').port, broken: edge('api', 'DB_URL').broken },
    { to: 'db', label: 'DB_URL :5432', port: 5432, broken: undefined },
  );
  assert.equal(edge('api', 'QUEUE_URL').to, 'rabbit');
  // The line of the host in the value: where a click on the edge goes.
  assert.equal(edge('api', 'DB_URL').location.line, 4);
});

test('broken links are red with the message of the diagnostic the Problems panel shows', () => {
  const { project, diagnostics } = lintTexts({ 'docker-compose.yml': STACK });
  const t = buildTopology(project, diagnostics);
  const broken = t.edges.filter((e) => e.broken);
  // Each broken edge is one diagnostic, with its code and message as published.
  for (const e of broken) {
    const d = diagnostics.find((x) => x.code === e.broken!.code && x.message === e.broken!.message);
    assert.ok(d, `edge ${e.id} carries a published diagnostic`);
    assert.equal(d.range.start.line, e.location.line, `${e.id}: the diagnostic is where the edge points`);
  }
  const byHost = new Map(broken.map((e) => [e.host, e]));
  assert.equal(byHost.get('cache')?.broken?.code, 'unshared-network');
  assert.equal(byHost.get('cache')?.to, 'cache', 'a host on a network not shared points at the service that answers it');
  assert.equal(byHost.get('nowhere-svc')?.broken?.code, 'unresolved-host');
  assert.equal(t.nodes.find((n) => n.id === byHost.get('nowhere-svc')!.to)?.kind, 'missing');
  assert.equal(byHost.get('ghost')?.broken?.code, 'unknown-service');
  // Public DNS is no broken link: drawn as outside the stack, not red.
  const pub = t.edges.find((e) => e.host === 'api.github.com')!;
  assert.equal(pub.broken, undefined);
  assert.equal(t.nodes.find((n) => n.id === pub.to)?.kind, 'external');
  // Every link diagnostic of the stack is on the picture.
  const linkCodes = new Set([
    'unresolved-host',
    'unshared-network',
    'unknown-service',
    'mender-implicit-host',
    'mender-unresolved-endpoint',
    'mender-gateway-upstream',
  ]);
  assert.equal(broken.length, diagnostics.filter((d) => linkCodes.has(d.code)).length);
  assert.equal(t.nodes.find((n) => n.id === 'api')?.severity, 'error', 'a service with an error in it is marked');
});

test('the broken demo stack: Mender default hosts from the catalog, depends_on, errors on services', () => {
  const file = path.join(ROOT, 'examples/mender-2016/docker-compose.broken.yml');
  const { project, diagnostics } = lintStack({ files: [file], env: {} });
  const t = buildTopology(project, diagnostics);
  const red = t.edges
    .filter((e) => e.broken)
    .map((e) => `${e.from} -> ${e.host} [${e.broken!.code}]`)
    .sort();
  // No inventory edge: with latest tags and no inventory in the file, it may be a stack from before 1.0, whose
  // deployments called no inventory (only what every candidate era shares is drawn).
  assert.deepEqual(red, ['mender-deployments -> mender-mongo-deployments [unknown-service]', 'mender-deployments -> mongo-deployments [mender-implicit-host]']);
  const def = t.edges.find((e) => e.variable === 'DEPLOYMENTS_MONGO_URL')!;
  assert.equal(def.kind, 'default');
  assert.equal(def.label, 'DEPLOYMENTS_MONGO_URL :27017 (default)');
  // duplicate-key is a warning (docker stack deploy takes the last value): the box is marked with it.
  assert.equal(t.nodes.find((n) => n.id === 'mender-gui')?.severity, 'warning', 'the duplicate image key marks mender-gui');
});

test('the gateway routes and default hosts of the working 2016 stack all resolve', () => {
  const file = path.join(ROOT, 'examples/mender-2016/docker-compose.yml');
  const { project, diagnostics } = lintStack({ files: [file], env: {} });
  const t = buildTopology(project, diagnostics);
  const routes = t.edges.filter((e) => e.kind === 'route');
  assert.ok(routes.length >= 5, 'the gateway routes to the backends');
  assert.ok(routes.every((e) => !e.broken && t.nodes.find((n) => n.id === e.to)?.kind === 'service'));
  // The client reaches minio by its alias: the edge ends at the service that answers the alias.
  const s3 = t.edges.find((e) => e.host === 's3.docker.mender.io' && e.from === 'mender-client');
  assert.equal(s3?.to, 'minio');
  assert.ok(t.nodes.find((n) => n.id === 'minio')!.aliases.includes('s3.docker.mender.io'));
});

test('the same stack gives the same picture (stable order for a stable layout)', () => {
  const a = lintTexts({ 'docker-compose.yml': STACK });
  const b = lintTexts({ 'docker-compose.yml': STACK.replace('postgres://db:5432/app', 'postgres://db:5432/other') });
  const ta = buildTopology(a.project, a.diagnostics);
  const tb = buildTopology(b.project, b.diagnostics);
  assert.deepEqual(
    ta.nodes.map((n) => n.id),
    tb.nodes.map((n) => n.id),
  );
  assert.deepEqual(
    ta.edges.map((e) => e.id),
    tb.edges.map((e) => e.id),
  );
});

test('broken YAML: the last good picture stays, under a banner saying what and where', () => {
  const keeper = new TopologyKeeper();
  const good = lintTexts({ 'docker-compose.yml': STACK });
  const first = keeper.next(good.project, good.diagnostics);
  assert.equal(first.banner, undefined);
  const broken = lintTexts({ 'docker-compose.yml': STACK.replace('  db:\n', '  db: [\n') });
  assert.ok(broken.diagnostics.some((d) => d.code === 'yaml-syntax'));
  const view = keeper.next(broken.project, broken.diagnostics);
  assert.deepEqual(view.topology, first.topology, 'the last good picture');
  assert.match(view.banner ?? '', /^docker-compose\.yml:\d+: YAML syntax: .*last picture/);
  // Fixed again: the banner goes.
  const again = keeper.next(good.project, good.diagnostics);
  assert.equal(again.banner, undefined);
  // Broken from the start: what can be read, and the banner (never nothing).
  const fresh = new TopologyKeeper().next(broken.project, broken.diagnostics);
  assert.ok(fresh.banner);
  assert.ok(Array.isArray(fresh.topology.nodes));
});

test('layout (elkjs) and SVG: no overlapping boxes, every link drawn, red ones marked, labelled for screen readers', async () => {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const { layoutTopology, layoutKey } = await import('../../../../src/webview/topology/layout');
  const { renderTopologySvg } = await import('../../../../src/webview/topology/render');
  const file = path.join(ROOT, 'examples/mender-2016/docker-compose.broken.yml');
  const { project, diagnostics } = lintStack({ files: [file], env: {} });
  const t = buildTopology(project, diagnostics);
  const laid = await layoutTopology(t, new ELK());
  const boxes = [...laid.nodes.values()];
  assert.equal(boxes.length, t.nodes.length);
  for (const a of boxes)
    for (const b of boxes) {
      if (a === b) continue;
      assert.ok(a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y, `${a.id} and ${b.id} overlap`);
    }
  for (const e of t.edges) assert.ok((laid.edges.get(e.id)?.points.length ?? 0) >= 2, `${e.id} has a route`);
  const svg = renderTopologySvg(t, laid);
  assert.equal((svg.match(/class="edge broken/g) ?? []).length, t.edges.filter((e) => e.broken).length);
  assert.match(svg, /aria-label="broken link from mender-deployments to mender-mongo-deployments: depends_on\. &quot;mender-deployments&quot; depends on/);
  assert.match(svg, /class="node service warning" data-node="mender-gui"/);
  // A changed port leaves the layout key alone (the boxes stay), a new service changes it.
  const moved = { ...t, edges: t.edges.map((e) => ({ ...e, label: e.label.replace('9000', '9001') })) };
  assert.equal(layoutKey(moved), layoutKey(t));
  assert.notEqual(layoutKey({ ...t, nodes: [...t.nodes, { ...t.nodes[0], id: 'extra' }] }), layoutKey(t));
});
