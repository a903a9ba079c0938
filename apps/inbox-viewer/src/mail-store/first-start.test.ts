import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliver, tempDataDir } from '../test-support/maildir-fixture.js';
import { BULK_MIN } from './folder-sync.js';
import { INDEX_FILE } from './index-db.js';
import type { MailStore } from './mail-store.js';
import { rawAlert as raw, storeOpener } from '../test-support/store-opener.js';
import { SearchIndexBusy } from './search-index.js';
import Database from 'better-sqlite3';

const t0 = Date.UTC(2026, 10, 21, 10, 0);
const all = { limit: 5, offset: 0 };
const busy = (store: MailStore) => store.search.readyWithin(0).then(() => false, (err: unknown) => err instanceof SearchIndexBusy);

describe('a first start on an existing Maildir', () => {
  let dir: ReturnType<typeof tempDataDir>;
  const { stores, open } = storeOpener(() => dir.layout.mail);
  const fill = async (count: number) => {
    const names: string[] = [];
    for (let i = 0; i < count; i++) {
      names.push(await deliver(dir.layout, raw(`[uptime] msg${i} ${i % 10 === 0 ? 'rackten' : 'is UP'}`), { mailbox: 'admin', at: new Date(t0 + i * 1000), folder: i % 7 === 0 ? 'cur' : 'new', flags: 'S' }));
    }
    return names;
  };

  beforeEach(() => {
    dir = tempDataDir();
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) {
      await store.search.ready();
      store.index.db.close();
    }
    dir.remove();
  });

  it('with few messages reads their search text before it lists them: the first search is answered at once', async () => {
    await fill(3000);
    const store = open();
    void store.start();
    expect(await store.mailboxes()).toEqual(['admin']); // the first request waits for the start
    expect(store.search.backlog).toBe(0);
    expect((await store.list(all)).total).toBe(3000);
    expect(await busy(store)).toBe(false);
    expect((await store.list({ ...all, q: 'rackten' })).total).toBe(300);
  });

  it('with more than it reads first lists them at once and answers a search 503, never a part, until the text is in', async () => {
    await fill(300);
    const store = open({ readTextFirstUpTo: 100 });
    await store.start();
    expect(store.search.backlog).toBe(300);
    expect(await busy(store)).toBe(true);
    const list = await store.list(all);
    expect(list.total).toBe(300);
    expect(list.messages[0]!.subject).toBe('[uptime] msg299 is UP');
    await store.search.ready();
    expect((await store.list({ ...all, q: 'rackten' })).total).toBe(30);
  });

  it(`fills an empty index of ${BULK_MIN} or more messages in bulk (a copy mid-rename counted once, in cur/), and completes a fill that stopped midway`, async () => {
    const names = await fill(BULK_MIN + 250);
    for (const i of [3, 150, BULK_MIN + 121]) copyFileSync(join(dir.layout.mail, 'admin', 'new', names[i]!), join(dir.layout.mail, 'admin', 'cur', `${names[i]}:2,S`));
    const store = open();
    await store.start();
    const list = await store.list({ ...all, limit: 3 });
    expect(list.total).toBe(BULK_MIN + 250);
    expect(list.unread).toBe(BULK_MIN + 250 - Math.ceil((BULK_MIN + 250) / 7) - 3);
    expect(list.messages.map((m) => m.subject)).toEqual([`[uptime] msg${BULK_MIN + 249} is UP`, `[uptime] msg${BULK_MIN + 248} is UP`, `[uptime] msg${BULK_MIN + 247} is UP`]);
    expect((await store.entry({ mailbox: 'admin', unique: names[5]! }))?.fileName).toBe(names[5]);
    expect((await store.entry({ mailbox: 'admin', unique: names[150]! }))?.fileName).toBe(`${names[150]}:2,S`);
    await store.search.ready();
    expect((await store.list({ ...all, q: 'msg150' })).total).toBe(1);
    store.index.db.close();

    const file = join(dir.layout.root, 'index', INDEX_FILE);
    const db = new Database(file);
    db.exec('DELETE FROM folders'); // as a fill killed before its end leaves it: some rows, no folder versions
    const lost = db.prepare(`DELETE FROM messages WHERE id > ${BULK_MIN}`).run().changes;
    db.exec(`DELETE FROM search_text WHERE rowid > ${BULK_MIN}`);
    db.close();
    rmSync(join(dir.layout.mail, 'admin', 'new', names[1]!));
    const again = open();
    await again.start();
    const after = await again.list(all);
    expect([after.total, after.messages[0]!.subject]).toEqual([BULK_MIN + 249, `[uptime] msg${BULK_MIN + 249} is UP`]);
    expect(lost).toBeGreaterThan(200);
    expect(again.search.stats.filesRead).toBe(lost);
    expect((await again.list({ ...all, q: 'msg1 is' })).total).toBe(0);
    expect((await again.list({ ...all, q: 'rackten' })).total).toBe(Math.ceil((BULK_MIN + 250) / 10));
  });

  it('counts a file removed during the first pass out of the list and the search, and answers searches meanwhile 503 or right', async () => {
    const names = await fill(1200);
    const store = open({ readTextFirstUpTo: 0 });
    const starting = store.start();
    for (let i = 0; i < names.length; i += 20) {
      // 60 of the 120 "rackten", removed while the first look lists or reads them
      rmSync(join(dir.layout.mail, 'admin', i % 7 === 0 ? 'cur' : 'new', i % 7 === 0 ? `${names[i]}:2,S` : names[i]!));
    }
    await starting;
    const answers: (number | 'busy')[] = [];
    while (store.search.backlog > 0 || answers.length === 0) {
      answers.push(await store.list({ ...all, q: 'rackten' }).then((r) => r.total, (err: unknown) => (err instanceof SearchIndexBusy ? 'busy' : Promise.reject(err))));
      if (answers.length > 200) break;
    }
    await store.search.ready();
    expect((await store.list({ ...all, q: 'rackten' })).total).toBe(60);
    expect(answers.filter((a) => a !== 'busy' && a !== 60)).toEqual([]);
    expect((await store.list(all)).total).toBe(1140);
  });

  it('reads the search text in the background while requests keep the store looked at, one look after another', async () => {
    await fill(1200);
    const store = open({ readTextFirstUpTo: 0 });
    await store.start();
    let stop = false;
    const requests = (async () => {
      while (!stop) await Promise.all([store.index.refresh(), store.index.refresh()]);
    })();
    await store.search.ready();
    stop = true;
    await requests;
    expect([store.search.backlog, store.search.stats.filesRead]).toEqual([0, 1200]);
  }, 20_000);
});
