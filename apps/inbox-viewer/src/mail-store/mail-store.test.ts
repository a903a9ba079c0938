import { readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliver, tempDataDir } from '../test-support/maildir-fixture.js';
import { MailStore } from './mail-store.js';

const raw = (subject: string, extra = '') =>
  `From: Sender <s@lab>\r\nTo: admin@localhost\r\nSubject: ${subject}\r\n${extra}\r\nbody\r\n`;
const all = { limit: 50, offset: 0 };

describe('MailStore', () => {
  let dir: ReturnType<typeof tempDataDir>;
  beforeEach(() => {
    dir = tempDataDir();
  });
  afterEach(() => dir.remove());

  it('is empty when there is no mail directory yet', async () => {
    expect(await new MailStore(dir.layout.mail).list(all)).toEqual({ total: 0, unread: 0, messages: [] });
  });

  it('reads files any program put in new/ and cur/, skipping tmp/, dot files, directories and symlinks', async () => {
    const at = new Date('2026-11-21T10:00:00Z');
    await deliver(dir.layout, raw('in new'), { mailbox: 'admin', at });
    await deliver(dir.layout, raw('in cur, seen'), { mailbox: 'admin', at, folder: 'cur', flags: 'RS' });
    await deliver(dir.layout, raw('in cur, flagged only'), { mailbox: 'admin', at, folder: 'cur', flags: 'F' });
    writeFileSync(join(dir.layout.mail, 'admin', 'tmp', 'partial'), raw('being written'));
    writeFileSync(join(dir.layout.mail, 'admin', 'new', '.hidden'), raw('hidden'));
    writeFileSync(join(dir.layout.root, 'secret.eml'), raw('outside'));
    symlinkSync(join(dir.layout.root, 'secret.eml'), join(dir.layout.mail, 'admin', 'new', 'link'));
    const result = await new MailStore(dir.layout.mail).list(all);
    const bySubject = Object.fromEntries(result.messages.map((m) => [m.subject, m.seen]));
    expect(bySubject).toEqual({ 'in new': false, 'in cur, seen': true, 'in cur, flagged only': false });
    expect(result.unread).toBe(2);
  });

  it('uses the file time when the Date header is missing or not a date', async () => {
    const at = new Date('2026-11-21T10:00:00Z');
    await deliver(dir.layout, raw('no date'), { mailbox: 'admin', at, unique: 'odd-name-from-another-program' });
    await deliver(dir.layout, raw('bad date', 'Date: yesterday-ish\r\n'), { mailbox: 'admin', at: new Date(at.getTime() - 1000) });
    const { messages } = await new MailStore(dir.layout.mail).list(all);
    expect(messages.map((m) => [m.subject, m.date])).toEqual([
      ['no date', '2026-11-21T10:00:00.000Z'],
      ['bad date', '2026-11-21T09:59:59.000Z'],
    ]);
  });

  it('reads the headers of a message once, and sees messages come, move, change flags and go', async () => {
    const at = new Date('2026-11-21T10:00:00Z');
    const unique = await deliver(dir.layout, raw('first AAAA'), { mailbox: 'admin', at });
    const path = join(dir.layout.mail, 'admin', 'new', unique);
    const store = new MailStore(dir.layout.mail);
    const changes: string[] = [];
    store.onChange((c) => changes.push(`+${c.added.length} -${c.removed.length} ~${c.updated.length}`));
    expect((await store.list(all)).messages[0]?.subject).toBe('first AAAA');
    await writeFile(path, raw('first BBBB')); // Maildir files do not change; the first reading stands
    expect((await store.list(all)).messages[0]?.subject).toBe('first AAAA');

    const second = await deliver(dir.layout, raw('second'), { mailbox: 'admin', at: new Date(at.getTime() + 1000) });
    expect((await store.list(all)).messages.map((m) => m.subject)).toEqual(['second', 'first AAAA']);
    renameSync(path, join(dir.layout.mail, 'admin', 'cur', `${unique}:2,S`));
    expect((await store.list(all)).messages.map((m) => m.seen)).toEqual([false, true]);
    renameSync(join(dir.layout.mail, 'admin', 'cur', `${unique}:2,S`), join(dir.layout.mail, 'admin', 'cur', `${unique}:2,`));
    expect((await store.list(all)).unread).toBe(2);
    rmSync(join(dir.layout.mail, 'admin', 'new', second));
    expect((await store.list(all)).messages.map((m) => m.subject)).toEqual(['first AAAA']);
    expect(changes).toEqual(['+1 -0 ~0', '+1 -0 ~0', '+0 -0 ~1', '+0 -0 ~1', '+0 -1 ~0']);
  });

  it('marks messages read and unread by renaming them, and deletes them', async () => {
    const at = new Date('2026-11-21T10:00:00Z');
    const unique = await deliver(dir.layout, raw('x'), { mailbox: 'admin', at });
    const flagged = await deliver(dir.layout, raw('y'), { mailbox: 'admin', at, folder: 'cur', flags: 'F' });
    const store = new MailStore(dir.layout.mail);
    expect(await store.setSeen({ mailbox: 'admin', unique }, true)).toBe(true);
    expect(await store.setSeen({ mailbox: 'admin', unique: flagged }, true)).toBe(true);
    expect(readdirSync(join(dir.layout.mail, 'admin', 'cur')).sort()).toEqual([`${flagged}:2,FS`, `${unique}:2,S`].sort());
    expect((await store.list(all)).unread).toBe(0);
    expect(await store.setSeen({ mailbox: 'admin', unique: flagged }, false)).toBe(true);
    expect(readdirSync(join(dir.layout.mail, 'admin', 'cur'))).toContain(`${flagged}:2,F`);
    expect(await store.setSeen({ mailbox: 'admin', unique: 'nope' }, true)).toBe(false);
    expect(await store.remove({ mailbox: 'admin', unique })).toBe(true);
    expect(await store.remove({ mailbox: 'admin', unique })).toBe(false);
    expect((await store.list(all)).messages.map((m) => m.subject)).toEqual(['y']);
  });

  it('searches the start of the text too, once the search index has read it', async () => {
    const at = new Date('2026-11-21T10:00:00Z');
    await deliver(dir.layout, raw('plain', 'X-Uptime-Event-Id: ev-1\r\n').replace('body', 'the needle is here'), { mailbox: 'admin', at });
    await deliver(dir.layout, 'Subject: qp\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nGr=C3=BC=C3=9Fe\r\n', { mailbox: 'admin', at });
    const store = new MailStore(dir.layout.mail);
    expect((await store.list({ ...all, q: 'NEEDLE' })).messages.map((m) => m.subject)).toEqual(['plain']);
    expect((await store.list({ ...all, q: 'grüße' })).messages.map((m) => m.subject)).toEqual(['qp']);
    expect(store.search.byEvent('ev-1')?.mailbox).toBe('admin');
  });

  it('finds a message by mailbox and unique name, in new/ or cur/', async () => {
    const at = new Date('2026-11-21T10:00:00Z');
    const unique = await deliver(dir.layout, raw('x'), { mailbox: 'first.last', at, folder: 'cur', flags: 'S' });
    const store = new MailStore(dir.layout.mail);
    expect((await store.find({ mailbox: 'first.last', unique }))?.seen).toBe(true);
    expect(await store.find({ mailbox: 'first.last', unique: 'nope' })).toBeUndefined();
    expect(await store.find({ mailbox: 'nobody', unique })).toBeUndefined();
  });
});
