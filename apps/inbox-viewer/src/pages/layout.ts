/** @module The shared page frame: head, style sheet, the live-update script and the nav. */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

/** What `html` returns: escaped markup, possibly still being resolved. */
export type Markup = HtmlEscapedString | Promise<HtmlEscapedString>;

export type Section = 'inbox' | 'status' | 'silences' | 'events' | 'outages' | 'none';

/** Which server-sent events make the page refresh itself (see assets/live-js.ts). */
export type LiveKind = 'inbox' | 'status' | 'events' | 'outages';

/** A complete HTML page with the nav; `title` and everything interpolated into `body` are escaped. */
export function page(title: string, section: Section, body: Markup, live?: LiveKind): Markup {
  const link = (href: string, label: string, name: Section) =>
    html`<a href="${href}"${name === section ? html` aria-current="page"` : ''}>${label}</a>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/style.css">
<title>${title} · uptime sensor</title>
<script src="/assets/forms.js" defer></script>
${live ? html`<script src="/assets/stream.js" defer></script><script src="/assets/live.js" defer></script>` : ''}
</head>
<body${live ? html` data-live="${live}"` : ''}>
<header><strong>uptime sensor</strong><nav>${link('/', 'Inbox', 'inbox')}${link('/status', 'Status', 'status')}${link('/silences', 'Silences', 'silences')}${link('/events', 'Events', 'events')}${link('/outages', 'Outages', 'outages')}</nav>${live ? html`<span class="live-dot" role="img" aria-label="Live updates: connecting" title="live updates" hidden></span>` : ''}</header>
${live ? html`<p id="live-news" class="visually-hidden" role="status" aria-live="polite"></p>` : ''}
<main>${body}</main>
</body>
</html>`;
}
