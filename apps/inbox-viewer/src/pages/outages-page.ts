/** @module The outages page: availability per target over 24 h, 7 d and 30 d, then every outage, newest first. */
import { html } from 'hono/html';
import { WINDOWS, type TargetTotals } from '../outages/availability.js';
import type { Outage } from '../outages/outage-log.js';
import { duration, href, when } from './format.js';
import { page, type Markup } from './layout.js';

const percent = (p: number) => `${p >= 99.995 ? '100' : p.toFixed(2)} %`;

function totalsTable(list: TargetTotals[]): Markup {
  return html`<table class="stack"><thead><tr><th>Target</th><th>Host</th>${WINDOWS.map((w) => html`<th class="num">${w.label}</th>`)}<th class="num">Outages</th><th class="num wide">Downtime</th></tr></thead>
<tbody>${list.map(
    (t) => html`<tr><td data-label="Target">${t.target}${t.ongoing ? html` <span class="badge status-down">DOWN</span>` : ''}</td><td data-label="Host"><a href="${href('/outages', { host: t.host })}">${t.host}</a></td>
${WINDOWS.map((w) => html`<td class="num nowrap" data-label="${w.label}">${percent(t.availability[w.label])}</td>`)}<td class="num" data-label="Outages">${t.outages}</td><td class="num wide nowrap" data-label="Downtime">${duration(t.downSeconds)}</td></tr>`,
  )}</tbody></table>`;
}

function outageRow(o: Outage, now: number): Markup {
  const seconds = o.durationSeconds ?? (now - Date.parse(o.start)) / 1000;
  return html`<tr><td data-label="Target">${o.target}</td><td data-label="Host">${o.host}</td><td class="nowrap" data-label="Start">${when(o.start)}</td>
<td class="nowrap" data-label="End">${o.end === null ? html`<span class="badge status-down">ongoing</span>` : when(o.end)}</td><td class="num nowrap" data-label="Duration">${duration(seconds)}</td></tr>`;
}

/** The outages page, optionally of one host. */
export function outagesPage(outages: Outage[], list: TargetTotals[], host: string | undefined, now = Date.now()): Markup {
  const csv = href('/api/outages.csv', { host });
  const title = host ? `Outages of ${host}` : 'Outages';
  const body = html`<div class="toolbar">${host ? html`<a href="/outages">All targets</a>` : ''}<a href="${csv}" download>Download CSV</a></div>
<h2>Availability</h2>
${list.length === 0 ? html`<p class="muted">No targets known yet.</p>` : totalsTable(list)}
<h2>Outages</h2>
${outages.length === 0 ? html`<p class="muted">No outages${host ? ' of this host' : ''}.</p>` : html`<table class="stack"><thead><tr><th>Target</th><th>Host</th><th>Start</th><th>End</th><th class="num">Duration</th></tr></thead>
<tbody>${[...outages].reverse().map((o) => outageRow(o, now))}</tbody></table>`}`;
  return page(title, 'outages', html`<h1>${title}</h1>${body}`, 'outages');
}
