/** @module Tests of readEvents: filters, order, and the merge of many writers' segments. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { UptimeEvent } from './event.js';
import { EVENTS_ERROR_CODES } from './errors.js';
import { openEventWriter } from './event-writer.js';
import { readEvents } from './read-events.js';
import { hostDown, hostUp, mailDelivered } from './test-support/sample-events.js';
import { useTempDirs } from './test-support/temp-dir.js';

const tempDir = useTempDirs();
const T0 = Date.parse('2026-05-10T08:00:00.000Z');
const newestFirst = (a: UptimeEvent, b: UptimeEvent) =>
  Date.parse(b.time) - Date.parse(a.time) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

describe('readEvents', () => {
  it('returns nothing for a directory that does not exist yet', async () => {
    expect(await readEvents(join(await tempDir(), 'none'))).toEqual([]);
  });

  it('filters by code, host, since and limit, newest first', async () => {
    const dir = await tempDir();
    const writer = await openEventWriter({ dir, role: 'monitor', maxSegmentEvents: 3 });
    await writer.record(hostDown('192.0.2.1', T0));
    await writer.record(hostDown('192.0.2.2', T0 + 1000));
    await writer.record(hostUp('192.0.2.1', T0 + 2000));
    await writer.record(mailDelivered(1, T0 + 3000));
    await writer.record({ ...hostDown('192.0.2.2', T0 + 4000), hosts: ['192.0.2.2', '192.0.2.1'] });
    await writer.close();

    const messages = (events: UptimeEvent[]) => events.map((e) => Date.parse(e.time) - T0);
    expect(messages(await readEvents(dir))).toEqual([4000, 3000, 2000, 1000, 0]);
    expect(messages(await readEvents(dir, { code: 'HOST_DOWN' }))).toEqual([4000, 1000, 0]);
    expect(messages(await readEvents(dir, { code: ['HOST_UP', 'MAIL_DELIVERED'] }))).toEqual([3000, 2000]);
    expect(messages(await readEvents(dir, { host: '192.0.2.1' }))).toEqual([4000, 2000, 0]);
    expect(messages(await readEvents(dir, { host: '192.0.2.1', code: 'HOST_DOWN' }))).toEqual([4000, 0]);
    expect(messages(await readEvents(dir, { host: '198.51.100.7' }))).toEqual([]);
    expect(messages(await readEvents(dir, { since: new Date(T0 + 2000) }))).toEqual([4000, 3000, 2000]);
    expect(messages(await readEvents(dir, { since: new Date(T0 + 2000).toISOString(), limit: 2 }))).toEqual([4000, 3000]);
    expect(messages(await readEvents(dir, { limit: 1 }))).toEqual([4000]);
  });

  it('rejects a query it cannot answer', async () => {
    const dir = await tempDir();
    await expect(readEvents(dir, { since: 'last tuesday' })).rejects.toMatchObject({ code: EVENTS_ERROR_CODES.BAD_QUERY });
    await expect(readEvents(dir, { limit: 0 })).rejects.toMatchObject({ code: EVENTS_ERROR_CODES.BAD_QUERY });
    await expect(readEvents(dir, { code: 'HOST_SIDEWAYS' as never })).rejects.toThrow(/HOST_SIDEWAYS/);
  });

  it('merges the segments of several writers exactly as a full sort would, for any query', async () => {
    const dir = await tempDir();
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const all: UptimeEvent[] = [];
    const writers = await Promise.all(
      ['monitor', 'mta', 'monitor'].map((role) => openEventWriter({ dir, role, maxSegmentEvents: 7 })),
    );
    for (let i = 0; i < 600; i++) {
      const writer = writers[i % 3]!;
      // mostly rising times with some out of order, and repeated milliseconds
      const ms = T0 + i * 1000 + Math.floor(random() * 600) * 100 - 30_000;
      const host = `127.0.0.${1 + Math.floor(random() * 9)}`;
      const make = [hostDown, hostUp][Math.floor(random() * 2)]!;
      all.push(await writer.record(i % 10 === 0 ? mailDelivered(i, ms) : make(host, ms)));
    }
    await writers[0]!.close();
    await writers[1]!.close(); // writers[2] keeps an open, unindexed segment

    const queries = [
      { limit: 1 },
      { limit: 25 },
      { limit: 10_000 },
      { host: '127.0.0.3', limit: 5 },
      { host: '127.0.0.4' },
      { code: 'HOST_UP' as const, limit: 30 },
      { code: ['MAIL_DELIVERED' as const], host: '127.0.0.1' },
      { since: new Date(T0 + 300_000), host: '127.0.0.5', limit: 8 },
    ];
    for (const q of queries) {
      const since = q.since ? q.since.getTime() : -Infinity;
      const expected = all
        .filter((e) => (q.host === undefined || e.hosts.includes(q.host)) && Date.parse(e.time) >= since)
        .filter((e) => q.code === undefined || ([] as string[]).concat(q.code).includes(e.code))
        .sort(newestFirst)
        .slice(0, q.limit ?? 100);
      expect((await readEvents(dir, q)).map((e) => e.id), JSON.stringify(q)).toEqual(expected.map((e) => e.id));
    }
    await writers[2]!.close();
  });

  it('finds events whose fields hold multi-byte text through the index', async () => {
    const dir = await tempDir();
    const writer = await openEventWriter({ dir, role: 'monitor', maxSegmentEvents: 2 });
    await writer.record(hostDown('192.0.2.1', T0, 'café ☕ "north", rack 𝟛'));
    const second = await writer.record(hostDown('192.0.2.2', T0 + 1, 'Zürich\nline'));
    await writer.close();
    const [found] = await readEvents(dir, { host: '192.0.2.2' });
    expect(found).toEqual(second);
  });
});
