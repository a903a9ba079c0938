/** @module One message fully parsed for display: headers, text, sanitized HTML and the list of attachments. */
import { createReadStream } from 'node:fs';
import { simpleParser } from 'mailparser';
import { decodeHeaderValue } from './encoded-words.js';
import { addressText, dateHeader } from './header-summary.js';
import type { MaildirFile } from './maildir-scan.js';
import { encodeMessageId } from './message-id.js';
import { sanitizeMessageHtml } from './sanitize.js';

/** A message as `GET /api/messages/:id` answers it. */
export interface MessageView {
  id: string;
  mailbox: string;
  from: string;
  to: string;
  cc: string;
  subject: string;
  date: string;
  messageId: string | null;
  seen: boolean;
  size: number;
  headers: Array<{ key: string; value: string }>;
  text: string | null;
  /** Sanitized; show it only inside a sandboxed iframe. */
  html: string | null;
  attachments: Array<{ filename: string | null; contentType: string; size: number }>;
}

/** Parses a message file with mailparser and sanitizes its HTML. */
export async function readMessageView(file: MaildirFile): Promise<MessageView> {
  const parsed = await simpleParser(createReadStream(file.path));
  return {
    id: encodeMessageId(file),
    mailbox: file.mailbox,
    from: addressText(parsed.from),
    to: addressText(parsed.to),
    cc: addressText(parsed.cc),
    subject: parsed.subject ?? '',
    date: dateHeader(parsed.headerLines) ?? new Date(file.receivedMs).toISOString(),
    messageId: parsed.messageId ?? null,
    seen: file.seen,
    size: file.size,
    headers: parsed.headerLines.map(({ line }) => {
      const colon = line.indexOf(':');
      return { key: colon < 0 ? line : line.slice(0, colon).trim(), value: colon < 0 ? '' : decodeHeaderValue(line.slice(colon + 1)) };
    }),
    text: parsed.text ?? null,
    html: typeof parsed.html === 'string' ? sanitizeMessageHtml(parsed.html) : null,
    attachments: parsed.attachments.map((a) => ({ filename: a.filename ?? null, contentType: a.contentType, size: a.size })),
  };
}
