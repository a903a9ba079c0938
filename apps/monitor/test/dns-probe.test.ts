import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetConfig } from '@uptime/config';
import { createDnsProbe } from '../src/probes/dns-probe.js';
import { dnsmasqUnavailable, startDnsmasq, startServfailServer, startSilentServer, type Dnsmasq, type SilentServer } from './helpers/name-servers.js';

const unavailable = dnsmasqUnavailable();
if (unavailable) console.warn(`SKIPPED dns probe tests: ${unavailable}`);

const probe = createDnsProbe();
const portOf = (server: string) => Number(server.slice(server.lastIndexOf(':') + 1));

describe.skipIf(unavailable !== undefined)('dns probe against dnsmasq', () => {
  let dns: Dnsmasq;
  beforeAll(async () => {
    dns = await startDnsmasq([
      '--host-record=gateway.lab.test,127.0.0.1',
      '--host-record=six.lab.test,::1',
      '--mx-host=lab.test,mx1.lab.test,10',
      '--txt-record=lab.test,v=spf1 -all',
      '--cname=www.lab.test,gateway.lab.test',
    ]);
  });
  afterAll(() => dns.stop());

  const check = (query: string, type: TargetConfig['type'], expectation?: TargetConfig['expect']) =>
    probe.check({ name: 'dns', probe: 'dns', host: '127.0.0.1', port: portOf(dns.server), query, type, expect: expectation }, 1000);

  it('is up when the server answers each record type, showing the server as the probed address', async () => {
    expect(await check('gateway.lab.test', 'A')).toMatchObject({ ok: true, address: '127.0.0.1' });
    expect(await check('six.lab.test', 'AAAA')).toMatchObject({ ok: true });
    expect(await check('lab.test', 'MX')).toMatchObject({ ok: true });
    expect(await check('lab.test', 'TXT')).toMatchObject({ ok: true });
    expect(await check('www.lab.test', 'CNAME')).toMatchObject({ ok: true });
    expect(await check('127.0.0.1', 'PTR')).toMatchObject({ ok: true });
  });

  it('checks expect.addresses, and says what came instead', async () => {
    expect(await check('gateway.lab.test', 'A', { addresses: ['127.0.0.1'] })).toMatchObject({ ok: true });
    expect(await check('six.lab.test', 'AAAA', { addresses: ['::1'] })).toMatchObject({ ok: true });
    expect(await check('gateway.lab.test', 'A', { addresses: ['192.0.2.1'] })).toMatchObject({
      ok: false,
      error: 'expected A gateway.lab.test to answer 192.0.2.1, got 127.0.0.1',
    });
  });

  it('fails a name that does not exist and a type the name has no record of', async () => {
    expect(await check('nothing.lab.test', 'A')).toMatchObject({ ok: false, error: 'A nothing.lab.test: no such name (NXDOMAIN)' });
    expect(await check('gateway.lab.test', 'MX')).toMatchObject({ ok: false, error: 'MX gateway.lab.test: no record of that type' });
  });
});

describe('dns probe against broken servers', () => {
  let silent: SilentServer;
  let servfail: SilentServer;
  beforeAll(async () => {
    [silent, servfail] = await Promise.all([startSilentServer(), startServfailServer()]);
  });
  afterAll(() => Promise.all([silent.close(), servfail.close()]));

  it('fails a server that does not answer within the timeout, and one that answers SERVFAIL', async () => {
    const quiet = await probe.check({ name: 'dns', probe: 'dns', host: '127.0.0.1', port: portOf(silent.server), query: 'gateway.lab.test', type: 'A' }, 300);
    expect(quiet).toMatchObject({ ok: false, address: '127.0.0.1', error: 'A gateway.lab.test: no answer within 300 ms' });
    expect(silent.asked).toContain('gateway.lab.test');
    const failing = await probe.check({ name: 'dns', probe: 'dns', host: '127.0.0.1', port: portOf(servfail.server), query: 'gateway.lab.test', type: 'A' }, 1000);
    expect(failing).toMatchObject({ ok: false, error: 'A gateway.lab.test: the server failed (SERVFAIL)' });
  });
});
