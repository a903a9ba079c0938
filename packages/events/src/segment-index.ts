/**
 * @module The index entry of a closed segment, one JSON value per line:
 *
 *     {"version":2,"segment":"...","count":1000,"bytes":...,"firstMs":...,"lastMs":...,"codes":[...]}
 *     ["code","HOST_DOWN",[[start,end,ms],...]]     one line per code in the segment
 *     ["host","192.0.2.1",[[start,end,ms],...]]     one line per host in the segment
 *     ["end"]
 *
 * `[start,end,ms]` is the byte range of an event's line in the segment and its time in ms after
 * firstMs. A reader finds the line of one host by a byte search and parses only that line, so a
 * host filter over many segments does not parse whole index entries.
 */
import { join } from 'node:path';
import { writeFileDurable } from '@uptime/durable-fs';
import type { UptimeEvent } from './event.js';
import { eventMs } from './event-shape.js';
import type { SegmentLayout } from './segment-format.js';
import { indexFileName } from './segment-name.js';

/** The first line of an index entry. */
export interface IndexHeader {
  version: 2;
  segment: string;
  count: number;
  /** Size of the segment file in bytes. */
  bytes: number;
  firstTime: string;
  lastTime: string;
  firstMs: number;
  lastMs: number;
  /** The codes that have a line. */
  codes: string[];
}

/** Byte range of one event line in the segment, and its time in ms after firstMs. */
export type LineRef = [start: number, end: number, msAfterFirst: number];

/** The name of the folder of index entries inside the events directory. */
export const INDEX_DIR = 'index';
const TRAILER = '["end"]\n';

/** The text of the index entry of a segment, from its events and the layout they were written with. */
export function buildSegmentIndex(segment: string, events: readonly UptimeEvent[], layout: SegmentLayout): { header: IndexHeader; text: string } {
  const times = events.map((e) => eventMs(e.time));
  let firstAt = 0;
  let lastAt = 0;
  times.forEach((ms, i) => {
    if (ms < (times[firstAt] as number)) firstAt = i;
    if (ms > (times[lastAt] as number)) lastAt = i;
  });
  const firstMs = times[firstAt] as number;
  const byCode = new Map<string, LineRef[]>();
  const byHost = new Map<string, LineRef[]>();
  const add = (map: Map<string, LineRef[]>, key: string, ref: LineRef) => {
    const list = map.get(key);
    if (!list) map.set(key, [ref]);
    else if (list[list.length - 1] !== ref) list.push(ref);
  };
  events.forEach((event, i) => {
    const ref: LineRef = [layout.offsets[i] as number, layout.offsets[i + 1] as number, (times[i] as number) - firstMs];
    add(byCode, event.code, ref);
    for (const host of event.hosts) add(byHost, host, ref);
  });
  const header: IndexHeader = {
    version: 2,
    segment,
    count: events.length,
    bytes: layout.bytes,
    firstTime: (events[firstAt] as UptimeEvent).time,
    lastTime: (events[lastAt] as UptimeEvent).time,
    firstMs,
    lastMs: times[lastAt] as number,
    codes: [...byCode.keys()],
  };
  const lines = [JSON.stringify(header)];
  for (const [code, refs] of byCode) lines.push(JSON.stringify(['code', code, refs]));
  for (const [host, refs] of byHost) lines.push(JSON.stringify(['host', host, refs]));
  return { header, text: `${lines.join('\n')}\n${TRAILER}` };
}

/** Writes the index entry of a segment durably; returns its path. */
export async function writeSegmentIndex(dir: string, index: { header: IndexHeader; text: string }): Promise<string> {
  const { segment, firstMs, lastMs } = index.header;
  const path = join(dir, INDEX_DIR, indexFileName(segment.replace(/\.json$/, ''), firstMs, lastMs));
  await writeFileDurable(path, index.text);
  return path;
}
