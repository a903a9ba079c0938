/** @module The events page: the event log newest first, filtered by code, host and time; alerts link to their email. */
import { html } from 'hono/html';
import type { UptimeEvent } from '@uptime/events';
import { eventCodes, type EventFilter } from '../event-source.js';
import { eventAnchor, when } from './format.js';
import { page, type Markup } from './layout.js';

/** The message id of the alert email of an event, if there is one. */
export type AlertMailFinder = (event: UptimeEvent) => string | undefined;

const localInput = (date: Date | undefined) => {
  if (!date) return '';
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 19);
};

function filters(filter: EventFilter): Markup {
  const chosen = filter.code?.length === 1 ? filter.code[0] : '';
  const option = (value: string, label: string) => html`<option value="${value}"${chosen === value ? html` selected` : ''}>${label}</option>`;
  return html`<form class="filters" method="get" action="/events" role="search">
<select name="code" aria-label="Event code">${option('', 'All codes')}${eventCodes.map((c) => option(c, c))}</select>
<input type="search" name="host" value="${filter.host ?? ''}" placeholder="Host address" aria-label="Host">
<label class="muted">from <input type="datetime-local" step="1" name="since" value="${localInput(filter.since)}"></label>
<label class="muted">to <input type="datetime-local" step="1" name="until" value="${localInput(filter.until)}"></label>
<button type="submit">Show</button>
</form>`;
}

function row(e: UptimeEvent, mailOf: AlertMailFinder): Markup {
  const mail = mailOf(e);
  return html`<tr id="${eventAnchor(e.id)}">
<td class="nowrap" data-label="Time">${when(e.time)}</td><td class="nowrap code" data-label="Code">${e.code}</td>
<td data-label="Hosts">${e.hosts.join(', ')}</td><td data-label="Message">${e.message}</td>
<td class="nowrap">${mail ? html`<a href="/messages/${mail}">alert email</a>` : ''}</td>
</tr>`;
}

/** The events page. */
export function eventsPage(filter: EventFilter, events: UptimeEvent[], mailOf: AlertMailFinder): Markup {
  const filtered = filter.code || filter.host || filter.since || filter.until;
  const body =
    events.length === 0
      ? html`<p class="muted">No events${filtered ? ' match' : ' yet'}.</p>`
      : html`<table class="stack"><thead><tr><th>Time</th><th>Code</th><th>Hosts</th><th>Message</th><th><span class="visually-hidden">Alert email</span></th></tr></thead>
<tbody>${events.map((e) => row(e, mailOf))}</tbody></table>
${events.length === filter.limit ? html`<p class="muted">Showing the newest ${filter.limit}; narrow the filter to see older ones.</p>` : ''}`;
  return page('Events', 'events', html`<h1>Events</h1>${filters(filter)}${body}`, 'events');
}
