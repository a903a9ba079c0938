/** @module Delivery status notifications (RFC 3464): a multipart/report telling the sender which recipients failed and why. */
import { randomBytes } from 'node:crypto';
import type { RecipientOutcome } from '../delivery/outcome.js';
import { splitMessage } from '../message/header-cleanup.js';
import { rfc2822Date } from '../message/rfc2822-date.js';
import type { QueuedEnvelope } from '../spool/spool-file.js';

/** What a DSN is about and who sends it. */
export interface BounceInput {
  /** The original message. */
  envelope: QueuedEnvelope;
  data: Buffer;
  /** The recipients that failed for good. */
  failed: readonly RecipientOutcome[];
  /** Where the DSN goes: the sender when local, else the postmaster. */
  to: string;
  /** mta.hostname */
  hostname: string;
  /** The new message's queue id. */
  queueId: string;
  now?: Date;
}

/** Keeps one line of text in a header or a DSN field: no CR/LF, printable. */
const oneLine = (value: string) => value.replace(/[\r\n]+/g, ' ').replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '?');

function recipientFields(outcome: RecipientOutcome, arrival: string): string {
  const lines = [
    `Final-Recipient: rfc822; ${oneLine(outcome.recipient.address)}`,
    'Action: failed',
    `Status: ${outcome.enhancedStatus ?? '5.0.0'}`,
  ];
  if (outcome.remoteHost && outcome.remoteAddress) lines.push(`Remote-MTA: dns; ${oneLine(outcome.remoteHost)}`);
  lines.push(outcome.reply ? `Diagnostic-Code: smtp; ${oneLine(outcome.reply)}` : `Diagnostic-Code: X-Uptime; ${oneLine(outcome.detail)}`);
  lines.push(`Last-Attempt-Date: ${arrival}`);
  return lines.join('\r\n');
}

/** The complete DSN message, CRLF line ends, ready to be queued with the null sender. */
export function bounceMessage(input: BounceInput): Buffer {
  const now = input.now ?? new Date();
  const boundary = `${input.queueId}.${randomBytes(6).toString('hex')}/${input.hostname}`;
  const arrival = rfc2822Date(new Date(input.envelope.receivedAt));
  const failedList = input.failed.map((o) => `<${oneLine(o.recipient.address)}>: ${oneLine(o.detail)}`).join('\r\n\r\n');
  const headers = [
    `From: Mail Delivery System <MAILER-DAEMON@${input.hostname}>`,
    `To: <${input.to}>`,
    'Subject: Undelivered Mail Returned to Sender',
    `Date: ${rfc2822Date(now)}`,
    `Message-ID: <${input.queueId}.bounce@${input.hostname}>`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary="${boundary}"`,
  ];
  const human = [
    `This is the mail system at host ${input.hostname}.`,
    '',
    `Your message ${oneLine(input.envelope.messageId)} of ${arrival} could not be delivered to one or more`,
    'recipients. It is attached below (headers only).',
    '',
    failedList,
  ].join('\r\n');
  const perMessage = [`Reporting-MTA: dns; ${input.hostname}`, `X-Uptime-Queue-ID: ${input.envelope.id}`, `Arrival-Date: ${arrival}`].join('\r\n');
  const perRecipient = input.failed.map((o) => recipientFields(o, rfc2822Date(now))).join('\r\n\r\n');
  const before = [
    'This is a MIME-encapsulated message.',
    '',
    `--${boundary}`,
    'Content-Description: Notification',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    human,
    '',
    `--${boundary}`,
    'Content-Description: Delivery report',
    'Content-Type: message/delivery-status',
    '',
    perMessage,
    '',
    perRecipient,
    '',
    `--${boundary}`,
    'Content-Description: Undelivered Message Headers',
    'Content-Type: text/rfc822-headers',
    'Content-Transfer-Encoding: 8bit',
    '',
    '',
  ].join('\r\n');
  const originalHeaders = splitMessage(input.data).header.toString('latin1').replace(/(?:\r?\n)+$/, '').replace(/\r?\n/g, '\r\n');
  return Buffer.concat([
    Buffer.from(`${headers.join('\r\n')}\r\n\r\n${before}`, 'utf8'),
    Buffer.from(originalHeaders, 'latin1'), // the original bytes, whatever their charset
    Buffer.from(`\r\n\r\n--${boundary}--\r\n`, 'utf8'),
  ]);
}
