/** @module GET /api/events: the event log, newest first, filtered by code, host and time. */
import { Hono, type Context } from 'hono';
import { listEvents, parseEventFilter, type EventFilter } from '../event-source.js';

/** The event filter of a request's query string. */
export function eventFilterOf(c: Context): EventFilter {
  return parseEventFilter({
    code: c.req.queries('code') ?? [],
    host: c.req.query('host'),
    since: c.req.query('since'),
    until: c.req.query('until'),
    limit: c.req.query('limit'),
  });
}

/** The event API, mounted at /api/events. */
export function eventsApi(eventsDir: string): Hono {
  const api = new Hono();
  api.get('/', async (c) => c.json({ events: await listEvents(eventsDir, eventFilterOf(c)) }));
  return api;
}
