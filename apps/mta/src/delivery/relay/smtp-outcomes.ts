/** @module Turning an SMTP session's replies into per-recipient outcomes: 2xx delivered, 4xx deferred, 5xx bounced. */
import type { Recipient } from '../../recipient.js';
import type { RecipientOutcome } from '../outcome.js';
import type { Prepared } from './outbound.js';
import type { SmtpReply, SmtpResult } from './smtp-client.js';

/** The RFC 3463 code in a reply ("550 5.1.1 ..." -> "5.1.1"), or one made from the reply code's class. */
export function enhancedStatusOf(reply: SmtpReply): string {
  const match = /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/.exec(reply.text);
  if (match?.[1]) return match[1];
  return reply.code !== undefined && reply.code >= 500 ? '5.0.0' : '4.0.0';
}

/** One outcome for a recipient from a reply: bounced for 5xx, deferred for anything else that is not 2xx. */
export function outcomeOfReply(recipient: Recipient, reply: SmtpReply, where: { host: string; address: string }, verb: string): RecipientOutcome {
  const permanent = reply.code !== undefined && reply.code >= 500;
  return {
    recipient,
    status: permanent ? 'bounced' : 'deferred',
    detail: `${verb ? `${verb} ` : ''}${where.host}[${where.address}] said: ${reply.text}`,
    enhancedStatus: enhancedStatusOf(reply),
    remoteHost: where.host,
    remoteAddress: where.address,
    reply: reply.text,
  };
}

/** The outcome of every recipient of a session that got past the greeting, those refused before MAIL FROM included. */
export function outcomesOfSession(result: Extract<SmtpResult, { connected: true }>, prepared: Prepared, where: { host: string; address: string }, note = ''): RecipientOutcome[] {
  const sent = [...prepared.recipientOf].map(([address, recipient]): RecipientOutcome => {
    const rejected = result.rejected.get(address);
    if (rejected) return outcomeOfReply(recipient, rejected, where, 'RCPT TO:');
    if (result.failed) return outcomeOfReply(recipient, result.error, where, '');
    return {
      recipient,
      status: 'delivered',
      detail: `relayed to ${where.host}[${where.address}]${note}: ${result.reply.text}`,
      remoteHost: where.host,
      remoteAddress: where.address,
      reply: result.reply.text,
    };
  });
  return [...sent, ...prepared.refused];
}
