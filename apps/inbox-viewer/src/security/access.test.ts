import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { tempDataDir } from '../test-support/maildir-fixture.js';
import { hashPassword } from './password-hash.js';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('who may use the viewer', () => {
  let dir: ReturnType<typeof tempDataDir>;
  beforeEach(() => {
    dir = tempDataDir();
  });
  afterEach(() => dir.remove());

  it('on loopback, answers only requests sent to a loopback host name (no DNS rebinding)', async () => {
    const app = createApp({ layout: dir.layout });
    for (const host of ['localhost', 'localhost:8025', '127.0.0.1:8025', '127.0.0.53', '[::1]:8025', 'viewer.localhost']) {
      expect((await app.request('http://x/api/health', { headers: { Host: host } })).status, host).toBe(200);
    }
    for (const host of ['evil.example', 'evil.example:8025', '127.0.0.1.evil.example', 'localhost.evil.example', '10.0.0.1']) {
      const res = await app.request('http://x/api/health', { headers: { Host: host } });
      expect(res.status, host).toBe(421);
      expect(await res.json()).toEqual({ error: expect.stringMatching(/is not this viewer's/) });
    }
    const open = createApp({ layout: dir.layout, loopbackOnly: false });
    expect((await open.request('http://x/api/health', { headers: { Host: 'sensor.lab:8025' } })).status).toBe(200);
  });

  it('with viewer.auth, wants HTTP Basic credentials for every page and API call', async () => {
    const app = createApp({ layout: dir.layout, loopbackOnly: false, auth: { user: 'admin', passwordHash: await hashPassword('s3cret pass', { ln: 10, r: 8, p: 1 }) } });
    for (const path of ['/', '/api/health', '/api/messages', '/api/events/stream', '/assets/live.js', '/nope']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Basic realm="uptime sensor", charset="UTF-8"');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    }
    for (const header of [basic('admin', 'wrong'), basic('root', 's3cret pass'), basic('admin', ''), 'Bearer x', 'Basic !!!']) {
      expect((await app.request('/api/health', { headers: { Authorization: header } })).status, header).toBe(401);
    }
    const ok = await app.request('/api/health', { headers: { Authorization: basic('admin', 's3cret pass') } });
    expect(ok.status).toBe(200);
    expect((await app.request('/', { headers: { Authorization: basic('admin', 's3cret pass') } })).status).toBe(200); // remembered
  });
});
