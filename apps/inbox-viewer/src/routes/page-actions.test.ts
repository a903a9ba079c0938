import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { encodeMessageId } from '../mail-store/message-id.js';
import { tempDataDir } from '../test-support/maildir-fixture.js';
import { sampleMail } from '../test-support/sample-mail.js';

describe('the forms of the pages', () => {
  let dir: ReturnType<typeof tempDataDir>;
  let ids: Record<'down' | 'up' | 'hostile', string>;
  let app: ReturnType<typeof createApp>;
  let token: string;
  beforeEach(async () => {
    dir = tempDataDir();
    const uniques = await sampleMail(dir.layout);
    ids = {
      down: encodeMessageId({ mailbox: 'admin', unique: uniques.down }),
      up: encodeMessageId({ mailbox: 'admin', unique: uniques.up }),
      hostile: encodeMessageId({ mailbox: 'admin', unique: uniques.hostile }),
    };
    app = createApp({ layout: dir.layout });
    token = /name="csrf" value="([^"]+)"/.exec(await (await app.request('/')).text())?.[1] ?? '';
  });
  afterEach(() => dir.remove());

  const post = (path: string, fields: Array<[string, string]>, headers: Record<string, string> = {}) =>
    app.request(path, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields).toString() });
  const inbox = async () => (await app.request('/')).text();

  it('carries a token in every form', async () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const page = await (await app.request(`/messages/${ids.up}`)).text();
    expect(page.match(/name="csrf" value="([^"]+)"/g)).toHaveLength(2);
  });

  it('marks the selected messages read or unread, deletes them, and goes back where it was', async () => {
    const read = await post('/messages/bulk', [['csrf', token], ['action', 'read'], ['ids', ids.up], ['ids', ids.hostile], ['back', '/?mailbox=admin']]);
    expect(read.status).toBe(303);
    expect(read.headers.get('location')).toBe('/?mailbox=admin');
    expect(await inbox()).toContain('<title>(1) Inbox');
    await post('/messages/bulk', [['csrf', token], ['action', 'unread'], ['ids', ids.up]]);
    expect(await inbox()).toContain('<title>(2) Inbox');
    const del = await post('/messages/bulk', [['csrf', token], ['action', 'delete'], ['confirm', '1'], ['ids', ids.up], ['ids', ids.down], ['back', 'https://evil.example/']]);
    expect(del.headers.get('location')).toBe('/');
    expect(await inbox()).toContain('1–2 of 2');
    expect((await post('/messages/bulk', [['csrf', token], ['action', 'explode'], ['ids', ids.up]])).status).toBe(400);
    expect((await post('/messages/bulk', [['csrf', token], ['action', 'read']])).status).toBe(303); // nothing selected
  });

  it('marks one message unread or deletes it from its page', async () => {
    const unread = await post(`/messages/${ids.down}/seen`, [['csrf', token], ['seen', '0']]);
    expect(unread.status).toBe(303);
    expect(unread.headers.get('location')).toBe('/?mailbox=admin');
    expect(await inbox()).toContain('<title>(4) Inbox');
    const del = await post(`/messages/${ids.down}/delete`, [['csrf', token], ['confirm', '1']]);
    expect(del.status).toBe(303);
    expect((await app.request(`/messages/${ids.down}`)).status).toBe(404);
    expect((await post(`/messages/${ids.down}/delete`, [['csrf', token], ['confirm', '1']])).status).toBe(404);
    expect((await post(`/messages/${ids.down}/delete`, [['csrf', token]])).status).toBe(404);
  });

  it('asks before deleting: Delete without confirm=1 answers a page listing the messages, whose form deletes them', async () => {
    const bulk = await post('/messages/bulk', [['csrf', token], ['action', 'delete'], ['ids', ids.up], ['ids', ids.down], ['back', '/?mailbox=admin']]);
    expect(bulk.status).toBe(200);
    const asked = await bulk.text();
    expect(asked).toContain('<h1>Delete 2 messages?</h1>');
    expect(asked).toContain('Uptime: [uptime] gateway 192.0.2.1 is UP');
    expect(asked).toContain('<a href="/?mailbox=admin">Cancel</a>');
    expect(await inbox()).toContain('1–4 of 4'); // nothing deleted yet
    const fields = [...asked.matchAll(/<input type="hidden" name="([a-z]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!.replace(/&amp;/g, '&')] as [string, string]);
    expect(fields).toEqual([['csrf', token], ['back', '/?mailbox=admin'], ['confirm', '1'], ['ids', ids.up], ['ids', ids.down]]);
    const done = await post('/messages/bulk', [...fields, ['action', 'delete']]);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/?mailbox=admin');
    expect(await inbox()).toContain('1–2 of 2');

    const single = await (await post(`/messages/${ids.hostile}/delete`, [['csrf', token]])).text();
    expect(single).toContain('<h1>Delete 1 message?</h1>');
    expect(single).toContain(`<a href="/messages/${ids.hostile}">Cancel</a>`);
    expect(await inbox()).toContain('1–2 of 2');
  });

  it('refuses a form without the token, with a wrong one, or from another site', async () => {
    const attempts: Array<[Array<[string, string]>, Record<string, string>]> = [
      [[['action', 'delete'], ['ids', ids.up]], {}],
      [[['csrf', 'x'.repeat(43)], ['action', 'delete'], ['ids', ids.up]], {}],
      [[['csrf', token], ['action', 'delete'], ['ids', ids.up]], { Origin: 'http://evil.example' }],
      [[['csrf', token], ['action', 'delete'], ['ids', ids.up]], { 'Sec-Fetch-Site': 'same-site' }],
      [[['csrf', token], ['action', 'delete'], ['ids', ids.up]], { Origin: 'null' }],
      [[['csrf', token], ['action', 'delete'], ['ids', ids.up]], { Origin: 'null', 'Sec-Fetch-Site': 'cross-site' }],
    ];
    for (const [fields, headers] of attempts) {
      const res = await post('/messages/bulk', fields, headers);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('<h1>Error 403</h1>');
    }
    const json = await app.request('/messages/bulk', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ csrf: token, action: 'delete', ids: [ids.up] }) });
    expect(json.status).toBe(403);
    expect(await inbox()).toContain('1–4 of 4');
  });

  it('behind a TLS proxy, takes writes from the origin of viewer.url (and still refuses other sites)', async () => {
    const proxied = createApp({ layout: dir.layout, publicUrl: 'https://sensor.lab/uptime' });
    const send = (path: string, origin: string, host: string, init: RequestInit) =>
      proxied.request(`http://${host}${path}`, { ...init, headers: { Origin: origin, Host: host, 'Sec-Fetch-Site': origin === 'https://sensor.lab' ? 'same-origin' : 'cross-site', ...init.headers } });
    const proxiedToken = /name="csrf" value="([^"]+)"/.exec(await (await proxied.request('/')).text())?.[1] ?? '';
    const form = { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams([['csrf', proxiedToken], ['seen', '1'], ['confirm', '1']]).toString() };
    // the proxy may pass on the public Host, or the address it connects to
    expect((await send(`/messages/${ids.up}/seen`, 'https://sensor.lab', 'sensor.lab', form)).status).toBe(303);
    expect((await send(`/messages/${ids.hostile}/delete`, 'https://sensor.lab', '127.0.0.1:8025', form)).status).toBe(303);
    const json = { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ seen: false }) };
    expect((await send(`/api/messages/${ids.up}`, 'https://sensor.lab', 'sensor.lab', json)).status).toBe(200);
    expect((await send(`/api/messages/${ids.down}`, 'https://evil.example', 'sensor.lab', json)).status).toBe(403);
    expect((await send(`/api/messages/${ids.down}`, 'https://evil.example', 'evil.example', json)).status).toBe(421);
    expect((await proxied.request('http://sensor.lab/api/events/stream', { headers: { Origin: 'https://sensor.lab', 'Sec-Fetch-Site': 'same-origin' } })).headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(await (await app.request('/')).text()).toMatch(/<title>\(2\) Inbox[\s\S]*1–3 of 3/); // up read then unread again, hostile gone
    // without viewer.url the same requests are another site's
    expect((await app.request(`http://sensor.lab/api/messages/${ids.up}`, { ...json, headers: { ...json.headers, Origin: 'https://sensor.lab', Host: '127.0.0.1:8025' } })).status).toBe(403);
  });

  it('takes a form that a browser sent with `Origin: null` from this viewer (Sec-Fetch-Site: same-origin)', async () => {
    const res = await post('/messages/bulk', [['csrf', token], ['action', 'delete'], ['confirm', '1'], ['ids', ids.up]], { Origin: 'null', 'Sec-Fetch-Site': 'same-origin' });
    expect(res.status).toBe(303);
    expect(await inbox()).toContain('1–3 of 3');
  });
});
