/** @module One message fully parsed for display: headers, text, sanitized HTML and the list of attachments. */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { HTTPException } from 'hono/http-exception';
import { simpleParser, type ParsedMail } from 'mailparser';
import { decodeHeaderValue } from './encoded-words.js';
import { addressText, dateHeader } from './header-summary.js';
import type { MaildirFile } from './maildir-scan.js';
import { encodeMessageId } from './message-id.js';
import type { ParsedMessages } from './parsed-messages.js';

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
  /** The X-Uptime-Event-Id header of an alert. */
  eventId: string | null;
  seen: boolean;
  size: number;
  headers: Array<{ key: string; value: string }>;
  text: string | null;
  /** Sanitized, remote images left out; show it only inside a sandboxed iframe. */
  html: string | null;
  /** How many remote images the sanitized HTML leaves out. */
  remoteImages: number;
  attachments: Array<{ index: number; filename: string | null; contentType: string; size: number }>;
}

/** The largest message file that is parsed for display; a bigger one can only be downloaded raw. */
export const MAX_VIEW_BYTES = 5 * 1024 * 1024;

/** A 422 that says why a message is not shown and where its raw source is. */
export function tooComplex(file: MaildirFile, why: string): HTTPException {
  const raw = `/api/messages/${encodeMessageId(file)}/raw?download=1`;
  return new HTTPException(422, { message: `this message is too large or too complex to show (${why}); download the raw message: ${raw}` });
}

/** Opens a message file (never through a symlink) and parses it with mailparser, within its limits (size, parts, header size). */
export async function parseMessageFile(file: MaildirFile): Promise<ParsedMail> {
  if (file.size > MAX_VIEW_BYTES) throw tooComplex(file, `${file.size} bytes, at most ${MAX_VIEW_BYTES} are shown`);
  const handle = await open(file.path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    return await simpleParser(handle.createReadStream(), { skipTextToHtml: true });
  } catch (err) {
    if (/^Max .* exceeded$/.test((err as Error).message)) throw tooComplex(file, (err as Error).message.toLowerCase());
    throw err;
  }
}

/** The raw value of a header line, decoded for display. */
function headerValue(line: string): { key: string; value: string } {
  const colon = line.indexOf(':');
  return { key: colon < 0 ? line : line.slice(0, colon).trim(), value: colon < 0 ? '' : decodeHeaderValue(line.slice(colon + 1)) };
}

/** A message file parsed with mailparser, its HTML sanitized (both through `cache`, so each is done once). */
export async function readMessageView(file: MaildirFile, cache: ParsedMessages): Promise<MessageView> {
  const parsed = await cache.parse(file);
  const sanitized = await cache.sanitized(file, false);
  const headers = parsed.headerLines.map(({ line }) => headerValue(line));
  const eventId = headers.find((h) => h.key.toLowerCase() === 'x-uptime-event-id')?.value.trim();
  return {
    id: encodeMessageId(file),
    mailbox: file.mailbox,
    from: addressText(parsed.from),
    to: addressText(parsed.to),
    cc: addressText(parsed.cc),
    subject: parsed.subject ?? '',
    date: dateHeader(parsed.headerLines) ?? new Date(file.receivedMs).toISOString(),
    messageId: parsed.messageId ?? null,
    eventId: eventId && /^[A-Za-z0-9._-]{1,200}$/.test(eventId) ? eventId : null,
    seen: file.seen,
    size: file.size,
    headers,
    text: parsed.text ?? null,
    html: sanitized?.html ?? null,
    remoteImages: sanitized?.blockedImages ?? 0,
    attachments: parsed.attachments.map((a, index) => ({ index, filename: a.filename ?? null, contentType: a.contentType, size: a.size })),
  };
}
