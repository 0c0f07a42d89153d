// The doctor names address exhaustion: which network, its size, what its services need, and the fix.
// (On the real swarm: test/docker/scale.test.ts.)
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { networkAddresses, recogniseCause } from '../../../src/docker/doctor';
import type { NetworkInfo, SwarmService } from '../../../src/docker/types';

const net = (Id: string, Name: string, Subnet: string): NetworkInfo => ({ Id, Name, IPAM: { Config: [{ Subnet }] } }) as NetworkInfo;
const svc = (ID: string, replicas: number, nets: string[], dnsrr = false): SwarmService =>
  ({
    ID,
    Spec: {
      Name: ID,
      Mode: { Replicated: { Replicas: replicas } },
      TaskTemplate: { Networks: nets.map((Target) => ({ Target })) },
      EndpointSpec: dnsrr ? { Mode: 'dnsrr' } : undefined,
    },
  }) as SwarmService;

test('the network that is full is named with its subnet, usable addresses and demand from every service on it', () => {
  const networks = [net('n1', 'big_default', '10.0.1.0/24'), net('n2', 'big_back', '10.0.2.0/24'), net('n3', 'other', '10.9.0.0/28')];
  const services = [...Array.from({ length: 100 }, (_, i) => svc(`s${i}`, 2, ['n1'])), svc('api', 1, ['n1', 'n2'])];
  const nets = networkAddresses(services[100], networks, services, 2);
  assert.deepEqual(
    nets.map((n) => [n.name, n.usable, n.demand.total, n.services]),
    [
      ['big_default', 253, 101 + 201 + 2, 101],
      ['big_back', 253, 1 + 1 + 1, 1],
    ],
  );
  const c = recogniseCause({ error: 'node is missing network attachments, ip addresses may be exhausted', state: 'rejected' }, services[100], nets)!;
  assert.match(
    c,
    /^\*\*IP addresses exhausted\*\* on network `big_default` \(10\.0\.1\.0\/24: 253 usable addresses; its 101 services need about 304: 201 tasks, 101 virtual IPs, 2 load-balancer addresses/,
  );
  assert.doesNotMatch(c, /big_back/, 'only the network that is full');
  assert.match(c, /a \/23 leaves room for rolling updates/);
  assert.match(c, /deploy\.endpoint_mode: dnsrr/);
});

test('the allocator\'s own words are recognised too, before "no suitable node"; without network data it still names the cause', () => {
  for (const e of ['could not find an available IP', 'no suitable node (node is missing network attachments, ip addresses may be exhausted)']) {
    assert.match(recogniseCause({ error: e }, undefined) ?? '', /^\*\*IP addresses exhausted\*\* on one of its networks: .*the daemon says: /);
  }
  assert.match(recogniseCause({ error: 'no suitable node (scheduling constraints not satisfied)' }, undefined) ?? '', /No suitable node/);
});
