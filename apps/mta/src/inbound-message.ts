/** @module A message as the SMTP side hands it on: envelope, trace details and the raw bytes. */
import type { LocalRecipient } from './recipient.js';

/** One accepted SMTP transaction, ready to be delivered. */
export interface InboundMessage {
  queueId: string;
  /** Envelope sender; "" for the null sender. */
  sender: string;
  recipients: LocalRecipient[];
  /** The message as received, CRLF line ends, dots unstuffed. */
  data: Buffer;
  /** HELO/EHLO name, client address and protocol, for the Received header. */
  helo: string;
  remoteAddress: string;
  protocol: string;
  receivedAt: Date;
}

/** Takes an inbound message; resolves once it is safe, rejects with an SmtpError otherwise. */
export type MessageHandler = (message: InboundMessage) => Promise<void>;
