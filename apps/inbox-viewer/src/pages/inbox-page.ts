/** @module The inbox page: filters, a table of messages (unread in bold), then the bulk actions for the selected ones, and paging. */
import { html } from 'hono/html';
import type { ListQuery, ListResult, MessageSummary } from '../mail-store/mail-store.js';
import { bytes, href, when } from './format.js';
import { page, type Markup } from './layout.js';
import { senderName } from './sender-name.js';

function filters(query: ListQuery, mailboxes: string[]): Markup {
  const option = (value: string, label: string) =>
    html`<option value="${value}"${(query.mailbox ?? '') === value ? html` selected` : ''}>${label}</option>`;
  return html`<form class="filters" method="get" action="/" role="search">
<select name="mailbox" aria-label="Mailbox">${option('', 'All mailboxes')}${mailboxes.map((m) => option(m, m))}</select>
<input type="search" name="q" value="${query.q ?? ''}" placeholder="Search sender, subject, text" aria-label="Search">
<button type="submit">Show</button>
</form>`;
}

function row(m: MessageSummary): Markup {
  return html`<tr${m.seen ? '' : html` class="unread"`}>
<td class="check"><input type="checkbox" name="ids" value="${m.id}" form="bulk" aria-label="${`Select message from ${m.from ? senderName(m.from) : '(no sender)'}: ${m.subject || '(no subject)'}`}"></td>
<td class="from" title="${m.from}">${m.from ? senderName(m.from) : html`<span class="muted">(no sender)</span>`}</td>
<td class="subject"><a href="/messages/${m.id}">${m.subject || '(no subject)'}</a></td>
<td class="date nowrap">${when(m.date)}</td>
<td class="wide">${m.mailbox}</td>
<td class="wide nowrap num">${bytes(m.size)}</td>
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

function bulkActions(back: string, csrf: string): Markup {
  return html`<form id="bulk" class="actions" method="post" action="/messages/bulk">
<input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="back" value="${back}">
<span class="muted">Selected messages:</span>
<button type="submit" name="action" value="read">Mark read</button>
<button type="submit" name="action" value="unread">Mark unread</button>
<button type="submit" name="action" value="delete" class="danger" data-confirm="Delete the selected messages?">Delete</button>
</form>`;
}

/** The whole inbox page; the title carries the unread count. */
export function inboxPage(query: ListQuery, result: ListResult, mailboxes: string[], csrf: string): Markup {
  const title = result.unread > 0 ? `(${result.unread}) Inbox` : 'Inbox';
  const back = href('/', { mailbox: query.mailbox, q: query.q, offset: query.offset || undefined });
  const table =
    result.messages.length === 0
      ? html`<p class="muted">No messages${query.q || query.mailbox ? ' match' : ' yet'}.</p>`
      : html`<table class="inbox">
<thead><tr><th class="check"><input type="checkbox" id="select-all" class="js-only" aria-label="Select all messages on this page"><span class="visually-hidden">Select</span></th><th>From</th><th>Subject</th><th>Date</th><th class="wide">Mailbox</th><th class="wide num">Size</th></tr></thead>
<tbody>${result.messages.map(row)}</tbody>
</table>${bulkActions(back, csrf)}`;
  return page(title, 'inbox', html`<h1>${title}</h1>${filters(query, mailboxes)}${table}${pager(query, result.total)}`, 'inbox');
}
