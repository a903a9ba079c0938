/** @module The events page: the event log newest first, filtered by code and host. */
import { html } from 'hono/html';
import type { UptimeEvent } from '@uptime/events';
import { eventCodes, type EventFilter } from '../event-source.js';
import { when } from './format.js';
import { page, type Markup } from './layout.js';

function filters(filter: EventFilter): Markup {
  const chosen = filter.code?.length === 1 ? filter.code[0] : '';
  const option = (value: string, label: string) => html`<option value="${value}"${chosen === value ? html` selected` : ''}>${label}</option>`;
  return html`<form class="filters" method="get" action="/events" role="search">
<select name="code" aria-label="Event code">${option('', 'All codes')}${eventCodes.map((c) => option(c, c))}</select>
<input type="search" name="host" value="${filter.host ?? ''}" placeholder="Host address" aria-label="Host">
<button type="submit">Show</button>
</form>`;
}

function row(e: UptimeEvent): Markup {
  return html`<tr>
<td class="nowrap">${when(e.time)}</td><td class="nowrap">${e.code}</td>
<td>${e.hosts.join(', ')}</td><td>${e.message}</td>
</tr>`;
}

/** The events page. */
export function eventsPage(filter: EventFilter, events: UptimeEvent[]): Markup {
  const body =
    events.length === 0
      ? html`<p class="muted">No events${filter.code || filter.host ? ' match' : ' yet'}.</p>`
      : html`<table><thead><tr><th>Time</th><th>Code</th><th>Hosts</th><th>Message</th></tr></thead>
<tbody>${events.map(row)}</tbody></table>`;
  return page('Events', 'events', html`<h1>Events</h1>${filters(filter)}${body}`);
}
