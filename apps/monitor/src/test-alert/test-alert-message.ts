/** @module The test alert: an email like the alerts, marked as a test, that an administrator sends after setting up mail. */
import { randomBytes } from 'node:crypto';
import type { AlertMessage } from '../alerts/alert-message.js';

export interface TestAlertOptions {
  from: string;
  to: string[];
  hostname: string;
  sensor: string;
  viewerUrl: string;
}

/** A test alert with its own event id and Message-ID (both safe in URLs and shells). */
export function composeTestAlert(options: TestAlertOptions, now = new Date()): AlertMessage {
  const id = `test-${now.getTime().toString(36)}-${randomBytes(4).toString('hex')}`;
  const subject = `[uptime] test alert from ${options.sensor}`;
  const text = [
    `This is a test alert from the uptime sensor ${options.sensor}, sent ${now.toISOString()}.`,
    'It went the way every alert goes: the monitor\'s outbox, the MTA, then delivery.',
    'If you read this, alerts reach you. Nothing is down.',
    '',
    `Status: ${options.viewerUrl}/status`,
  ].join('\n');
  const html = `<p>${text.split('\n').filter(Boolean).join('</p><p>')}</p>`;
  return {
    eventId: id,
    from: options.from,
    to: options.to,
    subject,
    text: `${text}\n`,
    html,
    messageId: `<${id}@${options.hostname}>`,
    headers: { 'X-Uptime-Test': 'yes' },
  };
}
