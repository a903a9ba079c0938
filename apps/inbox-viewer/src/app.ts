/** @module Builds the viewer's Hono app from its dependencies; serving it is cli.ts's job. */
import { Hono } from 'hono';
import type { DataLayout } from '@uptime/config';
import { onError, onNotFound } from './errors.js';
import { MailStore } from './mail-store/mail-store.js';
import { eventsApi } from './routes/api-events.js';
import { messagesApi } from './routes/api-messages.js';
import { statusApi } from './routes/api-status.js';
import { pages } from './routes/pages.js';
import { securityHeaders } from './security-headers.js';

export interface AppDeps {
  /** Where mail, events, the status file and the part records are. */
  layout: DataLayout;
  /** The mail store; one is made for `layout.mail` when not given. */
  store?: MailStore;
}

/** The inbox viewer: JSON API under /api and server-rendered pages. */
export function createApp(deps: AppDeps): Hono {
  const { layout } = deps;
  const store = deps.store ?? new MailStore(layout.mail);
  const app = new Hono();
  app.use('*', securityHeaders());
  app.route('/api/messages', messagesApi(store));
  app.route('/api/events', eventsApi(layout.events));
  app.route('/api', statusApi(layout));
  app.route('/', pages(layout, store));
  app.onError(onError);
  app.notFound(onNotFound);
  return app;
}
