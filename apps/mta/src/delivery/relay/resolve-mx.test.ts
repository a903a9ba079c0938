import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missing, startDnsmasq, stopPeers } from '../../../test/helpers/peers.js';
import { relayResolver } from './create-relay.js';
import { lookupAddresses, lookupMx } from './resolve-mx.js';

const skip = missing('dnsmasq');
let server = '';

beforeAll(async () => {
  if (skip) return;
  server = (
    await startDnsmasq([
      '--mx-host=two.test,a.two.test,10',
      '--mx-host=two.test,b.two.test,10',
      '--mx-host=two.test,c.two.test,5',
      '--host-record=a.two.test,127.0.0.51,::1',
      '--host-record=plain.test,127.0.0.52',
      '--mx-host=nullmx.test,.,0',
    ])
  ).server;
});
afterAll(stopPeers);

describe.skipIf(skip)('lookupMx (dnsmasq)', () => {
  it('orders by preference and shuffles equal ones', async () => {
    const resolver = relayResolver([server]);
    const names = async (r: number) => {
      const answer = await lookupMx(resolver, 'two.test', () => r);
      return answer.ok ? answer.hosts.map((h) => h.name) : [];
    };
    const orders = new Set<string>();
    for (let i = 0; i < 20; i += 1) {
      const result = await lookupMx(resolver, 'two.test');
      if (result.ok) orders.add(result.hosts.map((h) => h.name).join(','));
    }
    expect([...orders].every((o) => o.startsWith('c.two.test,'))).toBe(true);
    expect(orders.size).toBe(2);
    expect(await names(0.5)).toHaveLength(3);
  });

  it('uses the domain itself without MX, and refuses null MX and names that do not exist', async () => {
    const resolver = relayResolver([server]);
    expect(await lookupMx(resolver, 'plain.test')).toEqual({ ok: true, hosts: [{ name: 'plain.test', preference: 0 }], implicit: true });
    expect(await lookupMx(resolver, 'nullmx.test')).toMatchObject({ ok: false, permanent: true, enhancedStatus: '5.1.10' });
    expect(await lookupMx(resolver, 'missing.test')).toMatchObject({ ok: false, permanent: true, enhancedStatus: '5.1.2' });
    expect(await lookupAddresses(resolver, 'a.two.test')).toEqual({ addresses: ['127.0.0.51', '::1'], temporary: undefined });
    expect(await lookupAddresses(resolver, 'b.two.test')).toEqual({ addresses: [], temporary: undefined });
  });

  it('reports a resolver that does not answer as temporary', async () => {
    const result = await lookupMx(relayResolver(['127.0.0.1:9']), 'two.test');
    expect(result).toMatchObject({ ok: false, permanent: false, enhancedStatus: '4.4.3' });
  });
});
