import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import type { Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { deliver, tempDataDir } from '../test-support/maildir-fixture.js';
import type { FolderWatches } from './folder-watch.js';
import { rawAlert as raw, storeOpener } from '../test-support/store-opener.js';

const t0 = Date.UTC(2026, 10, 21, 10, 0);
const all = { limit: 500, offset: 0 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('watched folders: a change costs work for the names changed, not a listing of the folder', () => {
  let dir: ReturnType<typeof tempDataDir>;
  const { stores, open } = storeOpener(() => dir.layout.mail);
  const box = (mailbox: string, folder: string, name = '') => join(dir.layout.mail, mailbox, folder, name);
  const fill = async (count: number, mailbox = 'admin', from = 0) => {
    const names: string[] = [];
    for (let i = from; i < from + count; i++) names.push(await deliver(dir.layout, raw(`msg${i}`), { mailbox, at: new Date(t0 + i * 1000) }));
    return names;
  };
  /** Writes a message as an MTA does: into tmp/, then renamed into new/. */
  const arrive = (mailbox: string, i: number) => {
    const name = `${Math.floor((t0 + i * 1000) / 1000)}.M${i}P1.watch.lab`;
    mkdirSync(box(mailbox, 'tmp'), { recursive: true });
    writeFileSync(box(mailbox, 'tmp', name), raw(`msg${i}`));
    renameSync(box(mailbox, 'tmp', name), box(mailbox, 'new', name));
    return name;
  };

  beforeEach(() => {
    dir = tempDataDir();
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) {
      store.index.close();
      if (store.index.db.open) {
        await store.search.ready();
        store.index.db.close();
      }
    }
    dir.remove();
  });

  it('lists a delivery at the next request and applies renames and removals, none of them listing a folder again', async () => {
    const names = await fill(50);
    const store = open();
    expect((await store.list(all)).total).toBe(50);
    const listed = store.index.stats.foldersListed;

    const fresh = arrive('admin', 50);
    const first = await store.list({ ...all, limit: 1 });
    expect([first.total, first.messages[0]?.subject]).toEqual([51, 'msg50']);

    renameSync(box('admin', 'new', names[3]), box('admin', 'cur', `${names[3]}:2,S`)); // read by another program
    renameSync(box('admin', 'new', fresh), box('admin', 'cur', `${fresh}:2,`)); // seen by a client, still unread
    rmSync(box('admin', 'new', names[7]));
    const after = await store.list(all);
    expect([after.total, after.unread]).toEqual([50, 49]);
    expect(after.messages.map((m) => m.subject)).not.toContain('msg7');
    expect(after.messages.find((m) => m.subject === 'msg3')?.seen).toBe(true);
    expect(await store.find({ mailbox: 'admin', unique: fresh })).toMatchObject({ folder: 'cur', fileName: `${fresh}:2,` });

    renameSync(box('admin', 'cur', `${names[3]}:2,S`), box('admin', 'cur', `${names[3]}:2,FS`)); // flagged
    rmSync(box('admin', 'cur', `${fresh}:2,`));
    const last = await store.list(all);
    expect([last.total, last.unread]).toEqual([49, 48]);
    expect(await store.find({ mailbox: 'admin', unique: names[3]! })).toMatchObject({ fileName: `${names[3]}:2,FS`, seen: true });
    expect((await store.list({ ...all, q: 'msg50' })).total).toBe(0);
    expect((await store.list({ ...all, q: 'msg49' })).total).toBe(1);

    expect(store.index.stats.foldersListed).toBe(listed);
    expect(store.index.stats.namesApplied).toBeGreaterThanOrEqual(7);
  });

  it('applies a burst of more names than one transaction takes, a rename among them keeping its row', async () => {
    const names = await fill(5);
    const store = open();
    expect((await store.list(all)).total).toBe(5);
    const before = store.index.get(`admin/${names[0]}`)!.id;
    for (let i = 5; i < 2105; i++) arrive('admin', i);
    renameSync(box('admin', 'new', names[0]), box('admin', 'cur', `${names[0]}:2,S`));
    for (let i = 2105; i < 2205; i++) arrive('admin', i);
    const after = await store.list({ ...all, limit: 2 });
    expect([after.total, after.unread, after.messages.map((m) => m.subject)]).toEqual([2205, 2204, ['msg2204', 'msg2203']]);
    expect(store.index.get(`admin/${names[0]}`)).toMatchObject({ id: before, folder: 'cur', seen: true });
  });

  it('watches a mailbox made after the start, and a folder replaced by another directory', async () => {
    await fill(5);
    const store = open();
    expect((await store.list(all)).total).toBe(5);
    mkdirSync(box('ops', 'cur'), { recursive: true });
    mkdirSync(box('ops', 'new'), { recursive: true });
    arrive('ops', 10);
    expect((await store.list({ ...all, mailbox: 'ops' })).total).toBe(1); // listed once, then watched
    const listed = store.index.stats.foldersListed;
    arrive('ops', 11);
    expect((await store.list({ ...all, mailbox: 'ops' })).messages.map((m) => m.subject)).toEqual(['msg11', 'msg10']);
    expect(store.index.stats.foldersListed).toBe(listed);

    renameSync(box('ops', 'new'), box('ops', 'old-new'));
    mkdirSync(box('ops', 'new'));
    arrive('ops', 12);
    expect((await store.list({ ...all, mailbox: 'ops' })).messages.map((m) => m.subject)).toEqual(['msg12']);
    arrive('ops', 13);
    expect((await store.list({ ...all, mailbox: 'ops' })).total).toBe(2);
    expect((await store.list(all)).total).toBe(7);
  });

  it('finds a change its watch did not report by comparing the folder in full in the background', async () => {
    await fill(20);
    const store = open();
    expect((await store.list(all)).total).toBe(20);
    arrive('admin', 20);
    // As if the kernel's event queue overflowed: the name the watch reported is lost.
    const { watches } = store.index as unknown as { watches: FolderWatches };
    while (!watches.pending('admin/new')) await sleep(10);
    watches.take('admin/new');
    while ((await store.list(all)).total !== 21) await sleep(100);
    expect(store.index.stats.foldersChecked).toBeGreaterThan(0);
    expect((await store.list({ ...all, limit: 1 })).messages[0]?.subject).toBe('msg20');
    await store.search.ready();
    store.index.close();
    store.index.db.close();

    const restarted = open(); // the comparison recorded the folder's version: nothing to list at a restart
    expect((await restarted.list(all)).total).toBe(21);
    expect(restarted.index.stats.foldersListed).toBe(0);
  });

  it('without watches (a file system that has none) lists a changed folder at the next request, as before', async () => {
    await fill(5);
    const store = open({ watch: false });
    expect((await store.list(all)).total).toBe(5);
    const listed = store.index.stats.foldersListed;
    arrive('admin', 5);
    expect((await store.list({ ...all, limit: 1 })).messages[0]?.subject).toBe('msg5');
    expect(store.index.stats.foldersListed).toBe(listed + 1);
    expect(store.index.stats.namesApplied).toBe(0);
  });

  it('serves a message delivered while the viewer runs at the next request over HTTP', async () => {
    await fill(3);
    const store = open();
    const app = createApp({ layout: dir.layout, store });
    const server = createAdaptorServer({ fetch: app.fetch }) as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages?limit=1`;
      const get = async () => (await (await fetch(url)).json()) as { total: number; messages: { subject: string }[] };
      expect((await get()).total).toBe(3);
      for (let i = 3; i < 8; i++) {
        arrive('admin', i);
        const body = await get();
        expect([body.total, body.messages[0]?.subject]).toEqual([i + 1, `msg${i}`]);
      }
      expect(store.index.stats.namesApplied).toBe(5);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
