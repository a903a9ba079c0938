/** @module The small HTML page shown for an error outside /api. */
import { html } from 'hono/html';
import { page, type Markup } from './layout.js';

/** A page that says what went wrong, with a way back to the inbox. */
export function errorPage(status: number, message: string): Markup {
  return page(`Error ${status}`, 'none', html`<h1>Error ${status}</h1><p>${message}</p><p><a href="/">Back to the inbox</a></p>`);
}
