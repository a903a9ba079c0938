import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer as createHttpServer, type IncomingHttpHeaders } from 'node:http';
import { createServer as createTlsServer } from 'node:tls';
import type { AddressInfo, Server } from 'node:net';
import { waitFor } from '@uptime/test-lab';
import { NameResolver } from '../src/probes/names/name-resolver.js';
import { resolveForCheck } from '../src/probes/resolve-address.js';
import { createHttpProbeWith } from '../src/probes/http-probe.js';
import { dnsmasqUnavailable, startDnsmasq, startSilentServer, type Dnsmasq, type SilentServer } from './helpers/name-servers.js';

const unavailable = dnsmasqUnavailable();
if (unavailable) console.warn(`SKIPPED DNS lookup tests: ${unavailable}`);

const listen = (server: Server, host: string) =>
  new Promise<number>((resolve) => server.listen(0, host, () => resolve((server.address() as AddressInfo).port)));

describe('a name server that never answers', () => {
  let silent: SilentServer;
  let names: NameResolver;
  beforeAll(async () => {
    silent = await startSilentServer();
    names = new NameResolver({ servers: [silent.server] });
  });
  afterAll(async () => {
    names.close();
    await silent.close();
  });

  it('makes a check fail within its timeout, with the reason', async () => {
    const { failed } = await resolveForCheck('web.lab.test', 300, names);
    expect(failed).toEqual({ ok: false, address: 'web.lab.test', error: 'cannot resolve web.lab.test: no answer within 300 ms' });
  });

  it('does not hold 20 names in a queue: every one is asked before the first check gives up', async () => {
    const hosts = Array.from({ length: 20 }, (_, i) => `host${i}.silent.test`);
    let askedWhenFirstFailed = -1;
    const checks = hosts.map((host) =>
      resolveForCheck(host, 500, names).then((result) => {
        if (askedWhenFirstFailed < 0) askedWhenFirstFailed = new Set(silent.asked.filter((n) => hosts.includes(n))).size;
        return result;
      }),
    );
    const results = await Promise.all(checks);
    expect(results.map((r) => r.failed?.error)).toEqual(hosts.map((h) => `cannot resolve ${h}: no answer within 500 ms`));
    expect(askedWhenFirstFailed).toBe(20); // libuv's pool of 4 threads would have asked 4
  });

  it('asks once for a name that many checks want at the same time', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => resolveForCheck('shared.silent.test', 300, names)));
    expect(results.every((r) => r.failed?.error === 'cannot resolve shared.silent.test: no answer within 300 ms')).toBe(true);
    expect(silent.asked.filter((n) => n === 'shared.silent.test')).toHaveLength(1);
  });
});

describe.skipIf(unavailable !== undefined)('answers kept for their TTL', () => {
  let dns: Dnsmasq;
  beforeAll(async () => {
    dns = await startDnsmasq([
      '--host-record=short.lab.test,127.0.0.61,1',
      '--host-record=long.lab.test,127.0.0.62,3600',
      '--host-record=six.lab.test,::1,3600',
    ]);
  });
  afterAll(() => dns.stop());

  it('uses a cached answer until its TTL runs out, then asks again', async () => {
    const names = new NameResolver({ servers: [dns.server] });
    expect(await names.resolve('short.lab.test', 1000)).toBe('127.0.0.61');
    expect(await names.resolve('long.lab.test', 1000)).toBe('127.0.0.62');
    expect(await names.resolve('short.lab.test', 1000)).toBe('127.0.0.61');
    expect([dns.queries('short.lab.test', 'A'), dns.queries('long.lab.test', 'A')]).toEqual([1, 1]);
    // the 1 s answer expires: polled until it is asked again; the 1 h one is still not asked again
    await waitFor('short.lab.test asked again', async () => (await names.resolve('short.lab.test', 1000)) && dns.queries('short.lab.test', 'A') === 2, 10_000, 50);
    expect(await names.resolve('long.lab.test', 1000)).toBe('127.0.0.62');
    expect(dns.queries('long.lab.test', 'A')).toBe(1);
  });

  it('keeps an answer no longer than the maximum TTL, and a failure only briefly', async () => {
    const names = new NameResolver({ servers: [dns.server], maxTtlMs: 1000, failureTtlMs: 1000 });
    await names.resolve('long.lab.test', 1000);
    const before = dns.queries('long.lab.test', 'A');
    await waitFor('long.lab.test asked again after the maximum TTL', async () => (await names.resolve('long.lab.test', 1000)) && dns.queries('long.lab.test', 'A') === before + 1, 10_000, 50);

    await expect(names.resolve('nx.lab.test', 1000)).rejects.toThrow('no such name (ENOTFOUND)');
    await expect(names.resolve('nx.lab.test', 1000)).rejects.toThrow('no such name (ENOTFOUND)');
    expect(dns.queries('nx.lab.test', 'A')).toBe(1);
    await waitFor('nx.lab.test asked again', async () => (await names.resolve('nx.lab.test', 1000).catch(() => true)) && dns.queries('nx.lab.test', 'A') === 2, 10_000, 50);
  });

  it('gives the IPv6 address of a name with only AAAA, and localhost from the hosts file without asking', async () => {
    const names = new NameResolver({ servers: [dns.server] });
    expect(await names.resolve('six.lab.test', 1000)).toBe('::1');
    expect(await names.resolve('localhost', 1000)).toMatch(/^(127\.0\.0\.1|::1)$/);
    expect(dns.queries('localhost')).toBe(0);
  });
});

describe.skipIf(unavailable !== undefined)('the http probe', () => {
  let dns: Dnsmasq;
  beforeAll(async () => {
    dns = await startDnsmasq(['--host-record=web.lab.test,127.0.0.2', '--host-record=tls.lab.test,127.0.0.2']);
  });
  afterAll(() => dns.stop());

  it('resolves once and connects to the address it resolved, with the name in the Host header', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const server = createHttpServer((req, res) => {
      seen.push(req.headers);
      res.end('ok');
    });
    const port = await listen(server, '127.0.0.2'); // only the resolved address answers
    const probe = createHttpProbeWith(new NameResolver({ servers: [dns.server] }));
    try {
      const result = await probe.check({ name: 'web', probe: 'http', host: 'web.lab.test', url: `http://web.lab.test:${port}/health` }, 2000);
      expect(result).toMatchObject({ ok: true, address: '127.0.0.2' });
      expect(seen.map((h) => h.host)).toEqual([`web.lab.test:${port}`]);
      expect(dns.queries('web.lab.test')).toBe(1);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('gives TLS the URL name (SNI) while connecting to the resolved address', async () => {
    const serverNames: string[] = [];
    const server = createTlsServer({
      SNICallback: (name, done) => {
        serverNames.push(name);
        done(new Error('no certificate here: the test reads only the name'));
      },
    });
    server.on('tlsClientError', () => undefined);
    const port = await listen(server, '127.0.0.2');
    const probe = createHttpProbeWith(new NameResolver({ servers: [dns.server] }));
    try {
      const result = await probe.check({ name: 'tls', probe: 'http', host: 'tls.lab.test', url: `https://tls.lab.test:${port}/` }, 2000);
      expect(result).toMatchObject({ ok: false, address: '127.0.0.2' });
      expect(serverNames).toEqual(['tls.lab.test']);
      expect(dns.queries('tls.lab.test')).toBe(1);
    } finally {
      server.close();
    }
  });
});
