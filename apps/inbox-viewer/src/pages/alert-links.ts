/** @module For an alert email: links to its target on the status page and to its event. */
import { html } from 'hono/html';
import type { MessageView } from '../mail-store/message-view.js';
import { eventAnchor, href, targetAnchor } from './format.js';
import type { Markup } from './layout.js';

const ALERT_SUBJECT = /^\[uptime\] (.+) (\S+) is (DOWN|UP)$/;

/** The target name and address of an alert subject (`[uptime] <name> <address> is DOWN`). */
export function alertTarget(subject: string): { name: string; host: string } | undefined {
  const match = ALERT_SUBJECT.exec(subject);
  return match ? { name: match[1] ?? '', host: match[2] ?? '' } : undefined;
}

/** A line of links for an alert; empty for any other message. */
export function alertLinks(m: MessageView): Markup | string {
  const target = alertTarget(m.subject);
  if (!m.eventId && !target) return '';
  const status = target ? html`<a href="/status#${targetAnchor(target.name)}">status of ${target.name}</a>` : '';
  const eventsHref = `${href('/events', { host: target?.host })}${m.eventId ? `#${eventAnchor(m.eventId)}` : ''}`;
  const event = m.eventId ? html`<a href="${eventsHref}">event ${m.eventId}</a>` : target ? html`<a href="${eventsHref}">events of ${target.host}</a>` : '';
  return html`<p class="notice">Alert: ${status}${status && event ? ' · ' : ''}${event}${target ? html` · <a href="${href('/outages', { host: target.host })}">outages</a>` : ''}</p>`;
}
