/** @module The pages for people: / (inbox), /messages/:id (and its HTML body), /status and /events. */
import { Hono } from 'hono';
import type { DataLayout } from '@uptime/config';
import type { UptimeEvent } from '@uptime/events';
import { listEvents } from '../event-source.js';
import type { MailStore } from '../mail-store/mail-store.js';
import { encodeMessageId } from '../mail-store/message-id.js';
import { lookUpMessage, refOf, withMessageFile } from '../message-lookup.js';
import { parseMessageQuery } from '../message-query.js';
import { eventsPage } from '../pages/events-page.js';
import { inboxPage } from '../pages/inbox-page.js';
import { messageFrameResponse } from '../pages/message-frame.js';
import { messagePage } from '../pages/message-page.js';
import { statusPage } from '../pages/status-page.js';
import { silencesPage } from '../pages/silences-page.js';
import { listSilences } from '../silence-requests.js';
import type { CsrfTokens } from '../security/csrf.js';
import { crossSiteReason } from '../security/request-origin.js';
import { readTargetDetails } from '../status-source.js';
import { eventFilterOf } from './api-events.js';

/** Below this many unread files the events page waits for the search index, so that every alert finds its email. */
const WAIT_FOR_INDEX = 5000;

/** The HTML pages, mounted at /. */
export function pages(layout: DataLayout, store: MailStore, csrf: CsrfTokens, options: { testAlert?: boolean } = {}): Hono {
  const app = new Hono();
  app.get('/', async (c) => {
    const query = parseMessageQuery(c);
    const [result, mailboxes] = await Promise.all([store.list(query), store.mailboxes()]);
    return c.html(inboxPage(query, result, mailboxes, csrf.token()));
  });
  app.get('/messages/:id', async (c) => {
    const id = c.req.param('id');
    // Opening a message marks it read, unless another site sent the browser here.
    if (!crossSiteReason(c) && c.req.header('x-requested-with') !== 'live') await store.setSeen(refOf(id), true);
    const view = await lookUpMessage(store, id);
    return c.html(messagePage(view, { csrf: csrf.token(), remoteImages: c.req.query('images') === '1' }));
  });
  app.get('/messages/:id/body', async (c) => {
    const remoteImages = c.req.query('images') === '1';
    return withMessageFile(store, c.req.param('id'), async (file) => {
      const sanitized = await store.parsed.sanitized(file, remoteImages);
      return messageFrameResponse(sanitized?.html ?? '', remoteImages);
    });
  });
  app.get('/status', async (c) => c.html(statusPage(await readTargetDetails(layout.statusFile), Date.now(), { testAlertCsrf: options.testAlert ? csrf.token() : undefined, csrf: csrf.token(), ack: c.req.query('ack') })));
  app.get('/silences', async (c) => c.html(silencesPage(await listSilences(layout, true), await readTargetDetails(layout.statusFile), csrf.token())));
  app.get('/events', async (c) => {
    const filter = eventFilterOf(c);
    const events = await listEvents(layout.events, filter);
    await store.index.refresh();
    if (store.search.backlog < WAIT_FOR_INDEX) await store.search.ready();
    const mailOf = (e: UptimeEvent) => {
      const eventId = e.code === 'ALERT_QUEUED' || e.code === 'ALERT_FAILED' ? e.eventId : e.id;
      const entry = store.search.byEvent(eventId);
      return entry ? encodeMessageId(entry) : undefined;
    };
    return c.html(eventsPage(filter, events, mailOf));
  });
  return app;
}
