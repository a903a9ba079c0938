import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliver, tempDataDir } from '../test-support/maildir-fixture.js';
import { MailStore } from './mail-store.js';
import { Retention } from './retention.js';

const raw = (subject: string) => `Subject: ${subject}\r\n\r\nbody\r\n`;

describe('Retention', () => {
  let dir: ReturnType<typeof tempDataDir>;
  beforeEach(() => {
    dir = tempDataDir();
  });
  afterEach(() => dir.remove());

  const fill = async (mailbox: string, count: number, firstMs: number) => {
    for (let i = 0; i < count; i++) await deliver(dir.layout, raw(`${mailbox} ${i}`), { mailbox, at: new Date(firstMs + i * 60_000) });
  };

  it('keeps at most maxMessages per mailbox, deleting the oldest', async () => {
    const now = Date.now();
    await fill('admin', 5, now - 3_600_000);
    await fill('ops', 2, now - 3_600_000);
    const store = new MailStore(dir.layout.mail);
    expect(await new Retention(store, { maxMessages: 3 }).run()).toBe(2);
    const { messages } = await store.list({ limit: 50, offset: 0, mailbox: 'admin' });
    expect(messages.map((m) => m.subject)).toEqual(['admin 4', 'admin 3', 'admin 2']);
    expect(readdirSync(join(dir.layout.mail, 'ops', 'new'))).toHaveLength(2);
  });

  it('deletes messages older than maxAge, and does nothing without a rule', async () => {
    const now = Date.now();
    await fill('admin', 3, now - 10 * 60_000 - 30_000); // 10.5, 9.5 and 8.5 minutes old
    const store = new MailStore(dir.layout.mail);
    expect(await new Retention(store, {}).run()).toBe(0);
    expect(await new Retention(store, { maxAge: 9 * 60_000 }).run()).toBe(2);
    expect((await store.list({ limit: 50, offset: 0 })).messages.map((m) => m.subject)).toEqual(['admin 2']);
  });
});
