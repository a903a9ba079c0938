/** @module A message as the SMTP side hands it on: envelope, client details and the raw bytes. */
import type { Recipient } from './recipient.js';

/** One accepted SMTP transaction, not yet queued. */
export interface AcceptedMessage {
  /** Envelope sender; "" for the null sender. */
  sender: string;
  recipients: Recipient[];
  /** The message as received, CRLF line ends, dots unstuffed. */
  data: Buffer;
  /** HELO/EHLO name, client address, protocol and the AUTH user, for the Received header and the queue. */
  helo: string;
  remoteAddress: string;
  protocol: string;
  user?: string;
  receivedAt: Date;
}

/** Queues a message durably; resolves with its queue id, rejects (with an SmtpError) when it could not be stored. */
export type MessageHandler = (message: AcceptedMessage) => Promise<string>;
