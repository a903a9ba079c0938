import { existsSync, mkdirSync, readdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { deliver, tempDataDir } from '../test-support/maildir-fixture.js';
import { MailStore } from './mail-store.js';
import { encodeMessageId } from './message-id.js';
import { Retention } from './retention.js';

const OLD = '1500000000.M1P1.elsewhere';

describe('symlinked directories in the mail store', () => {
  let dir: ReturnType<typeof tempDataDir>;
  let outside: string;
  beforeEach(() => {
    dir = tempDataDir();
    outside = join(dir.layout.root, 'outside');
    for (const f of ['cur', 'new', 'tmp']) mkdirSync(join(outside, f), { recursive: true });
    writeFileSync(join(outside, 'new', OLD), 'Subject: outside the store\r\n\r\nsecret\r\n');
    writeFileSync(join(outside, 'cur', `${OLD}x:2,`), 'Subject: outside too\r\n\r\nsecret\r\n');
  });
  afterEach(() => dir.remove());

  it('lists, opens, marks, deletes and expires nothing through a symlinked new/, cur/ or mailbox', async () => {
    // A minute ahead: the name holds whole seconds, so a message of now may be 1 s old before the run.
    await deliver(dir.layout, 'Subject: mine\r\n\r\nbody\r\n', { mailbox: 'admin', at: new Date(Date.now() + 60_000) });
    mkdirSync(join(dir.layout.mail, 'linked'), { recursive: true });
    symlinkSync(join(outside, 'new'), join(dir.layout.mail, 'linked', 'new'));
    symlinkSync(join(outside, 'cur'), join(dir.layout.mail, 'linked', 'cur'));
    symlinkSync(outside, join(dir.layout.mail, 'whole'));
    const store = new MailStore(dir.layout.mail);
    expect((await store.list({ limit: 50, offset: 0 })).messages.map((m) => m.subject)).toEqual(['mine']);
    expect(await new Retention(store, { maxAge: 1000 }).run()).toBe(0); // the outside files are years old
    const app = createApp({ layout: dir.layout, store });
    for (const mailbox of ['linked', 'whole']) {
      const id = encodeMessageId({ mailbox, unique: OLD });
      expect((await app.request(`/api/messages/${id}/raw`)).status, mailbox).toBe(404);
      expect((await app.request(`/api/messages/${id}`, { method: 'DELETE' })).status).toBe(404);
    }
    expect(readdirSync(join(outside, 'new'))).toEqual([OLD]);
    expect(readdirSync(join(outside, 'cur'))).toEqual([`${OLD}x:2,`]);
  });

  it('refuses a folder that becomes a symlink after it was listed', async () => {
    const unique = await deliver(dir.layout, 'Subject: swapped\r\n\r\nbody\r\n', { mailbox: 'admin', at: new Date(Date.UTC(2020, 0, 1)), unique: OLD });
    const store = new MailStore(dir.layout.mail);
    expect((await store.entry({ mailbox: 'admin', unique }))?.unique).toBe(unique);
    const newDir = join(dir.layout.mail, 'admin', 'new');
    renameSync(newDir, join(dir.layout.root, 'moved-away'));
    symlinkSync(join(outside, 'new'), newDir); // same file name inside
    const ref = { mailbox: 'admin', unique };
    expect(await store.find(ref)).toBeUndefined();
    expect(await store.setSeen(ref, true)).toBe(false);
    expect(await store.remove(ref)).toBe(false);
    expect(await new Retention(store, { maxAge: 1000 }).run()).toBe(0);
    expect(existsSync(join(outside, 'new', OLD))).toBe(true);
    expect(readdirSync(join(outside, 'cur'))).toEqual([`${OLD}x:2,`]);
  });
});
