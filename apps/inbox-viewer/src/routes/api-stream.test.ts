import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openEventWriter } from '@uptime/events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { compose, deliver, tempDataDir } from '../test-support/maildir-fixture.js';

interface Sse {
  event: string;
  data: unknown;
}

/** Reads server-sent events from a response until `until` holds for the ones read so far. */
function reader(res: Response) {
  const stream = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const seen: Sse[] = [];
  let buffer = '';
  return {
    seen,
    async until(found: (events: Sse[]) => boolean): Promise<Sse[]> {
      const deadline = Date.now() + 15_000; // only catches a hang
      while (!found(seen)) {
        if (Date.now() > deadline) throw new Error(`timed out; got ${JSON.stringify(seen)}`);
        const { value, done } = await stream.read();
        if (done) throw new Error('the stream ended');
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) seen.push({ event, data: JSON.parse(data) });
        }
      }
      return seen;
    },
    close: () => stream.cancel(),
  };
}

describe('GET /api/events/stream', () => {
  let dir: ReturnType<typeof tempDataDir>;
  let app: ReturnType<typeof createApp>;
  beforeEach(() => {
    dir = tempDataDir();
    app = createApp({ layout: dir.layout, liveIntervalMs: 50 });
  });
  afterEach(() => dir.remove());

  it('sends new messages, changes to messages, new events and status changes as they happen', async () => {
    await deliver(dir.layout, 'Subject: old\r\n\r\nx\r\n', { mailbox: 'admin', at: new Date(Date.UTC(2026, 10, 21, 9)) });
    const res = await app.request('/api/events/stream');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const sse = reader(res);
    try {
      await sse.until((s) => s.some((e) => e.event === 'ready'));
      await new Promise((r) => setTimeout(r, 200)); // the stream has had its first look
      const unique = await deliver(dir.layout, await compose({ from: 'uptime@localhost', to: 'admin@localhost', subject: '[uptime] gw 192.0.2.1 is DOWN', text: 'down' }), { mailbox: 'admin', at: new Date() });
      const [message] = (await sse.until((s) => s.some((e) => e.event === 'message'))).filter((e) => e.event === 'message');
      expect(message?.data).toMatchObject({ mailbox: 'admin', subject: '[uptime] gw 192.0.2.1 is DOWN', seen: false });

      renameSync(join(dir.layout.mail, 'admin', 'new', unique), join(dir.layout.mail, 'admin', 'cur', `${unique}:2,S`));
      await sse.until((s) => s.some((e) => e.event === 'mailbox'));

      const writer = await openEventWriter({ dir: dir.layout.events, role: 'monitor' });
      await writer.record({ code: 'HOST_DOWN', target: 'gw', before: 'up', after: 'down', hosts: ['192.0.2.1'], message: 'gw is down' });
      await writer.close();
      const [event] = (await sse.until((s) => s.some((e) => e.event === 'event'))).filter((e) => e.event === 'event');
      expect(event?.data).toMatchObject({ code: 'HOST_DOWN', target: 'gw', hosts: ['192.0.2.1'] });

      mkdirSync(dir.layout.run, { recursive: true });
      writeFileSync(dir.layout.statusFile, JSON.stringify({ targets: [{ name: 'gw', host: '192.0.2.1', status: 'down', since: null, rttMs: null }] }));
      const [status] = (await sse.until((s) => s.some((e) => e.event === 'status'))).filter((e) => e.event === 'status');
      expect(status?.data).toEqual({ targets: [{ name: 'gw', host: '192.0.2.1', status: 'down', since: null, rttMs: null, parents: [], tags: [], silenced: false, acknowledged: false, flapping: false }] });
      expect(sse.seen.filter((e) => e.event === 'message')).toHaveLength(1); // the old message was not sent
    } finally {
      await sse.close();
    }
  });

  it('refuses pages of other sites', async () => {
    const attempts: Array<Record<string, string>> = [{ Origin: 'http://evil.example' }, { 'Sec-Fetch-Site': 'cross-site' }, { Origin: 'null' }];
    for (const headers of attempts) {
      const res = await app.request('/api/events/stream', { headers });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(await res.json()).toEqual({ error: expect.stringMatching(/^cross-site request refused/) });
    }
    const same = await app.request('/api/events/stream', { headers: { Origin: 'http://localhost', 'Sec-Fetch-Site': 'same-origin' } });
    expect(same.status).toBe(200);
    await same.body?.cancel();
  });
});
