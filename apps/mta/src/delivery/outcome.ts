/** @module What a delivery attempt says about each recipient, and the interface every transport implements. */
import type { Recipient } from '../recipient.js';
import type { QueuedEnvelope } from '../spool/spool-file.js';

/** delivered: done; deferred: try again later; bounced: give up and tell the sender. */
export type DeliveryStatus = 'delivered' | 'deferred' | 'bounced';

/** The result of one attempt for one recipient. */
export interface RecipientOutcome {
  recipient: Recipient;
  status: DeliveryStatus;
  /** What happened, in words, with the remote reply if there was one ("250 2.0.0 Ok: queued as X"). */
  detail: string;
  /** RFC 3463 status for the DSN ("5.1.1"); derived from the reply when not set. */
  enhancedStatus?: string;
  /** The remote MTA's name and address, when one was talked to. */
  remoteHost?: string;
  remoteAddress?: string;
  /** The full SMTP reply, for the DSN's Diagnostic-Code. */
  reply?: string;
}

/** A message on its way: the queued envelope and the bytes (Received header included). */
export interface OutboundMessage {
  envelope: QueuedEnvelope;
  data: Buffer;
}

/** A way of delivering mail (local Maildir, direct MX, smarthost). */
export interface Transport {
  /** Tries to deliver `message` to `recipients`; resolves with one outcome per recipient, never rejects. */
  deliver(message: OutboundMessage, recipients: readonly Recipient[]): Promise<RecipientOutcome[]>;
}

/** The same outcome for every recipient. */
export function outcomesFor(recipients: readonly Recipient[], outcome: Omit<RecipientOutcome, 'recipient'>): RecipientOutcome[] {
  return recipients.map((recipient) => ({ ...outcome, recipient }));
}
