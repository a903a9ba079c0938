/** @module A plain-text body as HTML: everything escaped, and only http(s) URLs made into links. */
import { html } from 'hono/html';
import type { Markup } from './layout.js';

const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'`]+[^\s<>"'`.,;:!?)\]}]/gi;

/** The text in a <pre>, with links that open outside the viewer and send no referrer. */
export function textBody(text: string): Markup {
  const parts: Array<string | Markup> = [];
  let last = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const url = match[0];
    parts.push(text.slice(last, match.index));
    parts.push(html`<a href="${url}" rel="noopener noreferrer nofollow" target="_blank">${url}</a>`);
    last = match.index + url.length;
  }
  parts.push(text.slice(last));
  return html`<pre>${parts}</pre>`;
}
