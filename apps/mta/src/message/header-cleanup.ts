/** @module What cleanup does to the header section of a message being queued (like Postfix's cleanup): Date added, Bcc and Return-Path removed. */
import { Headers } from '@zone-eu/mailsplit';

/** A message split at the end of its header section. */
export interface SplitMessage {
  /** The header section with the empty line that ends it ("" when the message has none). */
  header: Buffer;
  body: Buffer;
}

/** Splits after the first empty line (CRLF or LF); a message without one is all header, one that starts with one has none. */
export function splitMessage(data: Buffer): SplitMessage {
  const blank = (at: number) => (data[at] === 0x0a ? at + 1 : data[at] === 0x0d && data[at + 1] === 0x0a ? at + 2 : -1);
  const first = blank(0);
  if (first !== -1) return { header: Buffer.alloc(0), body: data.subarray(first) };
  for (let lf = data.indexOf(0x0a); lf !== -1; lf = data.indexOf(0x0a, lf + 1)) {
    const end = blank(lf + 1);
    if (end !== -1) return { header: data.subarray(0, end), body: data.subarray(end) };
  }
  return { header: data, body: Buffer.alloc(0) };
}

/** The cleaned header section and what the message says about its identity. */
export interface CleanedHeader {
  header: Buffer;
  /** The Message-ID header's value; "" when the header is there but empty, undefined when there is none. */
  messageId?: string;
}

/**
 * Removes Bcc (it must not reach the recipients) and any Return-Path (only final delivery writes it),
 * adds `Date` when missing, and reports the Message-ID (an empty one counts as present).
 */
export function cleanHeader(header: Buffer, date: string): CleanedHeader {
  if (header.length === 0) return { header: Buffer.from(`Date: ${date}\r\n\r\n`) };
  const headers = new Headers(header);
  headers.remove('bcc');
  headers.remove('resent-bcc');
  headers.remove('return-path');
  if (!headers.hasHeader('date')) headers.add('Date', date, Number.MAX_SAFE_INTEGER);
  const messageId = headers.hasHeader('message-id') ? headers.getFirst('message-id').replace(/^[^:]*:/, '').trim() : undefined;
  return { header: headers.build(), messageId };
}
