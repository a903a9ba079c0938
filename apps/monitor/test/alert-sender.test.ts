/**
 * The alert sender against the real MTA (the built apps/mta CLI as a child process) and the real event log:
 * alerts land in the admin's Maildir in order, and the outbox survives the MTA being down and a restart.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadOrCreateSubmissionCredentials, type DataLayout } from '@uptime/config';
import { openEventWriter, readEvents, type EventWriter } from '@uptime/events';
import { AlertSender } from '../src/alerts/alert-sender.js';
import { Outbox } from '../src/alerts/outbox.js';
import type { AlertMessage } from '../src/alerts/alert-message.js';
import { delivered, freePort, lab, startMta } from './helpers/mta-child.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

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

async function eventWriter(layout: DataLayout): Promise<EventWriter> {
  const writer = await openEventWriter({ dir: layout.events, role: 'monitor' });
  cleanups.push(() => writer.close());
  return writer;
}

/** A sender with the appliance's submission credentials, recording into `events`. */
async function sender(layout: DataLayout, port: number, events: Pick<EventWriter, 'record'>, problems: string[] = []): Promise<AlertSender> {
  const { user, password } = await loadOrCreateSubmissionCredentials(layout);
  const s = new AlertSender({
    outbox: new Outbox(layout.outbox),
    smtp: { host: '127.0.0.1', port, name: 'sensor.lab', auth: { user, pass: password } },
    recordEvent: (e) => events.record(e),
    logNotification: () => undefined,
    onProblem: (m) => problems.push(m),
    retryMs: { first: 50, max: 200 },
  });
  cleanups.push(() => s.stop());
  return s;
}

describe('AlertSender with the real MTA', () => {
  it('hands alerts to the MTA in order, which delivers each to the admin, and records ALERT_QUEUED', async () => {
    const port = await freePort();
    const { dir, layout } = await lab(port);
    await startMta(dir, cleanups);
    const events = await eventWriter(layout);
    const s = await sender(layout, port, events);
    await s.start();
    for (const n of [1, 2, 3]) await s.enqueue(alert(n));
    // the MTA delivers side by side, so on a busy machine the Maildir may get them in another order
    await expect.poll(async () => (await delivered(layout)).sort(), { timeout: 20_000 }).toEqual(['event-1', 'event-2', 'event-3']);
    await expect.poll(async () => (await readdir(layout.outbox)).length).toBe(0);
    await expect
      .poll(async () => (await readEvents(layout.events, { code: 'ALERT_QUEUED' })).map((e) => ('eventId' in e ? e.eventId : undefined)), { timeout: 10_000 })
      .toEqual(['event-3', 'event-2', 'event-1']); // newest first: handed over in the outbox's order
  });

  it('hands a storm of alerts to the MTA several at a time, each once, every target\'s alerts in their order, also once the MTA is back', async () => {
    const port = await freePort();
    const { dir, layout } = await lab(port);
    const events = await eventWriter(layout);
    const s = await sender(layout, port, events);
    // 10 targets, each DOWN, UP, DOWN, interleaved as a storm makes them; queued before the sender starts
    const outbox = new Outbox(layout.outbox);
    const order: string[] = [];
    for (const step of ['down', 'up', 'down-again']) {
      for (let t = 0; t < 10; t += 1) {
        const id = `t${t}-${step}`;
        order.push(id);
        await outbox.put({ ...alert(t), eventId: id, messageId: `<${id}@sensor.lab>`, headers: { 'X-Uptime-Event-Id': id }, targets: [`t${t}`] });
      }
    }
    await s.start();
    await expect.poll(async () => (await readEvents(layout.events, { code: 'ALERT_FAILED' })).length, { timeout: 10_000 }).toBeGreaterThan(0);
    await startMta(dir, cleanups); // the MTA was down: the alerts it could not take are tried again
    await expect.poll(async () => (await delivered(layout)).length, { timeout: 30_000 }).toBe(30);
    const got = await delivered(layout);
    expect([...got].sort()).toEqual([...order].sort());
    for (let t = 0; t < 10; t += 1) expect(got.filter((id) => id.startsWith(`t${t}-`))).toEqual([`t${t}-down`, `t${t}-up`, `t${t}-down-again`]);
    await expect.poll(async () => (await readdir(layout.outbox)).filter((f) => f.endsWith('.json')).length).toBe(0);
  });

  it('does not send an alert again when the MTA took it but its event cannot be recorded', async () => {
    const port = await freePort();
    const { dir, layout } = await lab(port);
    await startMta(dir, cleanups);
    const closed = await openEventWriter({ dir: layout.events, role: 'monitor' });
    await closed.close(); // a real event log that refuses every event
    const problems: string[] = [];
    const s = await sender(layout, port, closed, problems);
    await s.start();
    await s.enqueue(alert(1));
    await expect.poll(() => problems.length, { timeout: 20_000 }).toBe(1);
    expect(problems[0]).toMatch(/ALERT_QUEUED event not recorded: event writer is closed/);
    await expect.poll(() => delivered(layout), { timeout: 20_000 }).toEqual(['event-1']);
    await new Promise((r) => setTimeout(r, 300));
    expect(await delivered(layout)).toEqual(['event-1']);
    expect(s.pending).toBe(0);
    expect(await readdir(layout.outbox)).toEqual([]);
  });

  it('keeps alerts on disk while the MTA is down and sends them, in order, after a sender restart', async () => {
    const port = await freePort();
    const { dir, layout } = await lab(port);
    const events = await eventWriter(layout);
    const first = await sender(layout, port, events);
    await first.start();
    await first.enqueue(alert(1));
    await first.enqueue(alert(2));
    await expect
      .poll(async () => (await readEvents(layout.events, { code: 'ALERT_FAILED' })).length, { timeout: 10_000 })
      .toBe(1);
    await first.stop();
    expect((await readdir(layout.outbox)).length).toBe(2);

    await startMta(dir, cleanups);
    const second = await sender(layout, port, events);
    await second.start();
    await expect.poll(() => delivered(layout), { timeout: 20_000 }).toEqual(['event-1', 'event-2']);
    await expect.poll(async () => (await readdir(layout.outbox)).length).toBe(0);
  });

  it('sets aside an alert the MTA refuses for good (no such mailbox) and sends the alerts after it', async () => {
    const port = await freePort();
    const { dir, layout } = await lab(port);
    await startMta(dir, cleanups);
    const events = await eventWriter(layout);
    // an alert left from a run with another alerts.to: the MTA answers 550 5.1.1 for that mailbox at every try
    const outbox = new Outbox(layout.outbox);
    await outbox.put({ ...alert(1), to: ['old@localhost'] });
    const problems: string[] = [];
    const s = await sender(layout, port, events, problems);
    await s.start();
    await s.enqueue(alert(2));
    await s.enqueue(alert(3));
    await expect.poll(() => delivered(layout), { timeout: 20_000 }).toEqual(['event-2', 'event-3']);
    const failed = await readEvents(layout.events, { code: 'ALERT_FAILED' });
    expect(failed.map((e) => e.message)).toEqual([expect.stringMatching(/refused by the MTA for good \(.*550.*\); it is not retried \(kept in .*refused/)]);
    expect(await readdir(join(layout.outbox, 'refused'))).toHaveLength(1);
    expect((await readdir(layout.outbox)).filter((n) => n.endsWith('.json'))).toEqual([]);
    expect(problems).toEqual([expect.stringContaining('later alerts go on')]);
  });

  it('moves damaged outbox files aside, reported once with what is wrong, and sends the rest (it crashed at start: alert.to.join)', async () => {
    const port = await freePort();
    const { dir, layout } = await lab(port);
    await startMta(dir, cleanups);
    const events = await eventWriter(layout);
    const outbox = new Outbox(layout.outbox);
    await outbox.put(alert(1));
    await mkdir(layout.outbox, { recursive: true });
    await writeFile(join(layout.outbox, '0-empty.json'), '{}');
    await writeFile(join(layout.outbox, '0-to-string.json'), JSON.stringify({ ...alert(9), to: 'x' }));
    await writeFile(join(layout.outbox, '0-torn.json'), '{"eventId": "ev');
    await writeFile(join(layout.outbox, '0-pending.json'), '{"pending": {}}');
    const problems: string[] = [];
    const s = await sender(layout, port, events, problems);
    await s.start();
    await expect.poll(() => delivered(layout), { timeout: 20_000 }).toEqual(['event-1']);
    expect((await readdir(join(layout.outbox, 'damaged'))).sort()).toEqual(['0-empty.json', '0-pending.json', '0-to-string.json', '0-torn.json']);
    expect(problems.sort()).toEqual([
      expect.stringMatching(/0-empty\.json cannot be used \("eventId" is not a string\); moved to .*damaged/),
      expect.stringMatching(/0-pending\.json cannot be used \("pending" is not an object|its event has no code/),
      expect.stringMatching(/0-to-string\.json cannot be used \("to" is not a list of addresses\)/),
      expect.stringMatching(/0-torn\.json cannot be used \(.*JSON/),
    ]);
    // listed again (the dispatch and the parked transitions list too): nothing more to report
    await outbox.listAll((m) => problems.push(m));
    expect(problems).toHaveLength(4);
  });
});
