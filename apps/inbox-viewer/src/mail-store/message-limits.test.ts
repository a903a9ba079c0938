import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { deliver, tempDataDir } from '../test-support/maildir-fixture.js';
import { encodeMessageId } from './message-id.js';
import { MAX_VIEW_BYTES } from './message-view.js';

describe('messages too large or too complex to show', () => {
  let dir: ReturnType<typeof tempDataDir>;
  beforeEach(() => {
    dir = tempDataDir();
  });
  afterEach(() => dir.remove());

  it('answers 10,000 parts, a 2 MB header and a file over the size cap with a clear 422 (was 500), and still downloads them raw', async () => {
    const parts = Array.from({ length: 10_000 }, (_, i) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${i}\r\n`).join('');
    const messages = {
      parts: `Subject: parts\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n${parts}--b--\r\n`,
      header: `Subject: header\r\nX-Big: ${'a'.repeat(2 * 1024 * 1024)}\r\n\r\nbody\r\n`,
      html: `Subject: html\r\nContent-Type: text/html\r\n\r\n${'<p>x</p>'.repeat(MAX_VIEW_BYTES / 8 + 1)}\r\n`,
    };
    const app = createApp({ layout: dir.layout });
    let second = 0;
    for (const [name, raw] of Object.entries(messages)) {
      const at = new Date(Date.UTC(2026, 10, 21, 10, 0, second++));
      const id = encodeMessageId({ mailbox: 'admin', unique: await deliver(dir.layout, raw, { mailbox: 'admin', at }) });
      const api = await app.request(`/api/messages/${id}`);
      expect(api.status, name).toBe(422);
      expect(((await api.json()) as { error: string }).error).toMatch(new RegExp(`too large or too complex to show \\(.+\\); download the raw message: /api/messages/${id}/raw\\?download=1$`));
      const page = await app.request(`/messages/${id}`);
      expect(page.status, name).toBe(422);
      expect(await page.text()).toContain('too large or too complex to show');
      expect((await app.request(`/messages/${id}/body`)).status, name).toBe(422);
      const download = await app.request(`/api/messages/${id}/raw?download=1`);
      expect(download.status).toBe(200);
      expect((await download.arrayBuffer()).byteLength).toBe(Buffer.byteLength(raw));
    }
  });
});
