/** @module What became of a test alert: the MTA's MAIL_* event for each recipient, as one sentence each. */
import { readEvents, type UptimeEvent } from '@uptime/events';

/** One recipient's outcome: delivered (Maildir or remote MX with its reply), deferred and why, or bounced. */
export interface RecipientReport {
  recipient: string;
  status: 'delivered' | 'deferred' | 'bounced' | 'unknown';
  detail: string;
}

const STATUS = { MAIL_DELIVERED: 'delivered', MAIL_DEFERRED: 'deferred', MAIL_BOUNCED: 'bounced' } as const;

/** The latest MAIL_* outcome of `messageId` for each recipient, from the event log (undefined: none yet). */
export async function outcomesOf(eventsDir: string, messageId: string, recipients: string[]): Promise<Map<string, RecipientReport>> {
  const events = await readEvents(eventsDir, { code: ['MAIL_DELIVERED', 'MAIL_DEFERRED', 'MAIL_BOUNCED'], limit: 10_000 }, { onProblem: () => undefined });
  const found = new Map<string, RecipientReport>();
  for (const e of events as UptimeEvent[]) {
    if (e.code !== 'MAIL_DELIVERED' && e.code !== 'MAIL_DEFERRED' && e.code !== 'MAIL_BOUNCED') continue;
    if (e.messageId !== messageId || found.has(e.recipient.toLowerCase())) continue; // newest first: the first one seen is the latest
    found.set(e.recipient.toLowerCase(), { recipient: e.recipient, status: STATUS[e.code], detail: e.detail });
  }
  return new Map(recipients.flatMap((r) => (found.has(r.toLowerCase()) ? [[r, found.get(r.toLowerCase()) as RecipientReport]] : [])));
}

/** One line a person reads per recipient. */
export function describeReport(report: RecipientReport): string {
  const what = { delivered: 'delivered', deferred: 'DEFERRED (the MTA keeps it and retries)', bounced: 'BOUNCED (not delivered)', unknown: 'no outcome yet' }[report.status];
  return `${report.recipient}: ${what}: ${report.detail}`;
}
