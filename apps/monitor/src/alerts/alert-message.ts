/** @module The alert email of the contract: subject, plain-text body, HTML alternative, headers. */
import type { HostDownEvent, HostUpEvent } from '@uptime/events';
import { targetLinks } from '../alerting/viewer-links.js';

export type TransitionEvent = HostDownEvent | HostUpEvent;

/** What nodemailer needs to send one alert; kept as plain JSON in the outbox. */
export interface AlertMessage {
  eventId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Record<string, string>;
  /** The targets it tells of: alerts of one target reach the MTA one after the other, in order (see send-order); none: it goes alone. */
  targets?: string[];
  /** A digest: the outbox files of the held changes it carries besides its own (removed before it is sent; again at a start, if a kill left them). */
  covers?: string[];
}

/** Escapes text for HTML element content and attribute values. */
export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** A target unreachable behind one that went down, as its DOWN alert lists it. */
export interface BehindTarget {
  target: string;
  address: string;
}

/** The lines that list the targets unreachable behind a parent, for the plain-text body. */
export function behindText(behind: readonly BehindTarget[]): string {
  if (behind.length === 0) return '';
  return `\n${behind.length} target(s) behind it are unreachable:\n${behind.map((b) => `  ${b.target}  ${b.address}`).join('\n')}\n`;
}

/** Formats seconds as "1 h 2 min 3 s". */
export function formatDuration(seconds: number): string {
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return [h ? `${h} h` : '', m ? `${m} min` : '', `${s} s`].filter(Boolean).join(' ');
}

/** The list of targets unreachable behind a parent, for the HTML part. */
export function behindHtml(behind: readonly BehindTarget[]): string {
  if (behind.length === 0) return '';
  return `<p>${behind.length} target(s) behind it are unreachable:</p><ul>${behind.map((b) => `<li>${escapeHtml(b.target)} ${escapeHtml(b.address)}</li>`).join('')}</ul>`;
}

/** Who sends the alert: the addresses, the MTA's host name (for the Message-ID) and the sensor that saw the change. */
export interface AlertOptions {
  from: string;
  to: string[];
  hostname: string;
  /** sensor.name */
  sensor: string;
  /** Where alerts link to in the viewer (alerting/viewer-links); none when undefined. */
  viewerBase?: string;
}

/** The viewer links of a target's alert as rows (`Status`, and `Acknowledge` for a DOWN). */
export function linkRows(options: AlertOptions, target: string, down: boolean): Array<[string, string]> {
  if (options.viewerBase === undefined) return [];
  const links = targetLinks(options.viewerBase, target);
  return down ? [['Status', links.status], ['Ack', links.acknowledge]] : [['Status', links.status]];
}

/** Rows of label and value as the plain text shows them. */
export const textRows = (rows: ReadonlyArray<[string, string]>): string => rows.map(([k, v]) => `${`${k}:`.padEnd(9)} ${v}`).join('\n');

/** Rows of label and value as the HTML table shows them; a value that is a link is one. */
export const htmlRows = (rows: ReadonlyArray<[string, string]>): string =>
  rows
    .map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${/^https?:\/\//.test(v) ? `<a href="${escapeHtml(v)}">${escapeHtml(v)}</a>` : escapeHtml(v)}</td></tr>`)
    .join('');

/** Builds the alert for a HOST_DOWN or HOST_UP event; `address` (default: the event's IP) is what the subject shows; `behind`: the targets unreachable behind it. */
export function composeAlert(event: TransitionEvent, options: AlertOptions, address = event.hosts[0] ?? '', behind: readonly BehindTarget[] = []): AlertMessage {
  const word = event.code === 'HOST_DOWN' ? 'DOWN' : 'UP';
  const rows: Array<[string, string]> = [
    ['Target', event.target],
    ['Address', address],
    ['Sensor', options.sensor],
    ['Status', `${event.before} -> ${event.after}`],
    ['Time', event.time],
    ['Event', `${event.code} (id ${event.id})`],
  ];
  if (event.code === 'HOST_UP' && event.outageSeconds !== undefined) {
    rows.push(['Outage', `${formatDuration(event.outageSeconds)} (${event.outageSeconds} seconds)`]);
  }
  if (behind.length > 0) rows.push(['Behind', `${behind.length} target(s) unreachable`]);
  rows.push(...linkRows(options, event.target, word === 'DOWN'));
  const text = `${event.message}\n\n${textRows(rows)}\n${behindText(behind)}`;
  const color = word === 'DOWN' ? '#b42318' : '#067647';
  const html =
    `<!doctype html><html><body style="font-family:sans-serif">` +
    `<h2 style="color:${color}">${escapeHtml(event.target)} ${escapeHtml(address)} is ${word}</h2>` +
    `<p>${escapeHtml(event.message)}</p><table cellpadding="4">` +
    htmlRows(rows) +
    `</table>${behindHtml(behind)}</body></html>`;
  return {
    eventId: event.id,
    from: options.from,
    to: options.to,
    subject: `[uptime] ${event.target} ${address} is ${word}`,
    text,
    html,
    messageId: `<${event.id}@${options.hostname}>`,
    headers: { 'X-Uptime-Event-Id': event.id, 'X-Uptime-Sensor': options.sensor },
    targets: [event.target],
  };
}
