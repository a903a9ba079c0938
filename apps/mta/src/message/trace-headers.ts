/** @module The trace headers: Received, added when a message is queued, and Return-Path, added at final delivery (RFC 5321 4.4). */
import { isIP } from 'node:net';
import { rfc2822Date } from './rfc2822-date.js';

/** What the Received header records about one SMTP transaction. */
export interface TraceInfo {
  /** The name the client gave in HELO/EHLO. */
  helo: string;
  remoteAddress: string;
  /** "ESMTP", "ESMTPS", "ESMTPSA", ... as smtp-server reports it. */
  protocol: string;
  /** Our own name (mta.hostname). */
  hostname: string;
  queueId: string;
  date?: Date;
}

/** Keeps a client-supplied token printable and free of spaces, so it cannot break the header. */
const token = (value: string) => value.replace(/[^\x21-\x7e]/g, '?') || 'unknown';

/** The client's address as an RFC 5321 address literal: "[192.0.2.1]", "[IPv6:2001:db8::1]" (an IPv4-mapped one as IPv4). */
export function addressLiteral(address: string): string {
  const plain = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  return isIP(plain) === 6 ? `[IPv6:${plain}]` : `[${token(plain)}]`;
}

/** The Received header, CRLF-terminated, to prepend to the message when it is queued. */
export function receivedHeader(info: TraceInfo): string {
  return (
    `Received: from ${token(info.helo)} (${addressLiteral(info.remoteAddress)})\r\n` +
    `\tby ${info.hostname} with ${token(info.protocol)} id ${info.queueId};\r\n` +
    `\t${rfc2822Date(info.date)}\r\n`
  );
}

/** The Return-Path header, CRLF-terminated, that final delivery prepends; "" is the null sender. */
export function returnPathHeader(sender: string): string {
  return `Return-Path: <${sender}>\r\n`;
}
