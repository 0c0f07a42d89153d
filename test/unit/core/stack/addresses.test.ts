// network-addresses: the addresses a stack's services need on each overlay network, against its subnet.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { addressDemand, parseCidr, usableAddresses } from '../../../../src/core/stack/addresses';
import { lintTexts, only, textAt } from '../../helpers';
import { said } from '../../said';

const lint = (text: string): ReturnType<typeof only> => only(lintTexts({ 'c.yml': text }, { stackName: 'scl' }).diagnostics, 'network-addresses');

/** `n` services of `replicas` each, on `nets` (a list of network names, or none for the default network). */
function stack(n: number, replicas: number, opts: { nets?: string[]; deploy?: string; networks?: string } = {}): string {
  const lines = ['services:'];
  for (let i = 0; i < n; i++) {
    lines.push(`  svc${i}:`, '    image: example/app', '    deploy:', `      replicas: ${replicas}`);
    if (opts.deploy) lines.push(...opts.deploy.split('\n').map((l) => `      ${l}`));
    if (opts.nets) lines.push(`    networks: [${opts.nets.join(', ')}]`);
  }
  if (opts.networks) lines.push('networks:', ...opts.networks.split('\n').map((l) => `  ${l}`));
  return lines.join('\n') + '\n';
}

test('address arithmetic: a /24 has 253 usable, a /28 13; demand counts tasks, VIPs, surge and nodes', () => {
  assert.equal(usableAddresses(24), 253);
  assert.equal(usableAddresses(28), 13);
  assert.deepEqual(parseCidr('10.250.0.0/28'), { text: '10.250.0.0/28', prefix: 28, bits: 32 });
  assert.equal(parseCidr('10.250.0.0'), undefined);
  assert.equal(parseCidr('10.0.0.0/33'), undefined);
  const d = addressDemand(
    [
      { service: 'a', tasks: 2, vip: true, surge: 1 },
      { service: 'b', tasks: undefined, vip: false, surge: 0 },
    ],
    3,
  );
  assert.deepEqual(d, { total: 2 + 3 + 1 + 1 + 3, tasks: 5, vips: 1, surge: 1, nodes: 3, global: ['b'] });
  // Fewer tasks than assumed nodes: only the nodes that can have a task need a load balancer.
  assert.equal(addressDemand([{ service: 'a', tasks: 1, vip: false, surge: 0 }], 3).nodes, 1);
});

test("the issue's stack: 100 services x 2 replicas on the default /24 is a warning with the numbers", () => {
  const text = stack(100, 2);
  const d = lint(text);
  assert.equal(d.length, 1);
  assert.equal(d[0].severity, 'warning');
  // No network is declared: the finding goes on the replicas of the first of the biggest services.
  assert.equal(textAt(text, d[0]), '2');
  assert.equal(d[0].range.start.line, 4);
  assert.equal(d[0].range.start.character, 16);
  assert.equal(d[0].message, 'Network "default" has 253 usable addresses; its services need about 303.');
  assert.match(
    d[0].detail!,
    /^Network "default" \(scl_default; a \/24 from the default address pool: 253 usable addresses\) is too small for 100 services: they need about 303 — 200 for tasks, 100 virtual IPs/,
  );
  assert.match(said(d[0]), /3 for load balancers \(one per node with a task, assuming a swarm of 3 nodes/);
  assert.match(said(d[0]), /ip addresses may be exhausted/);
  assert.match(said(d[0]), /a \/23 or larger/);
  assert.match(said(d[0]), /endpoint_mode: dnsrr/);
});

test('a stack that fits its /24 is quiet; one address more is a warning', () => {
  // 50 services x 4 = 200 tasks + 50 VIPs + 3 nodes = 253: exactly full.
  assert.deepEqual(lint(stack(50, 4)), []);
  const over = lint(stack(50, 4, {}).replace('replicas: 4', 'replicas: 5'));
  assert.equal(over.length, 1);
  assert.match(said(over[0]), /need about 254/);
});

test('ipam subnet: the finding is on the subnet, which is counted at its prefix length', () => {
  // /28: 13 usable. 10 tasks (dnsrr: no VIP) + 3 nodes = 13 fits; 11 does not.
  const networks = 'small:\n  driver: overlay\n  ipam:\n    config:\n      - subnet: 10.250.0.0/28';
  const fits = stack(1, 10, { nets: ['small'], deploy: 'endpoint_mode: dnsrr', networks });
  assert.deepEqual(lint(fits), []);
  const text = stack(1, 11, { nets: ['small'], deploy: 'endpoint_mode: dnsrr', networks });
  const d = lint(text);
  assert.equal(d.length, 1);
  assert.equal(textAt(text, d[0]), '10.250.0.0/28');
  assert.match(
    d[0].detail!,
    /^Network "small" \(scl_small; 10\.250\.0\.0\/28: 13 usable addresses\) is too small for 1 service: they need about 14 — 11 for tasks, 0 virtual IPs/,
  );
  assert.doesNotMatch(said(d[0]), /endpoint_mode: dnsrr/, 'no VIP to save');
  assert.match(said(d[0]), /a \/27 or larger/);
});

test('start-first updates and global services need more; the message says which', () => {
  const networks = 'small:\n  ipam:\n    config:\n      - subnet: 10.250.0.0/28';
  // 9 tasks + 1 VIP + 3 nodes = 13 fits; start-first with parallelism 2 adds 2.
  assert.deepEqual(lint(stack(1, 9, { nets: ['small'], networks })), []);
  const d = lint(stack(1, 9, { nets: ['small'], networks, deploy: 'update_config:\n  order: start-first\n  parallelism: 2' }));
  assert.equal(d.length, 1);
  assert.match(said(d[0]), /need about 15 .* 2 more while a start-first rolling update runs old and new tasks at once/);
  const g = lint(
    `services:\n  agent:\n    image: x\n    deploy:\n      mode: global\n    networks: [small]\n  web:\n    image: y\n    deploy:\n      replicas: 8\n    networks: [small]\nnetworks:\n  ${networks.replace(/\n/g, '\n  ')}\n`,
  );
  assert.equal(g.length, 1);
  assert.match(said(g[0]), /global "agent" counted at one task per node/);
});

test('external networks and an explicit name are respected', () => {
  assert.deepEqual(lint(stack(100, 2, { nets: ['shared'], networks: 'shared:\n  external: true' })), []);
  const d = lint(stack(100, 2, { nets: ['back'], networks: 'back:\n  name: mender_backend' }));
  assert.equal(d.length, 1);
  assert.match(d[0].detail!, /^Network "back" \(mender_backend; a \/24/);
});

test("ingress: services publishing ports put every task on the swarm's ingress /24", () => {
  const lines = ['services:'];
  for (let i = 0; i < 30; i++)
    lines.push(`  web${i}:`, '    image: x', '    deploy:', '      replicas: 8', '    ports:', `      - "${8000 + i}:80"`, '    networks: [n]');
  lines.push('networks:', '  n:', '    ipam:', '      config:', '        - subnet: 10.20.0.0/16');
  const text = lines.join('\n') + '\n';
  const d = lint(text);
  assert.equal(d.length, 1, d.map((x) => x.message).join('\n'));
  assert.equal(textAt(text, d[0]), '"8000:80"');
  assert.match(said(d[0]), /ingress network \(10\.0\.0\.0\/24 unless it was recreated: 253 usable addresses\).*30 services.*need about 273/);
});
