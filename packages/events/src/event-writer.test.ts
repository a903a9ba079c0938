/** @module Tests of the event writer: fields, durability, batching, segment roll-over, errors. */
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENTS_ERROR_CODES } from './errors.js';
import { openEventWriter, SegmentedEventWriter } from './event-writer.js';
import { readEvents } from './read-events.js';
import { parseSegmentName } from './segment-name.js';
import { hostDown, hostUp } from './test-support/sample-events.js';
import { useTempDirs } from './test-support/temp-dir.js';

const tempDir = useTempDirs();
const segmentFiles = async (dir: string) => (await readdir(dir)).filter((f) => parseSegmentName(f));

describe('openEventWriter', () => {
  it('fills id and time, keeps the fields, and the event is in a plain lowdb JSON file', async () => {
    const dir = join(await tempDir(), 'events');
    const writer = await openEventWriter({ dir, role: 'monitor' });
    const before = Date.now();
    const event = await writer.record(hostDown('192.0.2.1'));
    expect(event.id).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(event.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
    expect(Date.parse(event.time)).toBeGreaterThanOrEqual(before - 1);
    expect(event).toMatchObject({ code: 'HOST_DOWN', hosts: ['192.0.2.1'], target: 'target 192.0.2.1', before: 'up', after: 'down' });

    // durable before close(): the file already holds it
    const [file] = await segmentFiles(dir);
    expect(file).toMatch(/^monitor\./);
    const onDisk = JSON.parse(await readFile(join(dir, file as string), 'utf8')) as { events: unknown[] };
    expect(onDisk.events).toEqual([event]);
    await writer.close();
  });

  it('keeps a given time and makes ids that sort by time', async () => {
    const dir = await tempDir();
    const writer = await openEventWriter({ dir, role: 'monitor' });
    const t = Date.parse('2026-03-01T10:00:00.000Z');
    const late = await writer.record(hostDown('192.0.2.1', t + 5_000));
    const early = await writer.record(hostUp('192.0.2.1', t));
    expect(Date.parse(late.time)).toBe(t + 5_000);
    expect(early.id < late.id).toBe(true);
    await writer.close();
  });

  it('gathers a storm of 10,000 record() calls into few file writes, all on disk', async () => {
    const dir = await tempDir();
    const writer = await SegmentedEventWriter.open({ dir, role: 'monitor' });
    const recorded = await Promise.all(
      Array.from({ length: 10_000 }, (_, i) => writer.record(hostDown(`127.1.${i % 200}.${i % 250}`))),
    );
    await writer.close();
    expect(new Set(recorded.map((e) => e.id)).size).toBe(10_000);
    expect(writer.stats.segmentWrites).toBeLessThan(50);
    expect(await segmentFiles(dir)).toHaveLength(10);
    const read = await readEvents(dir, { limit: 10_000 });
    expect(read).toHaveLength(10_000);
    expect(new Set(read.map((e) => e.id))).toEqual(new Set(recorded.map((e) => e.id)));
  });

  it('closes a segment when it is full and starts a new one for a new day', async () => {
    const dir = await tempDir();
    const writer = await SegmentedEventWriter.open({ dir, role: 'mta', maxSegmentEvents: 4 });
    for (let i = 0; i < 6; i++) await writer.record(hostDown('192.0.2.1', Date.parse('2026-03-01T12:00:00Z') + i));
    expect(await segmentFiles(dir)).toHaveLength(2);
    expect(writer.stats.segmentsClosed).toBe(1);
    await writer.record(hostDown('192.0.2.1', Date.parse('2026-03-03T12:00:00Z')));
    expect(await segmentFiles(dir)).toHaveLength(3);
    expect(writer.stats.segmentsClosed).toBe(2);
    // whichever close() settles first, the last segment's index entry is written by then
    await Promise.race([writer.close(), writer.close()]);
    expect(await readdir(join(dir, 'index'))).toHaveLength(3);
  });

  it('rejects bad input and use after close, naming the problem', async () => {
    const dir = await tempDir();
    await expect(openEventWriter({ dir, role: 'bad role/x' })).rejects.toMatchObject({ code: EVENTS_ERROR_CODES.BAD_ROLE });
    const writer = await openEventWriter({ dir, role: 'monitor' });
    await expect(writer.record({ ...hostDown('192.0.2.1'), time: 'yesterday' })).rejects.toMatchObject({
      code: EVENTS_ERROR_CODES.BAD_EVENT,
    });
    await expect(writer.record({ ...hostDown('192.0.2.1'), code: 'NOPE' } as never)).rejects.toThrow(/unknown code/);
    await writer.close();
    await expect(writer.record(hostDown('192.0.2.1'))).rejects.toMatchObject({ code: EVENTS_ERROR_CODES.WRITER_CLOSED });
    expect(await segmentFiles(dir)).toEqual([]);
  });

  it('rejects record() when the write fails, and writes again once the directory is back', async () => {
    const dir = join(await tempDir(), 'events');
    const writer = await openEventWriter({ dir, role: 'monitor' });
    await rm(dir, { recursive: true });
    await writeFile(dir, 'not a directory');
    await expect(writer.record(hostDown('192.0.2.1'))).rejects.toThrow(/ENOTDIR/);
    await rm(dir);
    await mkdir(join(dir, 'index'), { recursive: true });
    const ok = await writer.record(hostDown('192.0.2.2'));
    await writer.close();
    expect((await readEvents(dir)).map((e) => e.id)).toEqual([ok.id]);
  });
});
