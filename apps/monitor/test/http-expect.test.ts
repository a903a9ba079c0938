import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TargetConfig } from '@uptime/config';
import { createHttpProbe } from '../src/probes/http-probe.js';
import { selfSigned, TestCa, type Pem } from './helpers/certificates.js';

const probe = createHttpProbe();
const listen = (server: Server) => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
const close = (server: Server) => {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
};

/** An answer per path: status and body, after a delay. */
const ANSWERS: Record<string, { status: number; body: string; delayMs?: number }> = {
  '/ok': { status: 200, body: 'all ok here' },
  '/no-content': { status: 204, body: '' },
  '/missing': { status: 404, body: 'not here' },
  '/maintenance': { status: 200, body: 'down for maintenance' },
  '/up.json': { status: 200, body: '{"status":"UP","checks":[{"name":"db","up":true}]}' },
  '/down.json': { status: 200, body: '{"status":"DOWN"}' },
  '/html': { status: 200, body: '<html>oops</html>' },
  '/slow': { status: 200, body: 'ok', delayMs: 400 },
};

function answer(url = '/', res: import('node:http').ServerResponse): void {
  const a = ANSWERS[url] ?? { status: 500, body: 'no such path' };
  setTimeout(() => {
    res.statusCode = a.status;
    res.end(a.body);
  }, a.delayMs ?? 0);
}

describe('http expect', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => answer(req.url, res));
    base = `http://127.0.0.1:${await listen(server)}`;
  });
  afterAll(() => close(server));

  const check = (path: string, expectation: TargetConfig['expect'], timeout = 2000) =>
    probe.check({ name: 'web', probe: 'http', host: '127.0.0.1', url: `${base}${path}`, expect: expectation }, timeout);

  it('accepts the listed status codes and classes, and says which status came otherwise', async () => {
    expect(await check('/ok', { status: ['200', '204'] })).toMatchObject({ ok: true });
    expect(await check('/no-content', { status: ['2xx'] })).toMatchObject({ ok: true });
    expect(await check('/missing', { status: ['200', '204'] })).toMatchObject({ ok: false, error: 'expected status 200 or 204, got 404' });
    expect(await check('/missing', { status: ['2xx'] })).toMatchObject({ ok: false, error: 'expected status 2xx, got 404' });
    expect(await check('/missing', { status: ['4xx'] })).toMatchObject({ ok: true });
  });

  it('wants the body to contain the text, and quotes what came', async () => {
    expect(await check('/ok', { body: 'ok' })).toMatchObject({ ok: true });
    expect(await check('/maintenance', { body: 'all ok' })).toMatchObject({ ok: false, error: 'expected the body to contain "all ok", got "down for maintenance"' });
  });

  it('wants the JSONPath to hold the value: wrong value, no value and no JSON each say so', async () => {
    expect(await check('/up.json', { json: { path: '$.status', equals: 'UP' } })).toMatchObject({ ok: true });
    expect(await check('/up.json', { json: { path: '$.checks[0].up', equals: true } })).toMatchObject({ ok: true });
    expect(await check('/down.json', { json: { path: '$.status', equals: 'UP' } })).toMatchObject({ ok: false, error: 'expected $.status = "UP", got "DOWN"' });
    expect(await check('/down.json', { json: { path: '$.state', equals: 'UP' } })).toMatchObject({ ok: false, error: 'expected $.state = "UP", got no value at $.state' });
    expect(await check('/html', { json: { path: '$.status', equals: 'UP' } })).toMatchObject({
      ok: false,
      error: 'expected JSON with $.status = "UP", got a body that is not JSON: "<html>oops</html>"',
    });
  });

  it('fails an answer slower than maxResponseTime, with the time it took', async () => {
    expect(await check('/slow', { maxResponseTime: 2000 })).toMatchObject({ ok: true });
    const slow = await check('/slow', { maxResponseTime: 100 });
    expect(slow.ok).toBe(false);
    expect(slow.error).toMatch(/^expected a response within 100 ms, took \d+ ms$/);
  });

  it('without expect, is up below 500', async () => {
    expect(await check('/missing', undefined)).toMatchObject({ ok: true });
    expect(await check('/nowhere', undefined)).toMatchObject({ ok: false, error: 'HTTP 500' });
  });
});

describe('https certificates', () => {
  const ca = new TestCa();
  const servers: Server[] = [];
  const serve = async (pem: Pem) => {
    const server = createHttpsServer({ key: pem.key, cert: pem.cert }, (req, res) => answer(req.url, res));
    servers.push(server);
    return `https://127.0.0.1:${await listen(server)}/ok`;
  };
  afterAll(() => Promise.all(servers.map(close)));

  const check = (url: string, keys: Partial<TargetConfig> = {}) => probe.check({ name: 'secure', probe: 'http', host: '127.0.0.1', url, ...keys }, 2000);

  it('trusts a certificate of the CA given in `ca`, and not without it (the system CAs do not know it)', async () => {
    const url = await serve(ca.leaf(['127.0.0.1'], 30));
    const trusted = await check(url, { ca: ca.pem.certFile });
    expect(trusted).toMatchObject({ ok: true });
    expect(trusted.notAfter?.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect(await check(url)).toMatchObject({ ok: false, error: 'TLS: unable to verify the first certificate (UNABLE_TO_VERIFY_LEAF_SIGNATURE)' });
  });

  it('refuses an expired certificate and one for another host name, unless verifyCertificate is false', async () => {
    const expired = await serve(ca.leaf(['127.0.0.1'], -1));
    expect(await check(expired, { ca: ca.pem.certFile })).toMatchObject({ ok: false, error: 'TLS: certificate has expired (CERT_HAS_EXPIRED)' });
    const otherName = await serve(ca.leaf(['other.lab.test'], 30));
    const wrong = await check(otherName, { ca: ca.pem.certFile });
    expect(wrong.ok).toBe(false);
    expect(wrong.error).toMatch(/^TLS: Hostname\/IP does not match certificate's altnames: IP: 127\.0\.0\.1 is not in the cert's list/);
    expect(await check(expired, { verifyCertificate: false })).toMatchObject({ ok: true });
    expect(await check(otherName, { verifyCertificate: false })).toMatchObject({ ok: true });
  });

  it('trusts a self-signed certificate given as `ca`, and refuses it otherwise', async () => {
    const self = selfSigned(['127.0.0.1']);
    const url = await serve(self);
    expect(await check(url, { ca: self.certFile })).toMatchObject({ ok: true });
    expect(await check(url)).toMatchObject({ ok: false, error: 'TLS: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)' });
  });
});
