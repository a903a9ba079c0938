/** @module A message as the SMTP side hands it on: envelope and client details, then its bytes as they arrive. */
import type { Recipient } from './recipient.js';

/** One SMTP transaction whose DATA is arriving, not yet queued. */
export interface AcceptedMessage {
  /** Envelope sender; "" for the null sender. */
  sender: string;
  recipients: Recipient[];
  /** HELO/EHLO name, client address, protocol and the AUTH user, for the Received header and the queue. */
  helo: string;
  remoteAddress: string;
  protocol: string;
  user?: string;
  receivedAt: Date;
}

/** Where the bytes of one message go as they arrive: the body in pieces, then commit (queued) or abort (nothing kept). */
export interface MessageSink {
  /** Appends body bytes (CRLF line ends, dots unstuffed). */
  write(chunk: Buffer): Promise<void>;
  /** Makes the message durable and queues it; resolves with its queue id, rejects (with an SmtpError) when it could not be stored. */
  commit(): Promise<string>;
  /** Drops what was written: the client was not told 250. */
  abort(): Promise<void>;
}

/** Opens a sink for `message`, whose header section (through the empty line that ends it; all of it when there is none) is `header`. */
export type MessageReceiver = (message: AcceptedMessage, header: Buffer) => Promise<MessageSink>;
