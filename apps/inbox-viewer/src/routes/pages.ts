/** @module The pages for people: / (inbox), /messages/:id, /status and /events. */
import { Hono } from 'hono';
import type { DataLayout } from '@uptime/config';
import { listEvents } from '../event-source.js';
import type { MailStore } from '../mail-store/mail-store.js';
import { lookUpMessage } from '../message-lookup.js';
import { parseMessageQuery } from '../message-query.js';
import { eventsPage } from '../pages/events-page.js';
import { inboxPage } from '../pages/inbox-page.js';
import { messagePage } from '../pages/message-page.js';
import { statusPage } from '../pages/status-page.js';
import { readTargetStatus } from '../status-source.js';
import { eventFilterOf } from './api-events.js';

/** The HTML pages, mounted at /. */
export function pages(layout: DataLayout, store: MailStore): Hono {
  const app = new Hono();
  app.get('/', async (c) => {
    const query = parseMessageQuery(c);
    const [result, mailboxes] = await Promise.all([store.list(query), store.mailboxes()]);
    return c.html(inboxPage(query, result, mailboxes));
  });
  app.get('/messages/:id', async (c) => c.html(messagePage(await lookUpMessage(store, c.req.param('id')))));
  app.get('/status', async (c) => c.html(statusPage(await readTargetStatus(layout.statusFile))));
  app.get('/events', async (c) => {
    const filter = eventFilterOf(c);
    return c.html(eventsPage(filter, await listEvents(layout.events, filter)));
  });
  return app;
}
