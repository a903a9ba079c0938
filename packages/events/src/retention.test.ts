/** @module Tests of retention by age and by size, on open and when a segment closes. */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openEventWriter } from './event-writer.js';
import { readEvents } from './read-events.js';
import { parseSegmentName } from './segment-name.js';
import { hostDown } from './test-support/sample-events.js';
import { useTempDirs } from './test-support/temp-dir.js';

const tempDir = useTempDirs();
const DAY = 86_400_000;

async function files(dir: string): Promise<{ segments: string[]; indexes: string[]; bytes: number }> {
  const segments = (await readdir(dir)).filter((f) => parseSegmentName(f)).sort();
  const indexes = (await readdir(join(dir, 'index'))).sort();
  let bytes = 0;
  for (const f of segments) bytes += (await stat(join(dir, f))).size;
  for (const f of indexes) bytes += (await stat(join(dir, 'index', f))).size;
  return { segments, indexes, bytes };
}

/** Segments of 5: 10 events 40 days old, 10 events 10 days old, 5 of today; all closed. */
async function agedLog(): Promise<string> {
  const dir = await tempDir();
  const writer = await openEventWriter({ dir, role: 'monitor', maxSegmentEvents: 5 });
  const now = Date.now();
  for (let i = 0; i < 10; i++) await writer.record(hostDown('192.0.2.1', now - 40 * DAY + i));
  for (let i = 0; i < 10; i++) await writer.record(hostDown('192.0.2.2', now - 10 * DAY + i));
  for (let i = 0; i < 5; i++) await writer.record(hostDown('192.0.2.3', now - 1000 + i));
  await writer.close();
  return dir;
}

describe('retention', () => {
  it('is off by default', async () => {
    const dir = await agedLog();
    await (await openEventWriter({ dir, role: 'monitor' })).close();
    expect((await files(dir)).segments).toHaveLength(5);
  });

  it('removes whole segments older than maxAgeDays, with their index entries, on open', async () => {
    const dir = await agedLog();
    const errors: Error[] = [];
    const writer = await openEventWriter({ dir, role: 'monitor', retention: { maxAgeDays: 30 }, onError: (e) => errors.push(e) });
    const left = await files(dir);
    expect(left.segments).toHaveLength(3);
    expect(left.indexes).toHaveLength(3);
    const hosts = new Set((await readEvents(dir)).map((e) => e.hosts[0]));
    expect(hosts).toEqual(new Set(['192.0.2.2', '192.0.2.3']));
    await writer.close();
    expect(errors).toEqual([]);
  });

  it('removes the oldest segments while the log is bigger than maxBytes', async () => {
    const dir = await agedLog();
    const all = await files(dir);
    const writer = await openEventWriter({ dir, role: 'monitor', retention: { maxBytes: all.bytes - 1 } });
    const left = await files(dir);
    expect(left.segments).toEqual(all.segments.slice(1));
    expect(left.bytes).toBeLessThan(all.bytes);
    await writer.close();
  });

  it('also runs when a segment closes', async () => {
    const dir = await tempDir();
    const writer = await openEventWriter({ dir, role: 'monitor', maxSegmentEvents: 5, retention: { maxAgeDays: 30 } });
    for (let i = 0; i < 5; i++) await writer.record(hostDown('192.0.2.1', Date.now() - 40 * DAY + i));
    // the full segment closes after the 5th write; the next record waits for that and the retention
    const fresh = await writer.record(hostDown('192.0.2.2'));
    const left = await files(dir);
    expect(left.segments).toHaveLength(1);
    expect(left.indexes).toHaveLength(0);
    expect(await readEvents(dir)).toEqual([fresh]);
    await writer.close();
  });
});
