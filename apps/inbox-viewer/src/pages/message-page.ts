/** @module One message: its headers, the text body, the sanitized HTML in a sandboxed frame, attachments. */
import { html } from 'hono/html';
import type { MessageView } from '../mail-store/message-view.js';
import { bytes, href, when } from './format.js';
import { page, type Markup } from './layout.js';

const FRAME_STYLE = 'body{font:15px/1.45 system-ui,sans-serif;color:#1d2330;margin:8px}img{max-width:100%;height:auto}';

function htmlFrame(body: string): Markup {
  const doc = `<!doctype html><html><head><style>${FRAME_STYLE}</style></head><body>${body}</body></html>`;
  // sandbox without allow-scripts and allow-same-origin: nothing in it runs or reaches this origin.
  return html`<h2>HTML version</h2><iframe sandbox="allow-popups allow-popups-to-escape-sandbox" referrerpolicy="no-referrer" title="HTML version of the message" srcdoc="${doc}"></iframe>`;
}

function attachmentList(list: MessageView['attachments']): Markup | string {
  if (list.length === 0) return '';
  return html`<h2>Attachments</h2><ul>${list.map(
    (a) => html`<li>${a.filename ?? '(unnamed)'} <span class="muted">${a.contentType}, ${bytes(a.size)}</span></li>`,
  )}</ul>`;
}

/** The page of one message. */
export function messagePage(m: MessageView): Markup {
  const field = (label: string, value: string | Markup) => html`<dt>${label}</dt><dd>${value}</dd>`;
  const rawHeaders = m.headers.map((h) => `${h.key}: ${h.value}`).join('\n');
  return page(
    m.subject || '(no subject)',
    'inbox',
    html`<p><a href="${href('/', { mailbox: m.mailbox })}">‹ ${m.mailbox}</a></p>
<h1>${m.subject || '(no subject)'}</h1>
<dl class="headers">${field('From', m.from)}${field('To', m.to)}${m.cc ? field('Cc', m.cc) : ''}${field('Date', when(m.date))}${field('Mailbox', m.mailbox)}</dl>
${m.text !== null ? html`<pre>${m.text}</pre>` : ''}
${m.html !== null ? htmlFrame(m.html) : ''}
${m.text === null && m.html === null ? html`<p class="muted">This message has no text.</p>` : ''}
${attachmentList(m.attachments)}
<details><summary>All headers</summary><pre>${rawHeaders}</pre></details>`,
  );
}
