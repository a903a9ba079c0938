/** @module Builds the viewer's Hono app from its dependencies; serving it is cli.ts's job. */
import { Hono } from 'hono';
import type { DataLayout } from '@uptime/config';
import { onError, onNotFound } from './errors.js';
import { LiveHub } from './live/live-hub.js';
import { MailStore } from './mail-store/mail-store.js';
import { eventsApi } from './routes/api-events.js';
import { messagesApi } from './routes/api-messages.js';
import { metricsRoute } from './routes/metrics.js';
import { statusApi } from './routes/api-status.js';
import { streamApi } from './routes/api-stream.js';
import { assets } from './routes/assets.js';
import { outagesApi, outagesPages } from './routes/outages.js';
import { pageActions } from './routes/page-actions.js';
import { silencesApi } from './routes/api-silences.js';
import { silenceActions } from './routes/silence-actions.js';
import { pages } from './routes/pages.js';
import { basicAuth, type AuthConfig } from './security/basic-auth.js';
import { CsrfTokens, csrfProtection } from './security/csrf.js';
import type { PasswordGate } from './security/password-gate.js';
import { loopbackHostOnly, publicOrigin } from './security/request-origin.js';
import { securityHeaders } from './security/security-headers.js';
import { testAlertRoute } from './routes/test-alert.js';
import type { TestAlertRunner } from './test-alert-runner.js';

export interface AppDeps {
  /** Where mail, events, the status file and the part records are. */
  layout: DataLayout;
  /** The mail store; one is made for `layout.mail` when not given. */
  store?: MailStore;
  /** viewer.auth: when set, every request needs these credentials (HTTP Basic). */
  auth?: AuthConfig;
  /** Limits on password verification (viewer.auth); defaults when not given. */
  passwordGate?: PasswordGate;
  /** Answer only requests sent to a loopback host name (default true; off when the viewer listens on another address). */
  loopbackOnly?: boolean;
  /** viewer.url: the address people reach the viewer at; its origin counts as the viewer's own (a TLS proxy in front). */
  publicUrl?: string;
  /** How often the event stream looks for news (default 1 s). */
  liveIntervalMs?: number;
  /** Sends a test alert (the status page's button); without it the page has no button. */
  testAlert?: TestAlertRunner;
}

/** The inbox viewer: JSON API under /api and server-rendered pages. */
export function createApp(deps: AppDeps): Hono {
  const { layout } = deps;
  const store = deps.store ?? new MailStore(layout.mail);
  const csrf = new CsrfTokens();
  const hub = new LiveHub({ store, eventsDir: layout.events, statusFile: layout.statusFile, intervalMs: deps.liveIntervalMs });
  const app = new Hono();
  app.use('*', securityHeaders());
  app.use('*', publicOrigin(deps.publicUrl));
  if (deps.loopbackOnly ?? true) app.use('*', loopbackHostOnly());
  if (deps.auth) app.use('*', basicAuth(deps.auth, deps.passwordGate));
  app.use('*', csrfProtection(csrf));
  app.route('/assets', assets());
  app.route('/api/events/stream', streamApi(hub));
  app.route('/api/messages', messagesApi(store));
  app.route('/api/events', eventsApi(layout.events));
  app.route('/api', outagesApi(layout));
  app.route('/api', statusApi(layout));
  // who adds a silence or acknowledges: the logged-in user of viewer.auth, else "viewer"
  const author = deps.auth?.user ?? 'viewer';
  app.route('/api', silencesApi(layout, author));
  app.route('/metrics', metricsRoute(layout));
  app.route('/messages', pageActions(store, csrf));
  app.route('/', outagesPages(layout));
  if (deps.testAlert) app.route('/status', testAlertRoute(deps.testAlert));
  app.route('/', silenceActions(layout, author));
  app.route('/', pages(layout, store, csrf, { testAlert: deps.testAlert !== undefined }));
  app.onError(onError);
  app.notFound(onNotFound);
  return app;
}
