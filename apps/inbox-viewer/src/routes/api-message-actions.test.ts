import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { encodeMessageId } from '../mail-store/message-id.js';
import type { MessageView } from '../mail-store/message-view.js';
import { tempDataDir } from '../test-support/maildir-fixture.js';
import { PNG, sampleMail } from '../test-support/sample-mail.js';

const json = (method: string, body: unknown, headers: Record<string, string> = {}) => ({
  method,
  headers: { 'Content-Type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

describe('changing messages through the API', () => {
  let dir: ReturnType<typeof tempDataDir>;
  let ids: Record<'down' | 'up' | 'encoded' | 'hostile', string>;
  let app: ReturnType<typeof createApp>;
  beforeEach(async () => {
    dir = tempDataDir();
    const uniques = await sampleMail(dir.layout);
    ids = {
      down: encodeMessageId({ mailbox: 'admin', unique: uniques.down }),
      up: encodeMessageId({ mailbox: 'admin', unique: uniques.up }),
      encoded: encodeMessageId({ mailbox: 'ops.team', unique: uniques.encoded }),
      hostile: encodeMessageId({ mailbox: 'admin', unique: uniques.hostile }),
    };
    app = createApp({ layout: dir.layout });
  });
  afterEach(() => dir.remove());

  const unread = async () => ((await (await app.request('/api/messages')).json()) as { unread: number }).unread;

  it('PATCH /api/messages/:id marks one message read or unread (renamed into cur/ with the S flag)', async () => {
    const res = await app.request(`/api/messages/${ids.up}`, json('PATCH', { seen: true }));
    expect(res.status).toBe(200);
    expect(((await res.json()) as MessageView).seen).toBe(true);
    expect(readdirSync(join(dir.layout.mail, 'admin', 'cur')).some((n) => n.endsWith(':2,S') && ids.up === encodeMessageId({ mailbox: 'admin', unique: n.slice(0, -4) }))).toBe(true);
    expect(await unread()).toBe(2);
    await app.request(`/api/messages/${ids.up}`, json('PATCH', { seen: false }));
    expect(await unread()).toBe(3);
    expect((await app.request(`/api/messages/${ids.up}`, json('PATCH', { seen: 'yes' }))).status).toBe(400);
    expect((await app.request(`/api/messages/${encodeMessageId({ mailbox: 'admin', unique: 'gone' })}`, json('PATCH', { seen: true }))).status).toBe(404);
  });

  it('DELETE /api/messages/:id deletes one message; then it is 404', async () => {
    const res = await app.request(`/api/messages/${ids.down}`, { method: 'DELETE' });
    expect(await res.json()).toEqual({ deleted: 1 });
    expect((await app.request(`/api/messages/${ids.down}`)).status).toBe(404);
    expect((await app.request(`/api/messages/${ids.down}`, { method: 'DELETE' })).status).toBe(404);
    expect((await app.request('/api/messages/..%2fx', { method: 'DELETE' })).status).toBe(400);
  });

  it('POST /api/messages/seen and /api/messages/delete act on many ids and name the unknown ones', async () => {
    const gone = encodeMessageId({ mailbox: 'admin', unique: 'gone' });
    const seen = await app.request('/api/messages/seen', json('POST', { ids: [ids.up, ids.encoded, gone], seen: true }));
    expect(await seen.json()).toEqual({ changed: 2, notFound: [gone] });
    expect(await unread()).toBe(1);
    const deleted = await app.request('/api/messages/delete', json('POST', { ids: [ids.up, ids.hostile, gone] }));
    expect(await deleted.json()).toEqual({ deleted: 2, notFound: [gone] });
    expect(((await (await app.request('/api/messages')).json()) as { total: number }).total).toBe(2);
    for (const body of [{ ids: [] }, { ids: 'x' }, { ids: ['../x'] }, { ids: Array(1001).fill(ids.up) }]) {
      const res = await app.request('/api/messages/delete', json('POST', body));
      expect(res.status, JSON.stringify(body).slice(0, 40)).toBe(400);
    }
    expect((await app.request('/api/messages/delete', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{' })).status).toBe(400);
  });

  it('refuses changes from another site and API changes that are not JSON', async () => {
    const attempts: Array<[string, RequestInit, number]> = [
      [`/api/messages/${ids.up}`, { method: 'DELETE', headers: { Origin: 'http://evil.example' } }, 403],
      [`/api/messages/${ids.up}`, { method: 'DELETE', headers: { 'Sec-Fetch-Site': 'cross-site' } }, 403],
      [`/api/messages/${ids.up}`, { method: 'DELETE', headers: { Origin: 'null' } }, 403],
      ['/api/messages/delete', json('POST', { ids: [ids.up] }, { Origin: 'http://localhost.evil.example' }), 403],
      ['/api/messages/delete', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ ids: [ids.up] }) }, 415],
      ['/api/messages/delete', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `ids=${ids.up}` }, 415],
      [`/api/messages/${ids.up}`, { method: 'PATCH', body: '{"seen":true}' }, 415],
    ];
    for (const [path, init, status] of attempts) {
      const res = await app.request(path, init);
      expect(res.status, `${init.method} ${JSON.stringify(init.headers)}`).toBe(status);
    }
    expect(await unread()).toBe(3);
    expect((await app.request(`/api/messages/${ids.up}`, { method: 'DELETE', headers: { Origin: 'http://localhost', 'Sec-Fetch-Site': 'same-origin' } })).status).toBe(200);
  });
});

describe('downloads of a message', () => {
  let dir: ReturnType<typeof tempDataDir>;
  let id: string;
  let app: ReturnType<typeof createApp>;
  beforeEach(async () => {
    dir = tempDataDir();
    id = encodeMessageId({ mailbox: 'admin', unique: (await sampleMail(dir.layout)).hostile });
    app = createApp({ layout: dir.layout });
  });
  afterEach(() => dir.remove());

  it('GET /api/messages/:id/raw shows the file as plain text in a sandbox, or downloads it', async () => {
    const res = await app.request(`/api/messages/${id}/raw`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toMatch(/(^|; )sandbox(;|$)/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const raw = await res.text();
    expect(raw).toContain('Subject: <img src=x onerror=alert(1)> invoice');
    expect(raw).toContain('Content-Type: multipart/mixed;');
    const download = await app.request(`/api/messages/${id}/raw?download=1`);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="[A-Za-z0-9._ -]+\.eml"/);
  });

  it('GET /api/messages/:id/attachments/:index always downloads, with a harmless file name', async () => {
    const logo = await app.request(`/api/messages/${id}/attachments/0`);
    expect(logo.headers.get('content-type')).toBe('application/octet-stream');
    expect(Buffer.from(await logo.arrayBuffer())).toEqual(PNG);
    const text = await app.request(`/api/messages/${id}/attachments/1`);
    expect(await text.text()).toBe('hello attachment');
    const disposition = text.headers.get('content-disposition') ?? '';
    expect(disposition).toBe(`attachment; filename="___script_alert_2___script_.txt"; filename*=UTF-8''%22%3E%3Cscript%3Ealert%282%29%3C_script%3E.txt`);
    expect(text.headers.get('content-security-policy')).toMatch(/sandbox/);
    for (const index of ['2', 'x', '-1', '99999']) {
      const res = await app.request(`/api/messages/${id}/attachments/${index}`);
      expect(res.status, index).toBe(404);
    }
    expect((await app.request(`/api/messages/${encodeMessageId({ mailbox: 'admin', unique: 'gone' })}/raw`)).status).toBe(404);
  });
});
