import { mkdirSync, writeFileSync } from 'node:fs';
import { openEventWriter } from '@uptime/events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { encodeMessageId } from '../mail-store/message-id.js';
import { CONTENT_SECURITY_POLICY } from '../security/security-headers.js';
import { sampleMail } from '../test-support/sample-mail.js';
import { compose, deliver, tempDataDir } from '../test-support/maildir-fixture.js';

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
      expect(res.headers.get('referrer-policy')).toBe('same-origin'); // no-referrer would make form posts `Origin: null`
    }
    expect(CONTENT_SECURITY_POLICY).toMatch(/default-src 'none'/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self'(;|$)/); // our one script file, nothing inline
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/frame-ancestors 'none'/);
  });

  it('shows the inbox newest first, unread in bold, the unread count in the title, hostile text escaped', async () => {
    const page = await get('/');
    expect(page).toContain('<title>(3) Inbox · uptime sensor</title>');
    // Attribute values are quoted and escaped (a label may quote a hostile subject as text): look at the markup around them.
    const markup = page.replace(/<script src="\/assets\/(live|forms|stream)\.js" defer><\/script>/g, '').replace(/ aria-label="[^"<>]*"/g, '');
    expect(markup).not.toMatch(/<script|<img|<[^>]*\son[a-z]+=/i);
    expect(page).toContain('aria-label="Select message from Mallory &lt;script&gt;alert(1)&lt;/script&gt;: &lt;img src=x onerror=alert(1)&gt; invoice"');
    expect(page).toContain('<body data-live="inbox">');
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
    const search = await get('/?q=%22%3E%3Cscriptz%3E');
    expect(search).toContain('value="&quot;&gt;&lt;scriptz&gt;"');
    expect(search).toContain('No messages match.');
    expect(await get('/?limit=0', 400)).toContain('limit: ');
  });

  it('shows one message: headers, text in <pre>, HTML only in a sandboxed frame of its own, attachments to download', async () => {
    const id = encodeMessageId({ mailbox: 'admin', unique: ids.hostile });
    const page = await get(`/messages/${id}`);
    const frames = page.match(/<iframe[^>]*>/g) ?? [];
    expect(frames).toHaveLength(1);
    expect(frames[0]).toContain('sandbox="allow-popups allow-popups-to-escape-sandbox"');
    expect(frames[0]).not.toMatch(/allow-scripts|allow-same-origin|srcdoc/);
    expect(frames[0]).toContain(`src="/messages/${id}/body"`);
    expect(page.replace('<script src="/assets/forms.js" defer></script>', '')).not.toMatch(/<script|<img|<svg|<form action="(?!\/messages\/)|javascript:/i); // all of the mail is escaped text
    expect(page).toContain('<pre>see &lt;b&gt;attached&lt;/b&gt;</pre>');
    expect(page).toContain('&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;.txt');
    expect(page).toContain(`href="/api/messages/${id}/attachments/0" download>logo.png</a>`);
    expect(page).toContain(`href="/api/messages/${id}/raw"`);
    expect(page).toContain('<h1>&lt;img src=x onerror=alert(1)&gt; invoice</h1>');

    const body = await app.request(`/messages/${id}/body`);
    const policy = body.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/(^|; )sandbox allow-popups allow-popups-to-escape-sandbox(;|$)/);
    expect(policy).toMatch(/img-src data:(;|$)/);
    expect(policy).not.toMatch(/script-src|allow-scripts|allow-same-origin/);
    expect(body.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(body.headers.get('referrer-policy')).toBe('no-referrer');
    const doc = await body.text();
    expect(doc).toContain('<p>Hello <b>admin</b></p>');
    expect(doc).not.toMatch(/<script|onerror|onload|javascript:|<iframe|<form|<input|<svg|<meta http|evil\.example/i);
  });

  it('leaves remote images out until the reader asks, and then allows them only in the frame', async () => {
    const unique = await deliver(
      dir.layout,
      await compose({ from: 'news@lab', to: 'admin@localhost', subject: 'newsletter', html: '<p>hi</p><img src="https://tracker.example/p.gif">' }),
      { mailbox: 'admin', at: new Date(Date.UTC(2026, 10, 21, 11)) },
    );
    const id = encodeMessageId({ mailbox: 'admin', unique });
    const page = await get(`/messages/${id}`);
    expect(page).toContain('1 remote image is not shown');
    expect(page).toContain(`href="/messages/${id}?images=1"`);
    expect(await (await app.request(`/messages/${id}/body`)).text()).not.toContain('tracker.example');
    expect(await get(`/messages/${id}?images=1`)).toContain(`src="/messages/${id}/body?images=1"`);
    const shown = await app.request(`/messages/${id}/body?images=1`);
    expect(await shown.text()).toContain('<img src="https://tracker.example/p.gif" referrerpolicy="no-referrer" />');
    expect(shown.headers.get('content-security-policy')).toMatch(/img-src data: https: http:/);
    expect((await app.request('/')).headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY); // the page itself never loads them
  });

  it('marks a message read when it is opened, but not when another site sent the browser there', async () => {
    const id = encodeMessageId({ mailbox: 'admin', unique: ids.up });
    await app.request(`/messages/${id}`, { headers: { 'Sec-Fetch-Site': 'cross-site' } });
    expect(await get('/')).toContain('<title>(3) Inbox');
    await app.request(`/messages/${id}`, { headers: { 'Sec-Fetch-Site': 'same-origin' } });
    expect(await get('/')).toContain('<title>(2) Inbox');
  });

  it('links an alert to its target on the status page and to its event', async () => {
    const unique = await deliver(
      dir.layout,
      await compose({ from: 'uptime@localhost', to: 'admin@localhost', subject: '[uptime] gw <b> 192.0.2.1 is DOWN', text: 'down, see http://192.0.2.1/x?a=1&b=<2>', headers: { 'X-Uptime-Event-Id': 'ev-123' } }),
      { mailbox: 'admin', at: new Date(Date.UTC(2026, 10, 21, 11)) },
    );
    const page = await get(`/messages/${encodeMessageId({ mailbox: 'admin', unique })}`);
    expect(page).toContain(`<a href="/status#target-${Buffer.from('gw <b>').toString('base64url')}">status of gw &lt;b&gt;</a>`);
    expect(page).toContain('<a href="/events?host=192.0.2.1#ev-ev-123">event ev-123</a>');
    expect(page).toContain('<a href="http://192.0.2.1/x?a=1&amp;b=" rel="noopener noreferrer nofollow" target="_blank">http://192.0.2.1/x?a=1&amp;b=</a>&lt;2&gt;');
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
    expect(page).toContain('<span class="badge status-down">DOWN</span>');
    expect(page).toContain('The monitor does not report recent checks.');
  });

  it('shows why the last check failed and when the certificate expires', async () => {
    mkdirSync(dir.layout.run, { recursive: true });
    writeFileSync(
      dir.layout.statusFile,
      JSON.stringify({
        targets: [
          { name: 'web', host: '127.0.0.1', probe: 'http', status: 'down', since: '2026-11-21T09:30:00Z', rttMs: 3, lastCheck: '2026-11-21T10:02:00Z', lastError: 'expected $.status = "UP", got "DOWN"', certificateExpires: '2026-12-07T10:00:00.000+00:00' },
          { name: 'gw', host: '192.0.2.1', probe: 'icmp', status: 'up', since: '2026-11-21T09:30:00Z', rttMs: 1, lastCheck: '2026-11-21T10:02:00Z', lastError: null, certificateExpires: null },
        ],
      }),
    );
    const page = await get('/status');
    expect(page).toContain('<p class="last-error">Last check failed: expected $.status = &quot;UP&quot;, got &quot;DOWN&quot;</p>');
    expect(page.match(/class="last-error"/g)).toHaveLength(1);
    expect(page.match(/certificate expires <b>/g)).toHaveLength(1);
    expect(page).toMatch(/certificate expires <b><time datetime="2026-12-07T10:00:00.000\+00:00"/);
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

  it('draws the recent checks and the round-trip times of a target as SVG, with its loss', async () => {
    mkdirSync(dir.layout.run, { recursive: true });
    const recent = Array.from({ length: 60 }, (_, i) => ({ t: new Date(Date.UTC(2026, 10, 21, 10, 0, i * 2)).toISOString(), ok: i % 10 !== 3, rttMs: i % 10 === 3 ? null : 1 + (i % 7) }));
    writeFileSync(
      dir.layout.statusFile,
      JSON.stringify({ targets: [{ name: 'gw', host: '192.0.2.1', probe: 'icmp', status: 'up', since: '2026-11-21T09:30:00Z', rttMs: 2.5, lastCheck: '2026-11-21T10:02:00Z', lossPercent: 10, recent }] }),
    );
    const page = await get('/status');
    expect(page).toContain('<body data-live="status">');
    expect(page).toContain('loss <b>10 %</b>');
    expect(page.match(/class="beat-ok"/g)).toHaveLength(54);
    expect(page.match(/class="beat-fail"/g)).toHaveLength(6);
    expect(page).toMatch(/<svg class="chart" viewBox="[^"]+" role="img" aria-label="round-trip time, last 60 checks, average [\d.]+ ms">/);
    expect(page).toMatch(/<polyline points="[\d., ]+" class="chart-line">/);
    expect(page).toContain(`id="target-${Buffer.from('gw').toString('base64url')}"`);
    const api = (await (await app.request('/api/status')).json()) as { targets: Array<Record<string, unknown>> };
    expect(api.targets[0]).toMatchObject({ name: 'gw', lossPercent: 10 });
    expect(api.targets[0]?.recent).toHaveLength(60);
  });

  it('filters events by time and links each alert event to its email', async () => {
    const writer = await openEventWriter({ dir: dir.layout.events, role: 'monitor' });
    const down = await writer.record({ code: 'HOST_DOWN', target: 'gw', before: 'up', after: 'down', hosts: ['192.0.2.1'], message: 'gw down', time: '2026-11-21T10:00:00.000+00:00' });
    await writer.record({ code: 'ALERT_QUEUED', eventId: down.id, messageId: '<a@sensor.lab>', hosts: ['192.0.2.1'], message: 'alert queued', time: '2026-11-21T10:00:01.000+00:00' });
    await writer.record({ code: 'HOST_UP', target: 'gw', before: 'down', after: 'up', hosts: ['192.0.2.1'], message: 'gw up', time: '2026-11-21T11:00:00.000+00:00' });
    await writer.close();
    const unique = await deliver(
      dir.layout,
      await compose({ from: 'uptime@localhost', to: 'admin@localhost', subject: '[uptime] gw 192.0.2.1 is DOWN', text: 'down', headers: { 'X-Uptime-Event-Id': down.id } }),
      { mailbox: 'admin', at: new Date(Date.UTC(2026, 10, 21, 10)) },
    );
    const page = await get('/events');
    const mail = `<a href="/messages/${encodeMessageId({ mailbox: 'admin', unique })}">alert email</a>`;
    expect(page.split(mail)).toHaveLength(3); // the HOST_DOWN and its ALERT_QUEUED
    expect(page).toContain(`<tr id="ev-${down.id}">`);
    const early = await get('/events?since=2026-11-21T09:00:00Z&until=2026-11-21T10:30:00Z');
    expect(early).toContain('gw down');
    expect(early).not.toContain('gw up');
    const api = (await (await app.request('/api/events?until=2026-11-21T10:00:00.500Z')).json()) as { events: Array<{ code: string }> };
    expect(api.events.map((e) => e.code)).toEqual(['HOST_DOWN']);
    expect(await get('/events?until=soon', 400)).toContain('until: ');
  });

  it('serves its scripts and style sheet, and answers errors for the body of a bad or unknown message', async () => {
    for (const [name, part] of [['live.js', 'uptimeStream.listen('], ['stream.js', "new SharedWorker('/assets/stream-worker.js'"], ['stream-worker.js', "new EventSource('/api/events/stream')"], ['forms.js', 'window.confirm(']]) {
      const js = await app.request(`/assets/${name}`);
      expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(await js.text()).toContain(part);
    }
    const css = await app.request('/assets/style.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await app.request('/assets/nope.js')).status).toBe(404);
    expect((await app.request('/messages/!!/body')).status).toBe(400);
    expect((await app.request(`/messages/${encodeMessageId({ mailbox: 'admin', unique: 'gone' })}/body`)).status).toBe(404);
  });
});
