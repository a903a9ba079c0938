import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlertMessage } from './alert-message.js';
import { Outbox } from './outbox.js';

const alert = (eventId: string): AlertMessage => ({
  eventId,
  from: 'uptime@localhost',
  to: ['admin@localhost'],
  subject: `[uptime] ${eventId}`,
  text: eventId,
  html: eventId,
  messageId: `<${eventId}@sensor.lab>`,
  headers: {},
});

const HOUR = 3600_000;
const NOON = Date.UTC(2026, 10, 21, 12, 0, 0);

describe('the outbox order', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps an alert made after the wall clock stepped back after those made before, also after a restart', async () => {
    vi.useFakeTimers({ toFake: ['Date'] }); // only the wall clock is set by hand
    const dir = await mkdtemp(join(tmpdir(), 'outbox-order-'));
    vi.setSystemTime(NOON);
    const outbox = new Outbox(dir);
    await outbox.put(alert('before-step'));
    vi.setSystemTime(NOON - HOUR);
    await outbox.put(alert('after-step'));
    await outbox.putPending({
      event: { code: 'HOST_DOWN', hosts: ['192.0.2.1'], target: 'gw', before: 'up', after: 'down', message: 'gw is down.' },
      address: '192.0.2.1',
    });
    vi.setSystemTime(NOON - 2 * HOUR);
    await new Outbox(dir).put(alert('after-restart')); // a restart, with the clock stepped back further

    const order = (await outbox.listAll()).map((e) => ('alert' in e ? e.alert.eventId : 'pending'));
    expect(order).toEqual(['before-step', 'after-step', 'pending', 'after-restart']);
  });

  it('puts new alerts after those an older version named by the time', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'outbox-order-'));
    await writeFile(join(dir, `${String(Date.now() + HOUR).padStart(15, '0')}-000000-old.json`), JSON.stringify(alert('old')));
    await new Outbox(dir).put(alert('new'));
    expect((await new Outbox(dir).list()).map((e) => e.alert.eventId)).toEqual(['old', 'new']);
  });
});
