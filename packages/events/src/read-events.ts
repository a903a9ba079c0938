/** @module Reads the event log of a directory: every writer's segments merged, newest first. */
import type { UptimeEvent } from './event.js';
import { toFilter, type EventQuery } from './event-query.js';
import { scanEvents } from './scan-events.js';
import { warnOnce } from './warn-once.js';

export type { EventQuery } from './event-query.js';

export interface ReadOptions {
  /** Receives a sentence per damaged segment or index entry (default: console.warn once per file). */
  onProblem?: (message: string) => void;
}

/** Newest first. */
export async function readEvents(dir: string, query?: EventQuery, options: ReadOptions = {}): Promise<UptimeEvent[]> {
  return scanEvents(dir, toFilter(query), options.onProblem ?? warnOnce);
}
