import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { encodeMessageId } from '../mail-store/message-id.js';
import { deliver, tempDataDir } from '../test-support/maildir-fixture.js';
import { disposition, NAME_CHARS } from './content-disposition.js';

const EMOJI = '\u{1F600}';

describe('disposition', () => {
  it('keeps an ASCII name and the full name in RFC 5987 form, at most 200 code points', () => {
    expect(disposition('attachment', 'report.pdf')).toBe(`attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
    expect(disposition('inline', 'Grüße "1"/\\x.txt')).toBe(`inline; filename="Gr__e _1___x.txt"; filename*=UTF-8''Gr%C3%BC%C3%9Fe%20%221%22__x.txt`);
    const long = disposition('attachment', `${'a'.repeat(NAME_CHARS - 1)}${EMOJI}${EMOJI}.txt`);
    expect(long).toMatch(new RegExp(`filename\\*=UTF-8''a{${NAME_CHARS - 1}}%F0%9F%98%80$`)); // the emoji kept whole
    expect(disposition('attachment', 'x\uD83D.txt')).toBe(`attachment; filename="x_.txt"; filename*=UTF-8''x%EF%BF%BD.txt`); // a lone surrogate becomes U+FFFD
    expect(disposition('attachment', '\uDE00')).toContain(`filename*=UTF-8''%EF%BF%BD`);
  });
});

describe('attachment downloads with names that are not well-formed UTF-16', () => {
  let dir: ReturnType<typeof tempDataDir>;
  beforeEach(() => {
    dir = tempDataDir();
  });
  afterEach(() => dir.remove());

  it('downloads them (was 500: encodeURIComponent threw on a lone surrogate)', async () => {
    const names = [`${'a'.repeat(NAME_CHARS - 1)}${EMOJI}.txt`, '=?utf-16be?B?2D0AeAB5?=.txt'];
    const parts = names.map((n) => `--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename="${n}"\r\n\r\nhello\r\n`).join('');
    const at = new Date(Date.UTC(2026, 10, 21, 10));
    const unique = await deliver(dir.layout, `From: a@b\r\nSubject: names\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n${parts}--b--\r\n`, { mailbox: 'admin', at });
    const id = encodeMessageId({ mailbox: 'admin', unique });
    const app = createApp({ layout: dir.layout });
    const view = (await (await app.request(`/api/messages/${id}`)).json()) as { attachments: Array<{ filename: string }> };
    expect(view.attachments.map((a) => a.filename)).toEqual([names[0], expect.stringMatching(/xy\.txt$/)]);
    for (const index of [0, 1]) {
      const res = await app.request(`/api/messages/${id}/attachments/${index}`);
      expect(res.status, String(index)).toBe(200);
      expect(await res.text()).toBe('hello');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="[A-Za-z0-9._ -]+"; filename\*=UTF-8''[A-Za-z0-9%._~-]+$/);
    }
    expect((await app.request(`/messages/${id}`)).status).toBe(200);
  });
});
