/**
 * @module The index entry of a closed segment: time range, count, size, and where the events of
 * each host and code are, so that a filtered read cuts single lines out of the segment.
 */
import { join } from 'node:path';
import { writeFileDurable } from '@uptime/durable-fs';
import type { UptimeEvent } from './event.js';
import { eventMs } from './event-shape.js';
import type { SegmentLayout } from './segment-format.js';
import { indexFileName } from './segment-name.js';

/** Index entry of one closed segment (written once, when the segment closes). */
export interface SegmentIndex {
  version: 1;
  segment: string;
  count: number;
  /** Size of the segment file in bytes. */
  bytes: number;
  firstTime: string;
  lastTime: string;
  firstMs: number;
  lastMs: number;
  /** Byte offset where each event line starts; one more entry for the end of the last line. */
  offsets: number[];
  /** Time of each event as ms after `firstMs`. */
  msAfterFirst: number[];
  /** Positions (0-based) of the events of each host. */
  hosts: Record<string, number[]>;
  /** Positions of the events of each code. */
  codes: Record<string, number[]>;
}

/** The name of the folder of index entries inside the events directory. */
export const INDEX_DIR = 'index';

function addTo(map: Record<string, number[]>, key: string, position: number): void {
  const list = map[key];
  if (list) {
    if (list[list.length - 1] !== position) list.push(position);
  } else {
    map[key] = [position];
  }
}

/** Builds the index entry of a segment from its events and the layout they were written with. */
export function buildSegmentIndex(segment: string, events: readonly UptimeEvent[], layout: SegmentLayout): SegmentIndex {
  const hosts: Record<string, number[]> = Object.create(null);
  const codes: Record<string, number[]> = Object.create(null);
  let first = events[0] as UptimeEvent;
  let last = first;
  events.forEach((event, i) => {
    const ms = eventMs(event.time);
    if (ms < eventMs(first.time)) first = event;
    if (ms > eventMs(last.time)) last = event;
    for (const host of event.hosts) addTo(hosts, host, i);
    addTo(codes, event.code, i);
  });
  return {
    version: 1,
    segment,
    count: events.length,
    bytes: layout.bytes,
    firstTime: first.time,
    lastTime: last.time,
    firstMs: eventMs(first.time),
    lastMs: eventMs(last.time),
    offsets: layout.offsets,
    msAfterFirst: events.map((e) => eventMs(e.time) - eventMs(first.time)),
    hosts,
    codes,
  };
}

const isPositions = (v: unknown, count: number) =>
  Array.isArray(v) && v.every((p) => Number.isInteger(p) && p >= 0 && p < count);

/** Parses an index entry; undefined when it is truncated, garbage or inconsistent. */
export function parseSegmentIndex(text: string): SegmentIndex | undefined {
  let v: Partial<SegmentIndex>;
  try {
    v = JSON.parse(text) as Partial<SegmentIndex>;
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null || v.version !== 1) return undefined;
  const { count, bytes, offsets, msAfterFirst, firstMs, hosts, codes } = v;
  const ascending = (o: number, i: number, all: number[]) => Number.isInteger(o) && (i === 0 || o > (all[i - 1] as number));
  const sound =
    typeof count === 'number' &&
    Number.isInteger(count) &&
    count >= 1 &&
    Number.isInteger(bytes) &&
    Number.isInteger(firstMs) &&
    Array.isArray(offsets) &&
    offsets.length === count + 1 &&
    offsets.every(ascending) &&
    Array.isArray(msAfterFirst) &&
    msAfterFirst.length === count &&
    msAfterFirst.every((d) => Number.isInteger(d) && d >= 0) &&
    [hosts, codes].every(
      (map) => typeof map === 'object' && map !== null && Object.values(map).every((list) => isPositions(list, count)),
    );
  return sound ? (v as SegmentIndex) : undefined;
}

/** Writes the index entry of a segment durably; returns its path. */
export async function writeSegmentIndex(dir: string, index: SegmentIndex): Promise<string> {
  const base = index.segment.replace(/\.json$/, '');
  const path = join(dir, INDEX_DIR, indexFileName(base, index.firstMs, index.lastMs));
  await writeFileDurable(path, `${JSON.stringify(index)}\n`);
  return path;
}
