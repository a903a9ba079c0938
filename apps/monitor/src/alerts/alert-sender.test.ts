import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { NewEvent, UptimeEvent } from '@uptime/events';
import { AlertSender } from './alert-sender.js';
import { Outbox } from './outbox.js';
import type { AlertMessage } from './alert-message.js';

interface Received {
  to: string[];
  raw: string;
}

function startSmtpPeer(port = 0): Promise<{ server: SMTPServer; port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString()));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => resolve({ server, port: (server.server.address() as AddressInfo).port, received }));
  });
}

function alert(n: number): AlertMessage {
  return {
    eventId: `event-${n}`,
    from: 'uptime@localhost',
    to: ['admin@localhost'],
    subject: `[uptime] t${n} 127.0.0.${n} is DOWN`,
    text: `body ${n}\n`,
    html: `<p>body ${n}</p>`,
    messageId: `<event-${n}@sensor.lab>`,
    headers: { 'X-Uptime-Event-Id': `event-${n}` },
  };
}

const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

function sender(dir: string, port: number, events: NewEvent[], lines: string[]) {
  const s = new AlertSender({
    outbox: new Outbox(dir),
    smtp: { host: '127.0.0.1', port, name: 'sensor.lab' },
    recordEvent: async (e) => {
      events.push(e);
      return { ...e, id: `id-${events.length}`, time: new Date().toISOString() } as UptimeEvent;
    },
    logNotification: (line) => lines.push(line),
    onProblem: () => undefined,
    retryMs: { first: 50, max: 200 },
  });
  closers.push(() => s.stop());
  return s;
}

describe('AlertSender', () => {
  it('hands alerts to the SMTP server in order and records ALERT_QUEUED', async () => {
    const peer = await startSmtpPeer();
    closers.push(() => new Promise<void>((r) => peer.server.close(() => r())));
    const dir = await mkdtemp(join(tmpdir(), 'outbox-'));
    const events: NewEvent[] = [];
    const lines: string[] = [];
    const s = sender(dir, peer.port, events, lines);
    await s.start();
    for (const n of [1, 2, 3]) await s.enqueue(alert(n));
    await expect.poll(() => peer.received.length, { timeout: 10_000 }).toBe(3);
    expect(peer.received.map((r) => /Subject: (.*)/.exec(r.raw)?.[1])).toEqual([1, 2, 3].map((n) => alert(n).subject));
    expect(peer.received[0]?.raw).toContain('X-Uptime-Event-Id: event-1');
    await expect.poll(() => events.filter((e) => e.code === 'ALERT_QUEUED').length).toBe(3);
    expect(await readdir(dir)).toEqual([]);
    expect(lines[0]).toMatch(/\tadmin@localhost\t\[uptime\] t1 127\.0\.0\.1 is DOWN\taccepted 250/);
  });

  it('does not send an alert again when the MTA took it but its event cannot be recorded', async () => {
    const peer = await startSmtpPeer();
    closers.push(() => new Promise<void>((r) => peer.server.close(() => r())));
    const dir = await mkdtemp(join(tmpdir(), 'outbox-'));
    const problems: string[] = [];
    const s = new AlertSender({
      outbox: new Outbox(dir),
      smtp: { host: '127.0.0.1', port: peer.port, name: 'sensor.lab' },
      recordEvent: async () => {
        throw new Error('disk full');
      },
      logNotification: () => undefined,
      onProblem: (m) => problems.push(m),
      retryMs: { first: 20, max: 50 },
    });
    closers.push(() => s.stop());
    await s.start();
    await s.enqueue(alert(1));
    await expect.poll(() => problems.length, { timeout: 10_000 }).toBe(1);
    expect(problems[0]).toMatch(/ALERT_QUEUED event not recorded: disk full/);
    await new Promise((r) => setTimeout(r, 200));
    expect(peer.received).toHaveLength(1);
    expect(s.pending).toBe(0);
    expect(await readdir(dir)).toEqual([]);
  });

  it('keeps alerts on disk while the MTA is down and sends them, in order, after a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'outbox-'));
    const probe = await startSmtpPeer();
    const port = probe.port;
    await new Promise<void>((r) => probe.server.close(() => r())); // nothing listens on `port` now
    const events: NewEvent[] = [];
    const lines: string[] = [];
    const first = sender(dir, port, events, lines);
    await first.start();
    await first.enqueue(alert(1));
    await first.enqueue(alert(2));
    await expect.poll(() => events.filter((e) => e.code === 'ALERT_FAILED').length, { timeout: 10_000 }).toBe(1);
    expect(events[0]).toMatchObject({ code: 'ALERT_FAILED', eventId: 'event-1' });
    expect(lines.some((l) => l.endsWith('ECONNREFUSED') || l.includes('failed'))).toBe(true);
    await first.stop();
    expect((await readdir(dir)).length).toBe(2);

    const peer = await startSmtpPeer(port);
    closers.push(() => new Promise<void>((r) => peer.server.close(() => r())));
    const second = sender(dir, port, [], []);
    await second.start();
    await expect.poll(() => peer.received.length, { timeout: 10_000 }).toBe(2);
    expect(peer.received.map((r) => /X-Uptime-Event-Id: (.*)/.exec(r.raw)?.[1]?.trim())).toEqual(['event-1', 'event-2']);
    await expect.poll(async () => (await readdir(dir)).length).toBe(0);
  });
});
