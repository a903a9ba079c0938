import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server } from 'node:net';
import type { TargetConfig } from '@uptime/config';
import { ProbeRegistry } from './registry.js';

const probes = new ProbeRegistry();
afterAll(() => probes.close());

const listen = (server: Server | HttpServer) =>
  new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

describe('tcp probe', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createTcpServer((socket) => socket.end());
    port = await listen(server);
  });
  afterAll(() => server.close());

  it('is up when the port accepts and down when it refuses', async () => {
    const target: TargetConfig = { name: 'tcp', host: '127.0.0.1', probe: 'tcp', port };
    const up = await probes.get('tcp').check(target, 1000);
    expect(up).toMatchObject({ ok: true, address: '127.0.0.1' });
    expect(up.rttMs).toBeGreaterThanOrEqual(0);
    const closed = new Promise<void>((r) => server.close(() => r()));
    await closed;
    const down = await probes.get('tcp').check(target, 1000);
    expect(down).toMatchObject({ ok: false, address: '127.0.0.1' });
    expect(down.error).toMatch(/ECONNREFUSED/);
  });
});

describe('http probe', () => {
  let server: HttpServer;
  let base: string;
  beforeAll(async () => {
    server = createHttpServer((req, res) => {
      if (req.url === '/slow') return; // never answers
      res.statusCode = Number(req.url?.slice(1)) || 200;
      res.end('ok');
    });
    base = `http://127.0.0.1:${await listen(server)}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  const check = (path: string, timeout = 1000) =>
    probes.get('http').check({ name: 'web', host: '127.0.0.1', probe: 'http', url: `${base}${path}` }, timeout);

  it('is up for any answer below 500', async () => {
    expect(await check('/200')).toMatchObject({ ok: true, address: '127.0.0.1' });
    expect((await check('/404')).ok).toBe(true);
  });

  it('is down for 5xx and for no answer within the timeout', async () => {
    expect(await check('/503')).toMatchObject({ ok: false, error: 'HTTP 503' });
    expect(await check('/slow', 200)).toMatchObject({ ok: false, error: 'no answer within 200 ms' });
  });
});

const canRawIcmp = process.getuid?.() === 0;
if (!canRawIcmp) console.warn('SKIPPED icmp probe test: raw ICMP sockets need root or CAP_NET_RAW');

describe.skipIf(!canRawIcmp)('icmp probe', () => {
  it('gets an echo reply from 127.0.0.1 and from localhost, showing the probed IP', async () => {
    const result = await probes.get('icmp').check({ name: 'lo', host: '127.0.0.1', probe: 'icmp' }, 1000);
    expect(result).toMatchObject({ ok: true, address: '127.0.0.1' });
    const byName = await probes.get('icmp').check({ name: 'lo', host: 'localhost', probe: 'icmp' }, 1000);
    expect(byName.ok).toBe(true);
    expect(['127.0.0.1', '::1']).toContain(byName.address);
  });
});
