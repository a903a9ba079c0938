/**
 * @module Reads the events of one segment that match a filter: through its index entry (cutting
 * out only the matching lines) when the entry is sound, else the whole file through lowdb.
 */
import { open, readFile } from 'node:fs/promises';
import { Low } from 'lowdb';
import type { UptimeEvent } from './event.js';
import { matches, type Filter } from './event-query.js';
import { isStoredEvent } from './event-shape.js';
import { SegmentAdapter } from './segment-adapter.js';
import type { CatalogEntry } from './segment-catalog.js';
import { parseEventLine, type SegmentData } from './segment-format.js';
import { parseSegmentIndex, type SegmentIndex } from './segment-index.js';

/** Receives one sentence per damaged file. */
export type ProblemSink = (message: string) => void;

/** Up to this many matching lines are read one by one; more, and the file is read at once. */
const SINGLE_READS = 16;

function union(lists: number[][]): number[] {
  return [...new Set(lists.flat())].sort((a, b) => a - b);
}

/** Positions that can match: from the host and code lists of the index. */
function candidates(index: SegmentIndex, filter: Filter): number[] {
  let result: number[] | undefined;
  if (filter.host !== undefined) result = Object.hasOwn(index.hosts, filter.host) ? (index.hosts[filter.host] ?? []) : [];
  if (filter.codes) {
    const byCode = union([...filter.codes].map((c) => (Object.hasOwn(index.codes, c) ? (index.codes[c] ?? []) : [])));
    if (result) {
      const set = new Set(byCode);
      result = result.filter((p) => set.has(p));
    } else {
      result = byCode;
    }
  }
  return result ?? Array.from({ length: index.count }, (_, i) => i);
}

async function readLines(entry: CatalogEntry, index: SegmentIndex, positions: number[]): Promise<unknown[] | undefined> {
  const handle = await open(entry.path, 'r');
  try {
    if ((await handle.stat()).size !== index.bytes) return undefined;
    const cut = (buf: Buffer, p: number, base: number) =>
      parseEventLine(buf.toString('utf8', (index.offsets[p] as number) - base, (index.offsets[p + 1] as number) - base));
    if (positions.length > SINGLE_READS) {
      const all = Buffer.alloc(index.bytes);
      await handle.read(all, 0, index.bytes, 0);
      return positions.map((p) => cut(all, p, 0));
    }
    return await Promise.all(
      positions.map(async (p) => {
        const start = index.offsets[p] as number;
        const buf = Buffer.alloc((index.offsets[p + 1] as number) - start);
        await handle.read(buf, 0, buf.length, start);
        return cut(buf, p, start);
      }),
    );
  } finally {
    await handle.close();
  }
}

/** Reads through the index entry; undefined when the entry or the segment disagrees with it. */
async function readViaIndex(entry: CatalogEntry, filter: Filter, problem: ProblemSink): Promise<UptimeEvent[] | undefined> {
  const indexPath = entry.index?.path as string;
  let index: SegmentIndex | undefined;
  try {
    index = parseSegmentIndex(await readFile(indexPath, 'utf8'));
  } catch {
    return undefined; // removed meanwhile: read the segment
  }
  if (!index || index.segment !== entry.file || index.lastMs !== entry.index?.lastMs) {
    problem(`${indexPath}: index entry is damaged; reading the whole segment instead`);
    return undefined;
  }
  const positions = candidates(index, filter);
  if (positions.length === 0) return [];
  let lines: unknown[] | undefined;
  try {
    lines = await readLines(entry, index, positions);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    lines = undefined;
  }
  if (!lines || !lines.every(isStoredEvent)) {
    problem(`${entry.path}: does not match its index entry; reading it whole`);
    return undefined;
  }
  return lines.filter((e) => matches(e, filter));
}

/** Reads the whole segment through lowdb; a damaged file is reported and yields nothing. */
async function readWhole(entry: CatalogEntry, filter: Filter, problem: ProblemSink): Promise<UptimeEvent[]> {
  const adapter = new SegmentAdapter(entry.path);
  const db = new Low<SegmentData>(adapter, { events: [] });
  try {
    await db.read();
  } catch (err) {
    problem(`${entry.path}: ${(err as Error).message}; segment skipped`);
    return [];
  }
  if (adapter.skipped > 0) problem(`${entry.path}: ${adapter.skipped} entries are not events; skipped`);
  return db.data.events.filter((e) => matches(e, filter));
}

/** The events of one segment that match `filter`, in file order. */
export async function readSegment(entry: CatalogEntry, filter: Filter, problem: ProblemSink): Promise<UptimeEvent[]> {
  if (entry.index) {
    const events = await readViaIndex(entry, filter, problem);
    if (events) return events;
  }
  return readWhole(entry, filter, problem);
}
