import { mkdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { encodeMessageId } from '../mail-store/message-id.js';
import type { MessageSummary } from '../mail-store/mail-store.js';
import type { MessageView } from '../mail-store/message-view.js';
import { tempDataDir } from '../test-support/maildir-fixture.js';
import { PNG, sampleMail } from '../test-support/sample-mail.js';

type List = { total: number; messages: MessageSummary[] };

describe('GET /api/messages', () => {
  let dir: ReturnType<typeof tempDataDir>;
  let ids: Awaited<ReturnType<typeof sampleMail>>;
  let app: ReturnType<typeof createApp>;
  beforeEach(async () => {
    dir = tempDataDir();
    ids = await sampleMail(dir.layout);
    app = createApp({ layout: dir.layout });
  });
  afterEach(() => dir.remove());

  const list = async (query = '') => {
    const res = await app.request(`/api/messages${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as List;
  };

  it('lists every mailbox newest first with the contract fields', async () => {
    const body = await list();
    expect(body.total).toBe(4);
    expect(body.messages.map((m) => m.subject)).toEqual([
      '<img src=x onerror=alert(1)> invoice',
      '[uptime] gateway 192.0.2.1 is UP',
      'Grüße aus dem Labor',
      '[uptime] gateway 192.0.2.1 is DOWN',
    ]);
    const [, up, encoded, down] = body.messages;
    expect(Object.keys(up ?? {}).sort()).toEqual(['date', 'from', 'id', 'mailbox', 'seen', 'size', 'subject', 'to']);
    expect(up).toMatchObject({ mailbox: 'admin', from: '"Uptime" <uptime@localhost>', to: 'admin@localhost', date: '2026-11-21T10:05:00.000Z', seen: false });
    expect(up?.size).toBeGreaterThan(100);
    expect(encoded).toMatchObject({ mailbox: 'ops.team', from: '"Jörg Bäcker" <joerg@lab>', id: encodeMessageId({ mailbox: 'ops.team', unique: ids.encoded }) });
    expect(down?.seen).toBe(true);
    for (const m of body.messages) expect(m.id).toMatch(/^[A-Za-z0-9._-]+$/);
  });

  it('pages with limit and offset, reporting the total', async () => {
    const body = await list('?limit=2&offset=1');
    expect(body.total).toBe(4);
    expect(body.messages.map((m) => m.subject)).toEqual(['[uptime] gateway 192.0.2.1 is UP', 'Grüße aus dem Labor']);
    expect((await list('?offset=10')).messages).toEqual([]);
  });

  it('searches From, To and Subject case-insensitively and filters by mailbox', async () => {
    expect((await list('?q=GATEWAY')).messages.map((m) => m.subject)).toEqual(['[uptime] gateway 192.0.2.1 is UP', '[uptime] gateway 192.0.2.1 is DOWN']);
    expect((await list(`?q=${encodeURIComponent('jörg')}`)).total).toBe(1);
    expect((await list('?q=OPS.TEAM@')).total).toBe(1);
    expect((await list('?mailbox=ops.team')).messages.map((m) => m.mailbox)).toEqual(['ops.team']);
    expect((await list('?mailbox=admin&q=is%20up')).total).toBe(1);
    expect(await list('?mailbox=nobody')).toEqual({ total: 0, unread: 0, messages: [] });
  });

  it('answers 400 naming a bad limit, offset or mailbox', async () => {
    for (const [query, name] of [['limit=0', 'limit'], ['limit=501', 'limit'], ['limit=ten', 'limit'], ['offset=-1', 'offset'], ['mailbox=..', 'mailbox'], ['mailbox=a%2Fb', 'mailbox']]) {
      const res = await app.request(`/api/messages?${query}`);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(new RegExp(`^${name}: `));
    }
    expect((await list('?limit=500')).total).toBe(4);
  });
});

describe('GET /api/messages/:id', () => {
  let dir: ReturnType<typeof tempDataDir>;
  let ids: Awaited<ReturnType<typeof sampleMail>>;
  let app: ReturnType<typeof createApp>;
  beforeEach(async () => {
    dir = tempDataDir();
    ids = await sampleMail(dir.layout);
    app = createApp({ layout: dir.layout });
  });
  afterEach(() => dir.remove());

  it('answers the parsed message with headers, text, sanitized HTML and attachments', async () => {
    const id = encodeMessageId({ mailbox: 'admin', unique: ids.hostile });
    const res = await app.request(`/api/messages/${id}`);
    expect(res.status).toBe(200);
    const m = (await res.json()) as MessageView;
    expect(m).toMatchObject({
      id,
      mailbox: 'admin',
      from: '"Mallory <script>alert(1)</script>" <mallory@evil.example>',
      to: 'admin@localhost',
      cc: 'boss@localhost',
      subject: '<img src=x onerror=alert(1)> invoice',
      date: '2026-11-21T10:09:00.000Z',
      text: 'see <b>attached</b>',
      seen: false,
    });
    expect(m.messageId).toMatch(/^<.+>$/);
    expect(m.headers).toContainEqual({ key: 'Subject', value: '<img src=x onerror=alert(1)> invoice' });
    expect(m.attachments).toHaveLength(2);
    expect(m.attachments).toEqual(
      expect.arrayContaining([
        { index: 1, filename: '"><script>alert(2)</script>.txt', contentType: 'text/plain', size: 16 },
        { index: 0, filename: 'logo.png', contentType: 'image/png', size: PNG.length },
      ]),
    );
    expect(m.html).toContain('Hello <b>admin</b>');
    expect(m.html).toContain('<a href="https://lab.example/ok" target="_blank" rel="noopener noreferrer">ok link</a>');
    expect(m.html).toMatch(/<img src="data:image\/png;base64,/); // the cid: image, inlined by mailparser
    expect(m.html).not.toMatch(/<script|onerror|onload|javascript:|<iframe|<form|<input|<svg|<style|<meta|evil\.example/i);
  });

  it('keeps the id when a message moves from new/ to cur/ (seen)', async () => {
    const id = encodeMessageId({ mailbox: 'ops.team', unique: ids.encoded });
    const box = join(dir.layout.mail, 'ops.team');
    renameSync(join(box, 'new', ids.encoded), join(box, 'cur', `${ids.encoded}:2,S`));
    const m = (await (await app.request(`/api/messages/${id}`)).json()) as MessageView;
    expect(m).toMatchObject({ subject: 'Grüße aus dem Labor', from: '"Jörg Bäcker" <joerg@lab>', seen: true });
  });

  it('answers 404 for a well-formed id that names no message', async () => {
    for (const ref of [{ mailbox: 'admin', unique: 'nope' }, { mailbox: 'nobody', unique: ids.up }]) {
      const res = await app.request(`/api/messages/${encodeMessageId(ref)}`);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: expect.stringMatching(/not found/) });
    }
  });

  it('never reads outside the mail store, whatever the id', async () => {
    writeFileSync(join(dir.layout.root, 'secret'), 'From: x\r\nSubject: SECRET\r\n\r\nSECRET\r\n');
    mkdirSync(join(dir.layout.root, 'outside', 'new'), { recursive: true });
    writeFileSync(join(dir.layout.root, 'outside', 'new', 'm1'), 'Subject: SECRET\r\n\r\nSECRET\r\n');
    symlinkSync(join(dir.layout.root, 'outside'), join(dir.layout.mail, 'linked'));
    symlinkSync(join(dir.layout.root, 'secret'), join(dir.layout.mail, 'admin', 'cur', 'evil:2,S'));
    const enc = (text: string) => Buffer.from(text).toString('base64url');
    const attempts = [
      '..',
      '%2e%2e',
      '%2e%2e%2fsecret',
      '..%2f..%2fsecret',
      '%2fetc%2fpasswd',
      'admin%2fnew',
      enc('admin/../../secret'),
      enc('../secret'),
      enc('admin/../secret'),
      enc('/etc/passwd'),
      enc(`${dir.layout.root}/secret`),
      enc('admin/..'),
      enc('..\\secret'),
      enc('linked/m1'),
      enc('admin/evil'),
      `${enc('admin/x')}==`,
      'a.b',
    ];
    for (const id of attempts) {
      const res = await app.request(`/api/messages/${id}`);
      expect([400, 404], id).toContain(res.status);
      expect(await res.text(), id).not.toContain('SECRET');
    }
    // URL parsing turns ".." and "%2e%2e" into a step up to /api, which is no route.
    expect((await app.request('/api/messages/..')).status).toBe(404);
    expect((await app.request('/api/messages/%2e%2e')).status).toBe(404);
    expect((await app.request('/api/messages/..%2f..%2fsecret')).status).toBe(400);
    expect((await app.request(`/api/messages/${enc('../secret')}`)).status).toBe(400);
    expect((await app.request(`/api/messages/${enc('admin/evil')}`)).status).toBe(404);
    const listed = (await (await app.request('/api/messages')).json()) as List;
    expect(listed.messages.map((m) => m.subject)).not.toContain('SECRET');
  });
});
