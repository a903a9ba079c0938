import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { compose, deliver, tempDataDir } from '../test-support/maildir-fixture.js';
import { PNG } from '../test-support/sample-mail.js';
import { MailStore } from './mail-store.js';
import { encodeMessageId } from './message-id.js';
import { MAX_HTML_TAGS } from './sanitize.js';

describe('messages parsed for display', () => {
  let dir: ReturnType<typeof tempDataDir>;
  beforeEach(() => {
    dir = tempDataDir();
  });
  afterEach(() => dir.remove());

  const at = new Date(Date.UTC(2026, 10, 21, 10, 0));

  it('parses a message once for its page, its frame, the API and an attachment; again only when the file changes', async () => {
    const raw = await compose({
      from: 'Ops <ops@lab>', to: 'admin@localhost', subject: 'report', text: 'plain', date: at,
      html: '<p>Hello <img src="https://lab.example/x.png"></p>', attachments: [{ filename: 'dot.png', content: PNG }],
    });
    const unique = await deliver(dir.layout, raw, { mailbox: 'admin', at });
    const id = encodeMessageId({ mailbox: 'admin', unique });
    const store = new MailStore(dir.layout.mail);
    const app = createApp({ layout: dir.layout, store });

    const page = await app.request(`/messages/${id}`); // also marks it read: the file moves to cur/
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('1 remote image is not shown');
    const frame = await app.request(`/messages/${id}/body`);
    expect(await frame.text()).toContain('<p>Hello </p>');
    expect((await app.request(`/messages/${id}/body?images=1`)).status).toBe(200);
    const api = (await (await app.request(`/api/messages/${id}`)).json()) as { text: string; seen: boolean };
    expect(api).toMatchObject({ text: 'plain', seen: true });
    expect((await app.request(`/api/messages/${id}/attachments/0`)).status).toBe(200);
    expect(store.parsed.parses).toBe(1);

    const file = (await store.find({ mailbox: 'admin', unique }))!;
    await appendFile(file.path, 'more\r\n');
    await app.request(`/messages/${id}`);
    await app.request(`/messages/${id}/body`);
    expect(store.parsed.parses).toBe(2);
    expect(file.path).toContain(join('admin', 'cur'));
  });

  it(`answers HTML of more than ${MAX_HTML_TAGS} tags with 422 on the page, the frame and the API, and 6 MB of HTML too; HTML within the caps renders`, async () => {
    const store = new MailStore(dir.layout.mail);
    const app = createApp({ layout: dir.layout, store });
    const htmlMail = (subject: string, body: string) => `Subject: ${subject}\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${body}\r\n`;
    const cases = {
      tags: { raw: htmlMail('tags', '<b>x</b>'.repeat(MAX_HTML_TAGS / 2 + 1)), status: 422 },
      huge: { raw: htmlMail('huge', '<p>lorem ipsum dolor sit amet</p>\r\n'.repeat(6_000_000 / 36)), status: 422 },
      fine: { raw: htmlMail('fine', '<b>x</b>'.repeat(MAX_HTML_TAGS / 2 - 10)), status: 200 },
    };
    let second = 0;
    for (const [name, { raw, status }] of Object.entries(cases)) {
      const when = new Date(at.getTime() + 1000 * second++);
      const id = encodeMessageId({ mailbox: 'admin', unique: await deliver(dir.layout, raw, { mailbox: 'admin', at: when }) });
      for (const path of [`/messages/${id}`, `/messages/${id}/body`, `/api/messages/${id}`]) {
        const answer = await app.request(path);
        expect(answer.status, `${name} ${path}`).toBe(status);
        if (status === 422) expect(await answer.text()).toMatch(/too large or too complex to show .*download the raw message/);
      }
      expect((await app.request(`/api/messages/${id}/raw?download=1`)).status).toBe(200);
    }
    expect(store.parsed.parses).toBe(3);
  });
});
