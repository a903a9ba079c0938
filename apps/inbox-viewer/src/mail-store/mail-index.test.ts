import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliver, tempDataDir } from '../test-support/maildir-fixture.js';
import { INDEX_FILE } from './index-db.js';
import { MailStore } from './mail-store.js';
import { SearchIndexBusy } from './search-index.js';

const raw = (subject: string, text = 'body') => `From: Uptime <uptime@localhost>\r\nTo: admin@localhost\r\nSubject: ${subject}\r\n\r\n${text}\r\n`;
const t0 = Date.UTC(2026, 10, 21, 10, 0);
const all = { limit: 500, offset: 0 };

describe('MailIndex on disk', () => {
  let dir: ReturnType<typeof tempDataDir>;
  const stores: MailStore[] = [];
  const open = (warn?: (line: string) => void) => {
    const store = new MailStore(dir.layout.mail, { warn: warn ?? (() => undefined) });
    stores.push(store);
    return store;
  };
  /** Stops a store as a process exit would: its index file is closed. */
  const stop = async (store: MailStore) => {
    await store.search.ready();
    store.index.db.close();
  };
  const fill = async (count: number, mailbox = 'admin', from = 0) => {
    const names: string[] = [];
    for (let i = from; i < from + count; i++) {
      const words = [`msg${i}`, i % 3 === 0 ? 'is DOWN' : 'is UP', i % 10 === 0 ? 'rackten' : ''];
      names.push(await deliver(dir.layout, raw(`[uptime] ${words.join(' ')}`), { mailbox, at: new Date(t0 + i * 1000) }));
    }
    return names;
  };

  beforeEach(() => {
    dir = tempDataDir();
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) if (store.index.db.open) await stop(store);
    dir.remove();
  });

  it('reads the persisted index at a restart: no folder listed, no message read again', async () => {
    await fill(300);
    const first = open();
    expect((await first.list({ ...all, q: 'rackten' })).total).toBe(30);
    expect(first.search.stats.filesRead).toBe(300);
    await stop(first);

    const second = open();
    const list = await second.list({ ...all, limit: 5 });
    expect(list.total).toBe(300);
    expect(list.messages.map((m) => m.subject)).toEqual(['[uptime] msg299 is UP', '[uptime] msg298 is UP', '[uptime] msg297 is DOWN', '[uptime] msg296 is UP', '[uptime] msg295 is UP']);
    expect((await second.list({ ...all, q: 'rackten' })).total).toBe(30);
    expect((await second.list({ ...all, q: 'is down' })).total).toBe(100);
    expect(second.index.stats.foldersListed).toBe(0);
    expect(second.search.stats.filesRead).toBe(0);
  });

  it('finds messages added, removed and renamed while it was stopped', async () => {
    const names = await fill(200);
    const first = open();
    expect((await first.list(all)).total).toBe(200);
    await stop(first);

    await fill(20, 'admin', 200);
    await fill(5, 'ops', 0);
    for (const name of names.slice(0, 10)) rmSync(join(dir.layout.mail, 'admin', 'new', name));
    for (const name of names.slice(10, 15)) renameSync(join(dir.layout.mail, 'admin', 'new', name), join(dir.layout.mail, 'admin', 'cur', `${name}:2,S`));

    const second = open();
    const list = await second.list(all);
    expect(list.total).toBe(215);
    expect(list.unread).toBe(210);
    expect((await second.list({ ...all, mailbox: 'ops' })).total).toBe(5);
    expect((await second.list({ ...all, q: 'msg3 is', mailbox: 'admin' })).total).toBe(0); // deleted
    expect((await second.list({ ...all, q: 'msg12 is' })).messages.map((m) => m.seen)).toEqual([true]);
    expect((await second.list({ ...all, q: 'msg219 is' })).total).toBe(1);
    expect(second.search.stats.filesRead).toBe(25); // only the new ones; the renamed kept their text
  });

  it('finds messages another program adds, removes and renames while it runs, and those it changes itself', async () => {
    const names = await fill(100);
    const store = open();
    expect((await store.list({ ...all, q: 'is up' })).total).toBe(66);
    await fill(10, 'admin', 100);
    rmSync(join(dir.layout.mail, 'admin', 'new', names[1]!)); // msg1, UP
    renameSync(join(dir.layout.mail, 'admin', 'new', names[2]!), join(dir.layout.mail, 'admin', 'cur', `${names[2]}:2,S`));
    expect((await store.list({ ...all, q: 'is up' })).total).toBe(66 - 1 + 7);
    expect((await store.list(all)).unread).toBe(108);

    expect(await store.setSeen({ mailbox: 'admin', unique: names[4]! }, true)).toBe(true);
    expect(await store.remove({ mailbox: 'admin', unique: names[5]! })).toBe(true);
    const after = await store.list({ ...all, q: 'is up' });
    expect(after.total).toBe(71);
    expect(after.unread).toBe(69);
    await stop(store);

    const restarted = open();
    const again = await restarted.list({ ...all, q: 'is up' });
    expect([again.total, again.unread]).toEqual([71, 69]);
    expect(restarted.search.stats.filesRead).toBe(0);
  });

  it('answers a search during a build with 503 and its progress, or waits; never with a partial total', async () => {
    await fill(400);
    const store = open();
    await store.index.refresh(); // the list is there; the search text is not read yet
    expect(store.search.backlog).toBe(400);
    const early = await store.search.readyWithin(0).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(early).toBeInstanceOf(SearchIndexBusy);
    expect((early as SearchIndexBusy).message).toMatch(/search index is being built \(\d+ of 400 messages read\); search again in \d+ s/);
    expect((early as SearchIndexBusy).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    const totals = await Promise.all([store.list({ ...all, q: 'rackten' }), store.list({ ...all, q: 'rackten', mailbox: 'admin' })]);
    expect(totals.map((r) => r.total)).toEqual([40, 40]);
  });

  it('rebuilds a damaged index file with a warning', async () => {
    await fill(50);
    const first = open();
    expect((await first.list({ ...all, q: 'is down' })).total).toBe(17);
    await stop(first);
    for (const suffix of ['-wal', '-shm']) rmSync(join(dir.layout.root, 'index', `${INDEX_FILE}${suffix}`), { force: true });
    writeFileSync(join(dir.layout.root, 'index', INDEX_FILE), Buffer.alloc(8192, 'not a database '));

    const warnings: string[] = [];
    const second = open((line) => warnings.push(line));
    expect((await second.list({ ...all, q: 'is down' })).total).toBe(17);
    expect(warnings).toEqual([expect.stringMatching(/the mail index .*mail-index\.sqlite is damaged or unreadable \(.*\); rebuilding it from the Maildir/)]);
    expect(second.search.stats.filesRead).toBe(50);
  });
});
