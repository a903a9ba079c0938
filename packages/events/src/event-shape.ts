/** @module Checks of event shape: what record() accepts and what a reader keeps from a file. */
import { isEventCode } from './event-codes.js';
import type { NewEvent, UptimeEvent } from './event.js';
import { EVENTS_ERROR_CODES, EventsError } from './errors.js';

/** The time of an event in ms since the epoch, NaN when it is not a valid ISO 8601 time. */
export function eventMs(time: string): number {
  return Date.parse(time);
}

/** True when `value` looks like a stored event: id, valid time, known code, hosts, message. */
export function isStoredEvent(value: unknown): value is UptimeEvent {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  return (
    typeof e.id === 'string' &&
    typeof e.time === 'string' &&
    Number.isFinite(eventMs(e.time)) &&
    typeof e.code === 'string' &&
    isEventCode(e.code) &&
    Array.isArray(e.hosts) &&
    e.hosts.every((h) => typeof h === 'string') &&
    typeof e.message === 'string'
  );
}

/** Throws an EventsError naming the field when `input` cannot be recorded. */
export function assertNewEvent(input: NewEvent): void {
  const e = input as unknown as Record<string, unknown>;
  const bad = (what: string) =>
    new EventsError(EVENTS_ERROR_CODES.BAD_EVENT, `cannot record event: ${what}`);
  if (typeof e !== 'object' || e === null) throw bad('not an object');
  if (typeof e.code !== 'string' || !isEventCode(e.code)) throw bad(`unknown code ${JSON.stringify(e.code)}`);
  if (!Array.isArray(e.hosts) || !e.hosts.every((h) => typeof h === 'string')) {
    throw bad('hosts must be an array of IP address strings');
  }
  if (typeof e.message !== 'string') throw bad('message must be a string');
  if (e.time !== undefined && (typeof e.time !== 'string' || !Number.isFinite(eventMs(e.time)))) {
    throw bad(`time ${JSON.stringify(e.time)} is not ISO 8601`);
  }
}
