import { mkdirSync, writeFileSync } from 'node:fs';
import { openEventWriter } from '@uptime/events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { encodeMessageId } from '../mail-store/message-id.js';
import { CONTENT_SECURITY_POLICY } from '../security/security-headers.js';
import { tempDataDir } from '../test-support/maildir-fixture.js';
import { sampleMail } from '../test-support/sample-mail.js';

/** The text of an attribute value as the browser reads it. */
function unescape(value: string): string {
  return value.replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e] ?? '');
}

describe('pages', () => {
  let dir: ReturnType<typeof tempDataDir>;
  let ids: Awaited<ReturnType<typeof sampleMail>>;
  let app: ReturnType<typeof createApp>;
  beforeEach(async () => {
    dir = tempDataDir();
    ids = await sampleMail(dir.layout);
    app = createApp({ layout: dir.layout });
  });
  afterEach(() => dir.remove());

  const get = async (path: string, status = 200) => {
    const res = await app.request(path);
    expect(res.status, path).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    return res.text();
  };

  it('sets the security headers on pages, API answers and errors', async () => {
    for (const path of ['/', '/status', '/api/messages', '/api/nope', '/nope', `/messages/${'!'.repeat(3)}`]) {
      const res = await app.request(path);
      expect(res.headers.get('content-security-policy'), path).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
    expect(CONTENT_SECURITY_POLICY).toMatch(/default-src 'none'/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src/);
  });

  it('shows the inbox newest first, unread in bold, the unread count in the title, hostile text escaped', async () => {
    const page = await get('/');
    expect(page).toContain('<title>(3) Inbox · uptime sensor</title>');
    expect(page).not.toMatch(/<script|<img/i);
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt; invoice');
    expect(page).toContain('&quot;Mallory &lt;script&gt;alert(1)&lt;/script&gt;&quot;');
    const order = ['invoice', 'is UP', 'Grüße aus dem Labor', 'is DOWN'].map((s) => page.indexOf(s));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(page).toContain(`<tr class="unread">`);
    expect(page.match(/<tr class="unread">/g)).toHaveLength(3);
    expect(page).toContain(`href="/messages/${encodeMessageId({ mailbox: 'admin', unique: ids.up })}"`);
    expect(page).toContain('<option value="ops.team">ops.team</option>');
    expect(page).toMatch(/<input type="search" name="q"/);
  });

  it('filters, searches and pages the inbox, keeping the filters in the paging links', async () => {
    const first = await get('/?mailbox=admin&limit=2');
    expect(first).toContain('<option value="admin" selected>admin</option>');
    expect(first).toContain('1–2 of 3');
    expect(first).toContain('href="/?mailbox=admin&amp;offset=2"');
    const second = await get('/?mailbox=admin&limit=2&offset=2');
    expect(second).toContain('3–3 of 3');
    expect(second).toContain('is DOWN');
    const search = await get('/?q=%22%3E%3Cscript%3E');
    expect(search).toContain('value="&quot;&gt;&lt;script&gt;"');
    expect(search).toContain('No messages match.');
    expect(await get('/?limit=0', 400)).toContain('limit: ');
  });

  it('shows one message: headers, text in <pre>, HTML only in a sandboxed srcdoc frame, attachments', async () => {
    const page = await get(`/messages/${encodeMessageId({ mailbox: 'admin', unique: ids.hostile })}`);
    const frames = page.match(/<iframe[^>]*>/g) ?? [];
    expect(frames).toHaveLength(1);
    expect(frames[0]).toContain('sandbox="allow-popups allow-popups-to-escape-sandbox"');
    expect(frames[0]).not.toMatch(/allow-scripts|allow-same-origin/);
    expect(frames[0]).toMatch(/srcdoc="[^"<>]*Hello &lt;b&gt;admin&lt;\/b&gt;/);
    expect(page).not.toMatch(/<script|<img|<svg|<form|javascript:/i); // outside the frame, all of it is escaped text
    const srcdoc = unescape(/srcdoc="([^"]*)"/.exec(frames[0] ?? '')?.[1] ?? '');
    expect(srcdoc).toContain('<p>Hello <b>admin</b></p>');
    expect(srcdoc).not.toMatch(/<script|onerror|onload|javascript:|<iframe|<form|<input|<svg|<meta|evil\.example/i);
    expect(page).toContain('<pre>see &lt;b&gt;attached&lt;/b&gt;</pre>');
    expect(page).toContain('&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;.txt');
    expect(page).toContain('logo.png');
    expect(page).toContain('<h1>&lt;img src=x onerror=alert(1)&gt; invoice</h1>');
  });

  it('answers HTML error pages for bad and unknown message ids and unknown pages', async () => {
    expect(await get('/messages/..%2f..%2fetc%2fpasswd', 400)).toContain('<h1>Error 400</h1>');
    expect(await get(`/messages/${encodeMessageId({ mailbox: 'admin', unique: 'gone' })}`, 404)).toContain('<h1>Error 404</h1>');
    expect(await get('/nope', 404)).toContain('<h1>Error 404</h1>');
    const api = await app.request('/api/nope');
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({ error: '/api/nope not found' });
  });

  it('shows the status of every target, or that there is none yet', async () => {
    expect(await get('/status')).toContain('No status yet');
    mkdirSync(dir.layout.run, { recursive: true });
    writeFileSync(
      dir.layout.statusFile,
      JSON.stringify({ targets: [{ name: '<b>gw</b>', host: '192.0.2.1', status: 'down', since: '2026-11-21T09:30:00Z', rttMs: null, lastCheck: null }] }),
    );
    const page = await get('/status');
    expect(page).toContain('<title>(1 down) Status · uptime sensor</title>');
    expect(page).toContain('&lt;b&gt;gw&lt;/b&gt;');
    expect(page).toContain('<span class="status-down">DOWN</span>');
  });

  it('shows events newest first, filtered by code and host', async () => {
    const writer = await openEventWriter({ dir: dir.layout.events, role: 'monitor' });
    await writer.record({ code: 'HOST_DOWN', target: 'gw', before: 'up', after: 'down', hosts: ['192.0.2.1'], message: 'first <down>', time: '2026-11-21T10:00:00.000+00:00' });
    await writer.record({ code: 'HOST_UP', target: 'gw', before: 'down', after: 'up', hosts: ['192.0.2.1'], message: 'then up', time: '2026-11-21T10:01:00.000+00:00' });
    await writer.close();
    const page = await get('/events');
    expect(page.indexOf('then up')).toBeLessThan(page.indexOf('first &lt;down&gt;'));
    const filtered = await get('/events?code=HOST_DOWN&host=192.0.2.1');
    expect(filtered).toContain('<option value="HOST_DOWN" selected>HOST_DOWN</option>');
    expect(filtered).not.toContain('then up');
    expect(await get('/events?host=192.0.2.99')).toContain('No events match.');
    expect(await get('/events?code=NOPE', 400)).toContain('code: ');
  });
});
