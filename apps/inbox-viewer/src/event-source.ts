/** @module The viewer's one door to the event log (@uptime/events), and the checks of its query. */
import { EVENT_CODES, isEventCode, readEvents, type EventCode, type UptimeEvent } from '@uptime/events';
import { badParam, intParam, textParam } from './query-params.js';

/** What the event list may be filtered by. */
export interface EventFilter {
  code?: EventCode[];
  host?: string;
  since?: Date;
  /** Only events at or before this time. */
  until?: Date;
  limit: number;
}

/** Default and largest number of events in one answer. */
export const EVENT_LIMIT = { fallback: 100, max: 10_000 } as const;

/** All event codes, for the filter on the events page. */
export const eventCodes: readonly EventCode[] = EVENT_CODES;

/** Checks `code` (one or more, comma-separated or repeated), `host`, `since` and `limit`; throws a 400 naming the bad one. */
function timeParam(name: string, value: string | undefined): Date | undefined {
  const text = textParam(value);
  if (text === undefined) return undefined;
  const date = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(date.getTime())) {
    throw badParam(name, text, 'an ISO 8601 date or time (2026-11-21T12:00:00+01:00)');
  }
  return date;
}

export function parseEventFilter(params: { code: string[]; host?: string; since?: string; until?: string; limit?: string }): EventFilter {
  const codes = params.code.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  for (const code of codes) {
    if (!isEventCode(code)) throw badParam('code', code, `an event code (${EVENT_CODES.join(', ')})`);
  }
  return {
    code: codes.length > 0 ? (codes as EventCode[]) : undefined,
    host: textParam(params.host),
    since: timeParam('since', params.since),
    until: timeParam('until', params.until),
    limit: intParam(params.limit, 'limit', { min: 1, max: EVENT_LIMIT.max, fallback: EVENT_LIMIT.fallback }),
  };
}

/** Events newest first, read from the event log directory. */
export async function listEvents(eventsDir: string, filter: EventFilter): Promise<UptimeEvent[]> {
  const { until, ...query } = filter;
  const onProblem = (message: string) => process.stderr.write(`viewer: event log: ${message}\n`);
  if (until === undefined) return readEvents(eventsDir, query, { onProblem });
  // the log reads newest first from `since`; events after `until` are read and left out
  const events = await readEvents(eventsDir, { ...query, limit: EVENT_LIMIT.max }, { onProblem });
  return events.filter((e) => Date.parse(e.time) <= until.getTime()).slice(0, filter.limit);
}
