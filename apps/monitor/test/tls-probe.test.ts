import { afterAll, describe, expect, it } from 'vitest';
import { createServer as createTcpServer, type AddressInfo, type Server } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { TargetConfig } from '@uptime/config';
import { createTlsProbe } from '../src/probes/tls-probe.js';
import { freePort } from './helpers/mta-child.js';
import { selfSigned, TestCa, type Pem } from './helpers/certificates.js';

const probe = createTlsProbe();
const servers: Server[] = [];
const sockets = new Set<import('node:net').Socket>();
const listen = async (server: Server) => {
  servers.push(server);
  server.on('connection', (socket) => sockets.add(socket));
  return new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
};
const serveTls = (pem: Pem) => listen(createTlsServer({ key: pem.key, cert: pem.cert }, (socket) => socket.end()));
afterAll(() => {
  for (const socket of sockets) socket.destroy();
  return Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

const check = (port: number, keys: Partial<TargetConfig> = {}) => probe.check({ name: 'ldaps', probe: 'tls', host: '127.0.0.1', port, ...keys }, 2000);

describe('tls probe', () => {
  const ca = new TestCa();

  it('is up after a handshake with a valid chain, and reports when the certificate ends', async () => {
    const port = await serveTls(ca.leaf(['127.0.0.1'], 3));
    const result = await check(port, { ca: ca.pem.certFile });
    expect(result).toMatchObject({ ok: true, address: '127.0.0.1' });
    const daysLeft = ((result.notAfter?.getTime() ?? 0) - Date.now()) / 86_400_000;
    expect(daysLeft).toBeGreaterThan(2.9);
    expect(daysLeft).toBeLessThanOrEqual(3);
  });

  it('fails an untrusted, expired, self-signed or wrongly named certificate, unless verifyCertificate is false', async () => {
    const valid = await serveTls(ca.leaf(['127.0.0.1'], 30));
    expect(await check(valid)).toMatchObject({ ok: false, error: 'TLS: unable to verify the first certificate (UNABLE_TO_VERIFY_LEAF_SIGNATURE)' });
    const expired = await serveTls(ca.leaf(['127.0.0.1'], -1));
    expect(await check(expired, { ca: ca.pem.certFile })).toMatchObject({ ok: false, error: 'TLS: certificate has expired (CERT_HAS_EXPIRED)' });
    const self = selfSigned(['127.0.0.1']);
    const selfPort = await serveTls(self);
    expect(await check(selfPort)).toMatchObject({ ok: false, error: 'TLS: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)' });
    expect(await check(selfPort, { ca: self.certFile })).toMatchObject({ ok: true });
    const named = await serveTls(ca.leaf(['ldap.lab.test'], 30));
    expect((await check(named, { ca: ca.pem.certFile })).error).toMatch(/^TLS: Hostname\/IP does not match certificate's altnames/);
    const anyCert = await check(expired, { verifyCertificate: false });
    expect(anyCert.ok).toBe(true);
    expect(anyCert.notAfter!.getTime()).toBeLessThan(Date.now());
  });

  it('fails a port that refuses, and one that speaks no TLS, within the timeout', async () => {
    expect((await check(await freePort())).error).toMatch(/ECONNREFUSED/);
    const silent = await listen(createTcpServer(() => undefined)); // accepts and never answers the handshake
    const result = await probe.check({ name: 'silent', probe: 'tls', host: '127.0.0.1', port: silent }, 300);
    expect(result).toMatchObject({ ok: false, error: 'no TLS handshake within 300 ms' });
  });
});
