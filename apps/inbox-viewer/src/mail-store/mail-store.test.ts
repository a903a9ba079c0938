import { symlinkSync, writeFileSync } from 'node:fs';
import { utimes, writeFile } from 'node:fs/promises';
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

  it('keeps parsed headers per file and re-reads a file only when its mtime or size changes', async () => {
    const at = new Date('2026-11-21T10:00:00Z');
    const unique = await deliver(dir.layout, raw('first AAAA'), { mailbox: 'admin', at });
    const path = join(dir.layout.mail, 'admin', 'new', unique);
    const store = new MailStore(dir.layout.mail);
    expect((await store.list(all)).messages[0]?.subject).toBe('first AAAA');

    await writeFile(path, raw('first BBBB')); // same size, same mtime: the cached summary stands
    await utimes(path, at, at);
    expect((await store.list(all)).messages[0]?.subject).toBe('first AAAA');

    const later = new Date(at.getTime() + 5000);
    await utimes(path, later, later);
    expect((await store.list(all)).messages[0]?.subject).toBe('first BBBB');
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
