/** @module How pages show times, sizes and links with a query string. */
import { html } from 'hono/html';
import type { Markup } from './layout.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO time as local "YYYY-MM-DD HH:MM:SS" inside <time>, or a dash when absent or invalid. */
export function when(iso: string | null | undefined): Markup {
  const date = iso ? new Date(iso) : undefined;
  if (!date || Number.isNaN(date.getTime())) return html`<span class="muted">–</span>`;
  const text =
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  return html`<time datetime="${iso}">${text}</time>`;
}

/** A byte count for people: 512 B, 3.4 KB, 1.2 MB. */
export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** A path with the non-empty parameters as its query string. */
export function href(path: string, params: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') query.set(key, String(value));
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
