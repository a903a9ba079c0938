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
/** Segments read at once grow from 2 to this many. */
const MAX_WINDOW = 16;

/** The newest `filter.limit` events of `dir` that match, newest first. */
export async function scanEvents(dir: string, filter: Filter, problem: ProblemSink): Promise<UptimeEvent[]> {
  const { segments } = await listSegments(dir);
  const queue = segments.filter((s) => lastMs(s) >= filter.sinceMs).sort((a, b) => lastMs(b) - lastMs(a));
  let found: Timed[] = [];
  let width = 2;
  while (queue.length > 0) {
    let floor = -Infinity; // the time of the limit-th newest so far: older events cannot make it
    if (found.length >= filter.limit) {
      found = found.sort(newestFirst).slice(0, filter.limit);
      floor = (found[filter.limit - 1] as Timed).ms;
    }
    const window: CatalogEntry[] = [];
    while (queue.length > 0 && window.length < width && lastMs(queue[0] as CatalogEntry) >= floor) {
      window.push(queue.shift() as CatalogEntry);
    }
    if (window.length === 0) break;
    for (const events of await Promise.all(window.map((s) => readSegment(s, filter, floor, problem)))) {
      for (const event of events) found.push({ ms: eventMs(event.time), event });
    }
    width = Math.min(width * 2, MAX_WINDOW);
  }
  return found
    .sort(newestFirst)
    .slice(0, filter.limit)
    .map((t) => t.event);
}
