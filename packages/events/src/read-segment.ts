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
import { parseSegmentIndex, type SegmentIndex } from './segment-index.js';
import { readEventLines } from './segment-lines.js';

/** Receives one sentence per damaged file. */
export type ProblemSink = (message: string) => void;

const listOf = (map: Record<string, number[]>, key: string) => (Object.hasOwn(map, key) ? (map[key] ?? []) : []);

/** Positions that match the host and code of the filter and are not older than `floorMs`. */
function choose(index: SegmentIndex, filter: Filter, floorMs: number): number[] {
  let positions: number[] | undefined;
  if (filter.host !== undefined) positions = listOf(index.hosts, filter.host);
  if (filter.codes) {
    const byCode = new Set([...filter.codes].flatMap((code) => listOf(index.codes, code)));
    positions = positions ? positions.filter((p) => byCode.has(p)) : [...byCode];
  }
  positions ??= Array.from({ length: index.count }, (_, i) => i);
  const ms = (p: number) => index.firstMs + (index.msAfterFirst[p] as number);
  const floor = Math.max(filter.sinceMs, floorMs);
  const chosen = positions.filter((p) => ms(p) >= floor);
  if (chosen.length <= filter.limit) return chosen;
  // more than the limit: keep the newest, and every one that ties with the last of them
  const cut = ms(chosen.sort((a, b) => ms(b) - ms(a))[filter.limit - 1] as number);
  return chosen.filter((p) => ms(p) >= cut);
}

/** Reads through the index entry; undefined when the entry or the segment disagrees with it. */
async function readViaIndex(entry: CatalogEntry, filter: Filter, floorMs: number, problem: ProblemSink): Promise<UptimeEvent[] | undefined> {
  const indexPath = entry.index?.path as string;
  let index: SegmentIndex | undefined;
  try {
    index = parseSegmentIndex(await readFile(indexPath, 'utf8'));
  } catch {
    return undefined; // removed meanwhile: read the segment
  }
  if (!index || index.segment !== entry.file || index.lastMs !== entry.index?.lastMs || index.firstMs !== entry.index.firstMs) {
    problem(`${indexPath}: index entry is damaged; reading the whole segment instead`);
    return undefined;
  }
  const positions = choose(index, filter, floorMs);
  if (positions.length === 0) return [];
  let lines: unknown[] | undefined;
  try {
    lines = await readEventLines(entry.path, index, positions);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []; // removed by retention meanwhile
  }
  const sorted = [...positions].sort((a, b) => a - b);
  const agrees = (e: unknown, i: number): e is UptimeEvent =>
    isStoredEvent(e) && eventMs(e.time) === index.firstMs + (index.msAfterFirst[sorted[i] as number] as number);
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
