import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { tempDataDir } from '../test-support/maildir-fixture.js';
import { PasswordGate } from './password-gate.js';
import { hashPassword } from './password-hash.js';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** One GET over a real socket from `localAddress` (any 127.x address is this machine). */
function get(port: number, localAddress: string, authorization?: string): Promise<{ status: number; retryAfter?: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/health', localAddress, headers: authorization ? { Authorization: authorization } : {} }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('viewer.auth against guessing', () => {
  let passwordHash: string;
  let dir: ReturnType<typeof tempDataDir>;
  let server: Server | undefined;
  beforeAll(async () => {
    passwordHash = await hashPassword('s3cret pass', { ln: 12, r: 8, p: 1 });
  });
  beforeEach(() => {
    dir = tempDataDir();
  });
  afterEach(() => {
    server?.close();
    server = undefined;
    dir.remove();
  });

  async function serve(gate: PasswordGate): Promise<number> {
    const app = createApp({ layout: dir.layout, loopbackOnly: false, auth: { user: 'admin', passwordHash }, passwordGate: gate });
    server = createAdaptorServer({ fetch: app.fetch }) as Server;
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  it('costs one scrypt per attempt, for a wrong user name as for a wrong password (no timing oracle)', async () => {
    const gate = new PasswordGate();
    const app = createApp({ layout: dir.layout, loopbackOnly: false, auth: { user: 'admin', passwordHash }, passwordGate: gate });
    const status = async (authorization?: string) => (await app.request('/api/health', { headers: authorization ? { Authorization: authorization } : {} })).status;
    expect(await status(basic('root', 'whatever'))).toBe(401);
    expect(gate.verifications).toBe(1);
    expect(await status(basic('admin', 'wrong'))).toBe(401);
    expect(gate.verifications).toBe(2);
    expect(await status('Basic !!!')).toBe(401);
    expect(gate.verifications).toBe(3);
    expect(await status()).toBe(401); // no credentials yet: the browser is asked for them, nothing is verified
    expect(gate.verifications).toBe(3);
    expect(await status(basic('admin', 's3cret pass'))).toBe(200);
    expect(await status(basic('admin', 's3cret pass'))).toBe(200); // remembered
    expect(gate.verifications).toBe(4);
  });

  it('answers 429 with Retry-After to an address after 10 failures, without verifying more; other addresses go on', async () => {
    const gate = new PasswordGate();
    const port = await serve(gate);
    for (let i = 0; i < 10; i++) expect((await get(port, '127.0.0.2', basic('admin', `guess ${i}`))).status).toBe(401);
    const refused = await get(port, '127.0.0.2', basic('admin', 'guess 10'));
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(300);
    expect((await get(port, '127.0.0.2', basic('admin', 's3cret pass'))).status).toBe(429); // not even tried
    expect(gate.verifications).toBe(10);
    expect((await get(port, '127.0.0.3', basic('admin', 's3cret pass'))).status).toBe(200);
  });

  it('runs at most 2 verifications at once; beyond a short queue, attempts get 503 at once', async () => {
    const gate = new PasswordGate({ concurrent: 2, waiting: 4 });
    const port = await serve(gate);
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => get(port, `127.0.1.${i + 1}`, basic('admin', `guess ${i}`))));
    expect(gate.peak).toBeLessThanOrEqual(2);
    expect(gate.peak).toBeGreaterThanOrEqual(1);
    for (const a of answers) expect([401, 503]).toContain(a.status);
    expect(gate.verifications + answers.filter((a) => a.status === 503).length).toBe(12);
    expect(answers.filter((a) => a.status === 503).every((a) => a.retryAfter === '1')).toBe(true);
  });
});
