/** @module The viewer's one door to the event log (@uptime/events), and the checks of its query. */
import { EVENT_CODES, isEventCode, readEvents, type EventCode, type UptimeEvent } from '@uptime/events';
import { badParam, intParam, textParam } from './query-params.js';

/** What the event list may be filtered by. */
export interface EventFilter {
  code?: EventCode[];
  host?: string;
  since?: Date;
  limit: number;
}

/** Default and largest number of events in one answer. */
export const EVENT_LIMIT = { fallback: 100, max: 10_000 } as const;

/** All event codes, for the filter on the events page. */
export const eventCodes: readonly EventCode[] = EVENT_CODES;

/** Checks `code` (one or more, comma-separated or repeated), `host`, `since` and `limit`; throws a 400 naming the bad one. */
export function parseEventFilter(params: { code: string[]; host?: string; since?: string; limit?: string }): EventFilter {
  const codes = params.code.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  for (const code of codes) {
    if (!isEventCode(code)) throw badParam('code', code, `an event code (${EVENT_CODES.join(', ')})`);
  }
  const sinceText = textParam(params.since);
  const since = sinceText === undefined ? undefined : new Date(sinceText);
  if (sinceText !== undefined && (!/^\d{4}-\d{2}-\d{2}/.test(sinceText) || Number.isNaN(since?.getTime()))) {
    throw badParam('since', sinceText, 'an ISO 8601 date or time (2026-11-21T12:00:00+01:00)');
  }
  return {
    code: codes.length > 0 ? (codes as EventCode[]) : undefined,
    host: textParam(params.host),
    since,
    limit: intParam(params.limit, 'limit', { min: 1, max: EVENT_LIMIT.max, fallback: EVENT_LIMIT.fallback }),
  };
}

/** Events newest first, read from the event log directory. */
export async function listEvents(eventsDir: string, filter: EventFilter): Promise<UptimeEvent[]> {
  return readEvents(eventsDir, filter, {
    onProblem: (message) => process.stderr.write(`viewer: event log: ${message}\n`),
  });
}
