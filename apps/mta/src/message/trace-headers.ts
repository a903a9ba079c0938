/** @module The trace headers a delivered copy starts with: Return-Path and Received (RFC 5321 4.4). */
import { rfc2822Date } from './rfc2822-date.js';

/** What the Received header records about one SMTP transaction. */
export interface TraceInfo {
  /** Envelope sender; "" for the null sender of bounces. */
  sender: string;
  /** The name the client gave in HELO/EHLO. */
  helo: string;
  remoteAddress: string;
  /** "ESMTP" after EHLO, "SMTP" after HELO. */
  protocol: string;
  /** Our own name (mta.hostname). */
  hostname: string;
  queueId: string;
  date?: Date;
}

/** Keeps a client-supplied token printable and free of spaces, so it cannot break the header. */
const token = (value: string) => value.replace(/[^\x21-\x7e]/g, '?') || 'unknown';

/** The Return-Path and Received header lines, CRLF-terminated, to prepend to the message. */
export function traceHeaders(info: TraceInfo): string {
  const received =
    `Received: from ${token(info.helo)} ([${token(info.remoteAddress)}])\r\n` +
    `\tby ${info.hostname} with ${token(info.protocol)} id ${info.queueId};\r\n` +
    `\t${rfc2822Date(info.date)}\r\n`;
  return `Return-Path: <${info.sender}>\r\n${received}`;
}
