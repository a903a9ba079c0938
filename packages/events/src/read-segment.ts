/**
 * @module Reads the events of one segment that can be among the answer: through its index entry
 * (choosing lines by host, code and time, then cutting out only those) when the entry is sound,
 * else the whole file through lowdb.
 */
import { readFile } from 'node:fs/promises';
import { Low } from 'lowdb';
import type { UptimeEvent } from './event.js';
import { matches, type Filter } from './event-query.js';
import { eventMs, isStoredEvent } from './event-shape.js';
import { SegmentAdapter } from './segment-adapter.js';
import type { CatalogEntry } from './segment-catalog.js';
import type { SegmentData } from './segment-format.js';
import { IndexReader } from './index-reader.js';
import type { LineRef } from './segment-index.js';
import { readEventLines } from './segment-lines.js';

/** Receives one sentence per damaged file. */
export type ProblemSink = (message: string) => void;

/** The lines of events that match the host and code of the filter; undefined when the entry is damaged. */
function lookUp(reader: IndexReader, filter: Filter): LineRef[] | undefined {
  const codes = filter.codes ? reader.header.codes.filter((c) => filter.codes?.has(c)) : reader.header.codes;
  const byCode = (): LineRef[] | undefined => {
    const lists = codes.map((c) => reader.refs('code', c));
    return lists.some((l) => l === undefined) ? undefined : (lists as LineRef[][]).flat();
  };
  if (filter.host === undefined) return byCode();
  const byHost = reader.refs('host', filter.host);
  if (!byHost || !filter.codes || byHost.length === 0) return byHost;
  const codeRefs = byCode();
  if (!codeRefs) return undefined;
  const starts = new Set(codeRefs.map((r) => r[0]));
  return byHost.filter((r) => starts.has(r[0]));
}

/** Of the lines found, those not older than the floor, and about `limit` of the newest. */
function newest(refs: LineRef[], filter: Filter, floorMs: number, firstMs: number): LineRef[] {
  const floor = Math.max(filter.sinceMs, floorMs) - firstMs;
  const chosen = refs.filter((r) => r[2] >= floor);
  if (chosen.length > filter.limit) {
    // keep the newest `limit`, and every one that ties with the last of them
    const cut = (chosen.sort((a, b) => b[2] - a[2])[filter.limit - 1] as LineRef)[2];
    return chosen.filter((r) => r[2] >= cut).sort((a, b) => a[0] - b[0]);
  }
  return chosen.sort((a, b) => a[0] - b[0]);
}

/** Reads through the index entry; undefined when the entry or the segment disagrees with it. */
async function readViaIndex(entry: CatalogEntry, filter: Filter, floorMs: number, problem: ProblemSink): Promise<UptimeEvent[] | undefined> {
  const indexPath = entry.index?.path as string;
  let reader: IndexReader | undefined;
  try {
    reader = IndexReader.open(await readFile(indexPath));
  } catch {
    return undefined; // removed meanwhile: read the segment
  }
  const header = reader?.header;
  const refs = reader && lookUp(reader, filter);
  if (!header || !refs || header.segment !== entry.file || header.lastMs !== entry.index?.lastMs || header.firstMs !== entry.index.firstMs) {
    problem(`${indexPath}: index entry is damaged; reading the whole segment instead`);
    return undefined;
  }
  const chosen = newest(refs, filter, floorMs, header.firstMs);
  if (chosen.length === 0) return [];
  let lines: unknown[] | undefined;
  try {
    lines = await readEventLines(entry.path, header.bytes, chosen);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []; // removed by retention meanwhile
  }
  const agrees = (e: unknown, i: number): e is UptimeEvent =>
    isStoredEvent(e) && eventMs(e.time) === header.firstMs + (chosen[i] as LineRef)[2];
  if (!lines || !lines.every(agrees)) {
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

/**
 * The events of one segment that match `filter`; through the index only those at or after
 * `floorMs` (older ones cannot make the answer) and at most about `filter.limit` of them.
 */
export async function readSegment(entry: CatalogEntry, filter: Filter, floorMs: number, problem: ProblemSink): Promise<UptimeEvent[]> {
  if (entry.index) {
    const events = await readViaIndex(entry, filter, floorMs, problem);
    if (events) return events;
  }
  return readWhole(entry, filter, problem);
}
