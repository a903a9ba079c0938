/** @module The CERT_EXPIRING event of a checked certificate and its email, once a day while it expires within certificateExpiry. */
import type { TargetConfig } from '@uptime/config';
import { isoLocal, type CertExpiringEvent, type NewEvent, type UptimeEvent } from '@uptime/events';
import { escapeHtml, type AlertMessage, type AlertOptions } from './alert-message.js';
import { CertificateWatch } from './certificate-watch.js';

/** The email of a CERT_EXPIRING event. */
export function composeCertificateAlert(event: CertExpiringEvent, options: AlertOptions, address: string): AlertMessage {
  const when = event.daysLeft < 0 ? `expired ${-event.daysLeft} day(s) ago` : `expires in ${event.daysLeft} day(s)`;
  const rows: Array<[string, string]> = [
    ['Target', event.target],
    ['Address', address],
    ['Sensor', options.sensor],
    ['Expires', event.notAfter],
    ['Time', event.time],
    ['Event', `${event.code} (id ${event.id})`],
  ];
  return {
    eventId: event.id,
    from: options.from,
    to: options.to,
    subject: `[uptime] ${event.target} ${address} certificate ${when}`,
    text: `${event.message}\n\n${rows.map(([k, v]) => `${`${k}:`.padEnd(9)} ${v}`).join('\n')}\n`,
    html:
      `<!doctype html><html><body style="font-family:sans-serif"><h2>${escapeHtml(`${event.target} ${address} certificate ${when}`)}</h2>` +
      `<p>${escapeHtml(event.message)}</p><table cellpadding="4">` +
      rows.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('') +
      `</table></body></html>`,
    messageId: `<${event.id}@${options.hostname}>`,
    headers: { 'X-Uptime-Event-Id': event.id, 'X-Uptime-Sensor': options.sensor },
    targets: [event.target],
  };
}

export interface CertificateAlertsOptions {
  record: (event: NewEvent) => Promise<UptimeEvent>;
  enqueue: (alert: AlertMessage) => Promise<void>;
  alert: AlertOptions;
  onProblem: (message: string) => void;
}

/** Raises CERT_EXPIRING and sends its email for the certificates that checks see. */
export class CertificateAlerts {
  private readonly watch = new CertificateWatch();

  constructor(private readonly options: CertificateAlertsOptions) {}

  /** Takes the CERT_EXPIRING events of the last day (from an earlier run), so a restart sends no second email that day. */
  recall(events: readonly UptimeEvent[]): void {
    const wallNow = Date.now();
    const monoNow = performance.now();
    for (const e of events) if (e.code === 'CERT_EXPIRING') this.watch.raisedBefore(e.target, Math.max(0, wallNow - Date.parse(e.time)), monoNow);
  }

  /** A check of `target` at `address` saw a certificate valid until `notAfter`; never rejects (problems are reported). */
  async seen(target: TargetConfig, address: string, notAfter: Date): Promise<void> {
    if (target.certificateExpiry === undefined) return;
    const daysLeft = this.watch.due(target.name, notAfter.getTime(), target.certificateExpiry, Date.now(), performance.now());
    if (daysLeft === undefined) return;
    const expires = isoLocal(notAfter);
    try {
      const event = (await this.options.record({
        code: 'CERT_EXPIRING',
        target: target.name,
        hosts: [address],
        notAfter: expires,
        daysLeft,
        message:
          daysLeft < 0
            ? `The certificate of ${target.name} (${address}) expired on ${expires}.`
            : `The certificate of ${target.name} (${address}) expires on ${expires}, in ${daysLeft} day(s).`,
      })) as CertExpiringEvent;
      await this.options.enqueue(composeCertificateAlert(event, this.options.alert, address));
    } catch (err) {
      this.options.onProblem(`certificate alert for ${target.name} not sent: ${(err as Error).message}`);
    }
  }
}
