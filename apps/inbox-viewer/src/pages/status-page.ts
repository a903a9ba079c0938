/** @module The status page: every target with its status, since when, and the last round-trip time. */
import { html } from 'hono/html';
import type { TargetStatus } from '../status-source.js';
import { when } from './format.js';
import { page, type Markup } from './layout.js';

function row(t: TargetStatus): Markup {
  return html`<tr>
<td>${t.name}</td><td>${t.host}</td>
<td><span class="status-${t.status}">${t.status.toUpperCase()}</span></td>
<td class="nowrap">${when(t.since)}</td>
<td class="nowrap">${t.rttMs === null ? '–' : `${t.rttMs.toFixed(1)} ms`}</td>
</tr>`;
}

/** The status page; the title counts the targets that are down. */
export function statusPage(targets: TargetStatus[]): Markup {
  const down = targets.filter((t) => t.status === 'down').length;
  const title = down > 0 ? `(${down} down) Status` : 'Status';
  const body =
    targets.length === 0
      ? html`<p class="muted">No status yet: the monitor has not reported any target.</p>`
      : html`<table><thead><tr><th>Target</th><th>Host</th><th>Status</th><th>Since</th><th>RTT</th></tr></thead>
<tbody>${targets.map(row)}</tbody></table>`;
  return page(title, 'status', html`<h1>${title}</h1>${body}`);
}
