/** @module The forms of silences and acknowledgements (plain POSTs with the form token, so they work without JavaScript) and the badges of what holds a target's emails back. */
import { html } from 'hono/html';
import type { TargetDetail } from '../status-source.js';
import type { Markup } from './layout.js';

/** The lengths a form offers. */
const DURATIONS = [['30m', '30 minutes'], ['1h', '1 hour'], ['2h', '2 hours'], ['4h', '4 hours'], ['8h', '8 hours'], ['1d', '1 day'], ['7d', '7 days']] as const;

/** The duration choice; `withUntil` adds the choice "until the time given". */
export function durationSelect(id: string, withUntil = false): Markup {
  return html`<select id="${id}" name="duration">${DURATIONS.map(([value, label]) => html`<option value="${value}"${value === '2h' ? ' selected' : ''}>${label}</option>`)}${withUntil ? html`<option value="">until the time below</option>` : ''}</select>`;
}

/** The badges of a target's card: silenced, acknowledged, flapping. */
export function noteBadges(t: TargetDetail): Markup {
  return html`${t.silenced ? html`<span class="badge note">SILENCED</span>` : ''}${t.acknowledged ? html`<span class="badge note">ACKNOWLEDGED</span>` : ''}${t.flapping ? html`<span class="badge note">FLAPPING</span>` : ''}`;
}

/** A card's Silence form and, for a target that is down and not yet acknowledged, its Acknowledge form (its comment field focused when `focusAck`: the Ack link of an email). */
export function targetForms(t: TargetDetail, csrf: string, anchor: string, focusAck = false): Markup {
  const back = `/status#${anchor}`;
  const silence = html`<form method="post" action="/silences" class="inline-form"><input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="back" value="${back}"><input type="hidden" name="targets" value="${t.name}">
<label for="${anchor}-for">Silence for</label> ${durationSelect(`${anchor}-for`)} <label for="${anchor}-sc" class="visually-hidden">Comment on the silence of ${t.name}</label><input id="${anchor}-sc" name="comment" placeholder="comment"> <button type="submit" name="action" value="silence">Silence</button></form>`;
  const ack =
    t.status === 'down' && !t.acknowledged
      ? html`<form method="post" action="/status/ack" class="inline-form"><input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="back" value="${back}"><input type="hidden" name="target" value="${t.name}">
<label for="${anchor}-ac" class="visually-hidden">Comment on the acknowledgement of ${t.name}</label><input id="${anchor}-ac" name="comment" placeholder="what is being done"${focusAck ? ' autofocus' : ''}> <button type="submit" name="action" value="ack">Acknowledge</button></form>`
      : '';
  return html`<div class="target-forms">${t.silenced ? '' : silence}${ack}</div>`;
}

/** What the status page says when an email's Ack link (`/status?ack=NAME`) names a target that cannot be acknowledged now. */
export function ackNotice(targets: readonly TargetDetail[], name: string | undefined): Markup {
  if (name === undefined) return html``;
  const t = targets.find((x) => x.name === name);
  const why = !t ? `no target is named ${name}` : t.acknowledged ? `${name} is acknowledged already` : t.status !== 'down' ? `${name} is ${t.status}: there is nothing to acknowledge` : '';
  return why ? html`<p class="notice" id="ack-notice" role="status">${why}.</p>` : html``;
}
