/** @module Queries of the event log: checking them, matching events, and newest-first order. */
import { isEventCode, type EventCode } from './event-codes.js';
import type { UptimeEvent } from './event.js';
import { eventMs } from './event-shape.js';
import { EVENTS_ERROR_CODES, EventsError } from './errors.js';

export interface EventQuery {
  /** Only events of this code (or of any of these codes). */
  code?: EventCode | EventCode[];
  /** Only events whose `hosts` include this address. */
  host?: string;
  /** Only events at or after this time. */
  since?: string | Date;
  /** At most this many events (default 100, max 10000). */
  limit?: number;
}

/** A checked query. */
export interface Filter {
  codes?: ReadonlySet<string>;
  host?: string;
  sinceMs: number;
  limit: number;
}

/** The largest `limit` readEvents accepts. */
export const MAX_LIMIT = 10_000;
const DEFAULT_LIMIT = 100;

const bad = (message: string) => new EventsError(EVENTS_ERROR_CODES.BAD_QUERY, message);

/** Checks a query; `maxLimit` is raised by callers that export the whole log. */
export function toFilter(query: EventQuery = {}, maxLimit = MAX_LIMIT): Filter {
  const limit = query.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) throw bad(`limit: ${limit} is not a positive integer`);
  let sinceMs = -Infinity;
  if (query.since !== undefined) {
    sinceMs = query.since instanceof Date ? query.since.getTime() : eventMs(query.since);
    if (!Number.isFinite(sinceMs)) throw bad(`since: ${String(query.since)} is not an ISO 8601 time`);
  }
  let codes: Set<string> | undefined;
  if (query.code !== undefined) {
    const list = Array.isArray(query.code) ? query.code : [query.code];
    const unknown = list.find((c) => !isEventCode(c));
    if (unknown !== undefined) throw bad(`code: ${unknown} is not an event code`);
    codes = new Set(list);
  }
  return { codes, host: query.host, sinceMs, limit: Math.min(limit, maxLimit) };
}

/** True when the event passes every condition of the filter. */
export function matches(event: UptimeEvent, filter: Filter): boolean {
  return (
    (!filter.codes || filter.codes.has(event.code)) &&
    (filter.host === undefined || event.hosts.includes(filter.host)) &&
    (filter.sinceMs === -Infinity || eventMs(event.time) >= filter.sinceMs)
  );
}

/** An event with its time in ms, for sorting. */
export interface Timed {
  ms: number;
  event: UptimeEvent;
}

/** Newest first: by time, then by id. */
export function newestFirst(a: Timed, b: Timed): number {
  if (a.ms !== b.ms) return b.ms - a.ms;
  return a.event.id < b.event.id ? 1 : a.event.id > b.event.id ? -1 : 0;
}
