/**
 * @module The alerts of the noise rules: a FLAPPING email, and a DOWN email repeated as a reminder or
 * sent to escalation recipients (subject ending ` (reminder)` / ` (escalated)`). Pure: events in, messages out.
 */
import type { FlappingEvent, HostDownEvent } from '@uptime/events';
import { composeAlert, escapeHtml, htmlRows, linkRows, textRows, type AlertMessage, type AlertOptions } from '../alerts/alert-message.js';

/** `[uptime] <name> <address> is FLAPPING`: from now on its changes are recorded, not sent one by one. */
export function composeFlapping(event: FlappingEvent, options: AlertOptions, address: string): AlertMessage {
  const rows: Array<[string, string]> = [
    ['Target', event.target],
    ['Address', address],
    ['Sensor', options.sensor],
    ['Changes', `${event.percent}% (weighted) over the last 21 checks`],
    ['Time', event.time],
    ['Event', `${event.code} (id ${event.id})`],
    ...linkRows(options, event.target, false),
  ];
  const note = 'Its status changes are recorded but not emailed one by one until it is steady again; then one email tells its status if it differs from the last one sent.';
  return {
    eventId: event.id,
    from: options.from,
    to: options.to,
    subject: `[uptime] ${event.target} ${address} is FLAPPING`,
    text: `${event.message}\n\n${textRows(rows)}\n\n${note}\n`,
    html: `<!doctype html><html><body style="font-family:sans-serif"><h2 style="color:#b54708">${escapeHtml(event.target)} ${escapeHtml(address)} is FLAPPING</h2><p>${escapeHtml(event.message)}</p><table cellpadding="4">${htmlRows(rows)}</table><p>${escapeHtml(note)}</p></body></html>`,
    messageId: `<${event.id}@${options.hostname}>`,
    headers: { 'X-Uptime-Event-Id': event.id, 'X-Uptime-Sensor': options.sensor },
    targets: [event.target],
  };
}

/** Why a DOWN email is sent again. */
export type Repeat = { kind: 'reminder'; count: number } | { kind: 'escalated'; step: number };

/** The DOWN email of `event` again, as reminder number `count` or escalation step `step`, with its own Message-ID. */
export function composeRepeat(event: HostDownEvent, options: AlertOptions, address: string, repeat: Repeat, downForText: string): AlertMessage {
  const base = composeAlert(event, options, address);
  const tag = repeat.kind === 'reminder' ? `reminder-${repeat.count}` : `escalated-${repeat.step}`;
  const intro = `${repeat.kind === 'reminder' ? `Reminder ${repeat.count}` : 'Escalated'}: ${event.target} ${address} is still down (for ${downForText}) and not acknowledged.`;
  return {
    ...base,
    subject: `${base.subject} (${repeat.kind})`,
    text: `${intro}\n\n${base.text}`,
    html: base.html.replace('<body style="font-family:sans-serif">', `<body style="font-family:sans-serif"><p><strong>${escapeHtml(intro)}</strong></p>`),
    messageId: `<${event.id}.${tag}@${options.hostname}>`,
  };
}
