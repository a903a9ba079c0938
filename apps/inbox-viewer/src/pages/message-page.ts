/** @module One message: headers, actions, alert links, the text, the sanitized HTML in a sandboxed frame, attachments. */
import { html } from 'hono/html';
import type { MessageView } from '../mail-store/message-view.js';
import { alertLinks } from './alert-links.js';
import { bytes, href, when } from './format.js';
import { page, type Markup } from './layout.js';
import { textBody } from './text-body.js';

function htmlFrame(m: MessageView, remoteImages: boolean): Markup {
  const notice =
    m.remoteImages > 0 && !remoteImages
      ? html`<p class="notice">${m.remoteImages} remote image${m.remoteImages === 1 ? ' is' : 's are'} not shown (the sender could see that and when you read this). <a href="/messages/${m.id}?images=1">Show remote images</a></p>`
      : '';
  const src = `/messages/${m.id}/body${remoteImages ? '?images=1' : ''}`;
  // sandbox without allow-scripts and allow-same-origin: nothing in it runs or reaches this origin.
  return html`<h2>HTML version</h2>${notice}<p><a href="${src}">Open the HTML version by itself</a> <span class="muted">(or drag the frame's corner to make it taller)</span></p><div class="frame-box"><iframe sandbox="allow-popups allow-popups-to-escape-sandbox" referrerpolicy="no-referrer" title="HTML version of the message" src="${src}"></iframe></div>`;
}

function attachmentList(m: MessageView): Markup | string {
  if (m.attachments.length === 0) return '';
  return html`<h2>Attachments</h2><ul>${m.attachments.map(
    (a) => html`<li><a href="/api/messages/${m.id}/attachments/${a.index}" download>${a.filename ?? `attachment ${a.index + 1}`}</a> <span class="muted">${a.contentType}, ${bytes(a.size)}</span></li>`,
  )}</ul>`;
}

function actions(m: MessageView, csrf: string): Markup {
  const hidden = html`<input type="hidden" name="csrf" value="${csrf}">`;
  return html`<div class="toolbar">
<form class="inline" method="post" action="/messages/${m.id}/seen">${hidden}<input type="hidden" name="seen" value="${m.seen ? '0' : '1'}"><button type="submit">${m.seen ? 'Mark unread' : 'Mark read'}</button></form>
<form class="inline" method="post" action="/messages/${m.id}/delete">${hidden}<button type="submit" class="danger" data-confirm="Delete this message?">Delete</button></form>
<a href="/api/messages/${m.id}/raw">Raw source</a>
<a href="/api/messages/${m.id}/raw?download=1">Download .eml</a>
</div>`;
}

/** The page of one message. */
export function messagePage(m: MessageView, options: { csrf: string; remoteImages: boolean }): Markup {
  const field = (label: string, value: string | Markup) => html`<dt>${label}</dt><dd>${value}</dd>`;
  const rawHeaders = m.headers.map((h) => `${h.key}: ${h.value}`).join('\n');
  return page(
    m.subject || '(no subject)',
    'inbox',
    html`<p><a href="${href('/', { mailbox: m.mailbox })}">‹ ${m.mailbox}</a></p>
<h1>${m.subject || '(no subject)'}</h1>
<dl class="headers">${field('From', m.from)}${field('To', m.to)}${m.cc ? field('Cc', m.cc) : ''}${field('Date', when(m.date))}${field('Mailbox', m.mailbox)}</dl>
${actions(m, options.csrf)}
${alertLinks(m)}
${m.text !== null ? textBody(m.text) : ''}
${m.html !== null ? htmlFrame(m, options.remoteImages) : ''}
${m.text === null && m.html === null ? html`<p class="muted">This message has no text.</p>` : ''}
${attachmentList(m)}
<details><summary>All headers</summary><pre>${rawHeaders}</pre></details>`,
  );
}
