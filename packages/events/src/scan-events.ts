/**
 * @module Plans a read of the log: closed segments newest first by the time range in their index
 * entry names, open ones whole, stopping once no further segment can hold a newer match.
 */
import type { UptimeEvent } from './event.js';
import { newestFirst, type Filter, type Timed } from './event-query.js';
import { eventMs } from './event-shape.js';
import { listSegments, type CatalogEntry } from './segment-catalog.js';
import { readSegment, type ProblemSink } from './read-segment.js';

const lastMs = (s: CatalogEntry) => s.index?.lastMs ?? Infinity;

/** The newest `filter.limit` events of `dir` that match, newest first. */
export async function scanEvents(dir: string, filter: Filter, problem: ProblemSink): Promise<UptimeEvent[]> {
  const { segments } = await listSegments(dir);
  const queue = segments.filter((s) => lastMs(s) >= filter.sinceMs).sort((a, b) => lastMs(b) - lastMs(a));
  let top: Timed[] = [];
  let width = 2;
  while (queue.length > 0) {
    const full = top.length >= filter.limit;
    const floor = full ? (top[filter.limit - 1] as Timed).ms : -Infinity;
    const window: CatalogEntry[] = [];
    while (queue.length > 0 && window.length < width) {
      const next = queue[0] as CatalogEntry;
      if (full && lastMs(next) < floor) break; // nothing in it can be among the newest
      window.push(queue.shift() as CatalogEntry);
    }
    if (window.length === 0) break;
    const found = await Promise.all(window.map((s) => readSegment(s, filter, floor, problem)));
    const timed = found.flat().map((event) => ({ ms: eventMs(event.time), event }));
    top = top.concat(timed).sort(newestFirst).slice(0, filter.limit);
    width = Math.min(width * 2, 16);
  }
  return top.map((t) => t.event);
}
