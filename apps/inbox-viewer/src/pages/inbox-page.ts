/** @module The inbox page: filters, a table of messages (unread in bold) and paging. */
import { html } from 'hono/html';
import type { ListQuery, ListResult, MessageSummary } from '../mail-store/mail-store.js';
import { bytes, href, when } from './format.js';
import { page, type Markup } from './layout.js';

function filters(query: ListQuery, mailboxes: string[]): Markup {
  const option = (value: string, label: string) =>
    html`<option value="${value}"${(query.mailbox ?? '') === value ? html` selected` : ''}>${label}</option>`;
  return html`<form class="filters" method="get" action="/" role="search">
<select name="mailbox" aria-label="Mailbox">${option('', 'All mailboxes')}${mailboxes.map((m) => option(m, m))}</select>
<input type="search" name="q" value="${query.q ?? ''}" placeholder="Search from, to, subject" aria-label="Search">
<button type="submit">Show</button>
</form>`;
}

function row(m: MessageSummary): Markup {
  return html`<tr${m.seen ? '' : html` class="unread"`}>
<td>${m.from || html`<span class="muted">(no sender)</span>`}</td>
<td><a href="/messages/${m.id}">${m.subject || '(no subject)'}</a></td>
<td class="nowrap">${when(m.date)}</td>
<td class="wide">${m.mailbox}</td>
<td class="wide nowrap">${bytes(m.size)}</td>
</tr>`;
}

function pager(query: ListQuery, total: number): Markup {
  const at = (offset: number) => href('/', { mailbox: query.mailbox, q: query.q, offset: offset || undefined });
  const first = total === 0 ? 0 : query.offset + 1;
  const last = Math.min(total, query.offset + query.limit);
  const newer = query.offset > 0 ? html`<a href="${at(Math.max(0, query.offset - query.limit))}" rel="prev">‹ Newer</a>` : '';
  const older = last < total ? html`<a href="${at(query.offset + query.limit)}" rel="next">Older ›</a>` : '';
  return html`<p class="pager">${newer}<span class="muted">${first}–${last} of ${total}</span>${older}</p>`;
}

/** The whole inbox page; the title carries the unread count. */
export function inboxPage(query: ListQuery, result: ListResult, mailboxes: string[]): Markup {
  const title = result.unread > 0 ? `(${result.unread}) Inbox` : 'Inbox';
  const table =
    result.messages.length === 0
      ? html`<p class="muted">No messages${query.q || query.mailbox ? ' match' : ' yet'}.</p>`
      : html`<table>
<thead><tr><th>From</th><th>Subject</th><th>Date</th><th class="wide">Mailbox</th><th class="wide">Size</th></tr></thead>
<tbody>${result.messages.map(row)}</tbody>
</table>`;
  return page(title, 'inbox', html`<h1>${title}</h1>${filters(query, mailboxes)}${table}${pager(query, result.total)}`);
}
