/**
 * @module The text of a segment file: `{"events":[` then one event per line, then `]}`.
 *
 * Plain JSON an admin can read, laid out so that an index can point at the byte range of each event.
 */
import type { UptimeEvent } from './event.js';
import { EVENTS_ERROR_CODES, EventsError } from './errors.js';

/** The data of one segment, as lowdb holds it. */
export interface SegmentData {
  events: UptimeEvent[];
}

/** The serialized text and where each event line starts (bytes); the last offset is the end. */
export interface SegmentLayout {
  text: string;
  offsets: number[];
  bytes: number;
}

interface Line {
  text: string;
  bytes: number;
}

/** Remembers the JSON line of each event object, so a rewrite only serializes new events. */
export type LineCache = WeakMap<object, Line>;

const HEAD = '{"events":[\n';
const TAIL = ']}\n';

/** Serializes a segment; `cache` avoids serializing again the events already written. */
export function serializeSegment(events: readonly UptimeEvent[], cache: LineCache = new WeakMap()): SegmentLayout {
  const parts: string[] = [HEAD];
  const offsets: number[] = [];
  let at = HEAD.length;
  events.forEach((event, i) => {
    let line = cache.get(event);
    if (!line) {
      const text = JSON.stringify(event);
      line = { text, bytes: Buffer.byteLength(text) };
      cache.set(event, line);
    }
    offsets.push(at);
    const sep = i < events.length - 1 ? ',\n' : '\n';
    parts.push(line.text, sep);
    at += line.bytes + sep.length;
  });
  offsets.push(at);
  parts.push(TAIL);
  return { text: parts.join(''), offsets, bytes: at + TAIL.length };
}

/** Parses one event line cut out of a segment at its offsets (a trailing comma is allowed). */
export function parseEventLine(line: string): unknown {
  const trimmed = line.trimEnd();
  return JSON.parse(trimmed.endsWith(',') ? trimmed.slice(0, -1) : trimmed);
}

/** Parses the text of a segment; throws an EventsError when it is not `{"events":[...]}`. */
export function parseSegmentText(text: string): { events: unknown[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new EventsError(EVENTS_ERROR_CODES.BAD_SEGMENT, `not valid JSON (${(err as Error).message})`);
  }
  const events = (data as { events?: unknown } | null)?.events;
  if (!Array.isArray(events)) {
    throw new EventsError(EVENTS_ERROR_CODES.BAD_SEGMENT, 'no "events" array');
  }
  return { events };
}
