/** @module The status page: a card per target with its status, since when, round-trip time, loss, certificate expiry, why the last check failed, recent checks and a latency chart. */
import { html } from 'hono/html';
import type { TargetDetail } from '../status-source.js';
import { duration, href, targetAnchor, when } from './format.js';
import { page, type Markup } from './layout.js';
import { checkBar, rttChart } from './status-charts.js';
import { testAlertForm } from './test-alert-page.js';
import { ackNotice, noteBadges, targetForms } from './silence-forms.js';

function card(t: TargetDetail, now: number, csrf: string | undefined, focusAck: boolean): Markup {
  const sinceMs = t.since ? Date.parse(t.since) : NaN;
  const forHow = Number.isNaN(sinceMs) ? '' : ` (${duration((now - sinceMs) / 1000)})`;
  const fact = (label: string, value: string | Markup) => html`<span>${label} <b>${value}</b></span>`;
  return html`<section class="card" id="${targetAnchor(t.name)}">
<h2><span>${t.name}</span><span class="badges">${noteBadges(t)}<span class="badge status-${t.status}">${t.status.toUpperCase()}</span></span></h2>
<div class="facts">
${fact('host', t.host)}${t.probe ? fact('probe', t.probe) : ''}
${fact('since', html`${when(t.since)}${forHow}`)}
${fact('RTT', t.rttMs === null ? '–' : `${t.rttMs.toFixed(1)} ms`)}
${t.lossPercent !== undefined ? fact('loss', `${t.lossPercent.toFixed(t.lossPercent % 1 ? 1 : 0)} %`) : ''}
${fact('last check', when(t.lastCheck))}
${t.certificateExpires ? fact('certificate expires', when(t.certificateExpires)) : ''}
</div>
${t.lastError ? html`<p class="last-error">Last check failed: ${t.lastError}</p>` : ''}
${t.recent ? html`${checkBar(t.recent)}${rttChart(t.recent)}` : html`<p class="muted">The monitor does not report recent checks.</p>`}
<p><a href="${href('/events', { host: t.host })}">events</a> · <a href="${href('/outages', { host: t.host })}">outages</a></p>
${csrf ? targetForms(t, csrf, targetAnchor(t.name), focusAck) : ''}
</section>`;
}

/** The status page; the title counts the targets that are down. `ack`: the target an email's Ack link names (its Acknowledge form is focused). */
export function statusPage(targets: TargetDetail[], now = Date.now(), options: { testAlertCsrf?: string; csrf?: string; ack?: string } = {}): Markup {
  const down = targets.filter((t) => t.status === 'down').length;
  const title = down > 0 ? `(${down} down) Status` : 'Status';
  const summary = html`<p class="muted">${targets.length} target${targets.length === 1 ? '' : 's'}: ${targets.filter((t) => t.status === 'up').length} up, ${down} down.</p>`;
  const body =
    targets.length === 0
      ? html`<p class="muted">No status yet: the monitor has not reported any target.</p>`
      : html`${summary}${ackNotice(targets, options.ack)}<div class="cards">${targets.map((t) => card(t, now, options.csrf, t.name === options.ack))}</div>`;
  const testAlert = options.testAlertCsrf ? testAlertForm(options.testAlertCsrf) : '';
  return page(title, 'status', html`<h1>${title}</h1>${testAlert}${body}`, 'status');
}
