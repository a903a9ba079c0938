/** @module The shared page frame: head, inline CSS, and the nav (Inbox, Status, Events). */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

/** What `html` returns: escaped markup, possibly still being resolved. */
export type Markup = HtmlEscapedString | Promise<HtmlEscapedString>;

export type Section = 'inbox' | 'status' | 'events' | 'none';

const STYLE = `
:root { color-scheme: light dark; --fg: #1d2330; --muted: #5b6475; --line: #d9dde5; --bg: #fff; --head: #f3f5f8; --accent: #1f5fbf; --up: #1a7f37; --down: #c62828; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e9ef; --muted: #9aa3b2; --line: #343a46; --bg: #15181e; --head: #1e232b; --accent: #79a8ff; --up: #4cc36b; --down: #ff6b6b; } }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; flex-wrap: wrap; align-items: center; gap: .25rem 1rem; padding: .6rem 1rem; background: var(--head); border-bottom: 1px solid var(--line); }
header strong { margin-right: .5rem; }
nav a { margin-right: .9rem; color: var(--accent); text-decoration: none; }
nav a[aria-current] { font-weight: 700; text-decoration: underline; }
main { padding: 1rem; max-width: 72rem; margin: 0 auto; }
h1 { font-size: 1.3rem; margin: .2rem 0 1rem; overflow-wrap: anywhere; }
a { color: var(--accent); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: anywhere; }
th { font-size: .85rem; color: var(--muted); font-weight: 600; }
tr.unread td { font-weight: 700; }
.muted, time { color: var(--muted); }
.nowrap { white-space: nowrap; }
form.filters { display: flex; flex-wrap: wrap; gap: .5rem; margin-bottom: 1rem; }
input, select, button { font: inherit; padding: .3rem .5rem; border: 1px solid var(--line); border-radius: 4px; background: var(--bg); color: var(--fg); }
.pager { display: flex; gap: 1rem; align-items: center; margin-top: 1rem; }
.status-up { color: var(--up); font-weight: 700; } .status-down { color: var(--down); font-weight: 700; } .status-unknown { color: var(--muted); font-weight: 700; }
dl.headers { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0 0 1rem; }
dl.headers dt { color: var(--muted); } dl.headers dd { margin: 0; overflow-wrap: anywhere; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--head); padding: .8rem; border-radius: 4px; }
iframe { width: 100%; height: 60vh; border: 1px solid var(--line); border-radius: 4px; background: #fff; resize: vertical; }
@media (max-width: 40rem) { .wide { display: none; } main { padding: .6rem; } }
`;

/** A complete HTML page with the nav; `title` and everything interpolated into `body` are escaped. */
export function page(title: string, section: Section, body: Markup): Markup {
  const link = (href: string, label: string, name: Section) =>
    html`<a href="${href}"${name === section ? html` aria-current="page"` : ''}>${label}</a>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${title} · uptime sensor</title>
<style>${STYLE}</style>
</head>
<body>
<header><strong>uptime sensor</strong><nav>${link('/', 'Inbox', 'inbox')}${link('/status', 'Status', 'status')}${link('/events', 'Events', 'events')}</nav></header>
<main>${body}</main>
</body>
</html>`;
}
