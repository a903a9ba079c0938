/**
 * @module A fast, forgiving look at the start of a message for the search index: the decoded From,
 * To, Subject and X-Uptime-Event-Id headers and the first KB of its text (never shown, only searched).
 */
import { TextDecoder } from 'node:util';
import { decodeHeaderValue } from './encoded-words.js';

/** What the search index keeps of a message. */
export interface QuickLook {
  from: string;
  to: string;
  subject: string;
  eventId?: string;
  text: string;
}

const TEXT_CHARS = 1024;

/** Splits raw bytes into the header block and the body at the first blank line. */
function split(raw: string): { head: string; body: string } {
  const match = /\r?\n\r?\n/.exec(raw);
  return match ? { head: raw.slice(0, match.index), body: raw.slice(match.index + match[0].length) } : { head: raw, body: '' };
}

/** Header fields of a block, unfolded, keys lower-cased; the first of a repeated field wins. */
export function headerFields(head: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of head.replace(/\r?\n(?=[ \t])/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    if (!fields.has(key)) fields.set(key, line.slice(colon + 1).trim());
  }
  return fields;
}

function param(value: string, name: string): string | undefined {
  const match = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value);
  return match?.[1] ?? match?.[2];
}

function decodeBody(body: string, fields: Map<string, string>): string {
  const encoding = (fields.get('content-transfer-encoding') ?? '').toLowerCase();
  let bytes: Buffer;
  if (encoding === 'base64') bytes = Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, '').replace(/=+[^=]*$/, ''), 'base64');
  else if (encoding === 'quoted-printable') {
    bytes = Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
  } else bytes = Buffer.from(body, 'latin1');
  const charset = (param(fields.get('content-type') ?? '', 'charset') ?? 'utf-8').toLowerCase();
  if (charset === 'utf-8' || charset === 'us-ascii') return bytes.toString('utf8');
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}

/** The text of the first text/plain (else text/html, tags removed) part, looking into multiparts. */
function textOf(head: string, body: string, depth = 0): string {
  const fields = headerFields(head);
  const type = (fields.get('content-type') ?? 'text/plain').toLowerCase();
  if (type.startsWith('multipart/') && depth < 4) {
    const boundary = param(fields.get('content-type') ?? '', 'boundary');
    if (!boundary) return '';
    const parts = body.split(`--${boundary}`).slice(1).map(split);
    const plain = parts.find((p) => /^\s*text\/plain/i.test(headerFields(p.head).get('content-type') ?? 'text/plain'));
    const chosen = plain ?? parts.find((p) => /^\s*(text\/html|multipart\/)/i.test(headerFields(p.head).get('content-type') ?? ''));
    return chosen ? textOf(chosen.head, chosen.body, depth + 1) : '';
  }
  if (!type.startsWith('text/')) return '';
  const text = decodeBody(body, fields);
  return type.startsWith('text/html') ? text.replace(/<(style|script)[\s\S]*?<\/\1>|<[^>]*>/gi, ' ').replace(/&nbsp;/g, ' ') : text;
}

/** Reads what the search needs from the first bytes of a message file. */
export function quickLook(start: Buffer): QuickLook {
  const { head, body } = split(start.toString('latin1'));
  const fields = headerFields(head);
  const header = (key: string) => decodeHeaderValue(Buffer.from(fields.get(key) ?? '', 'latin1').toString('utf8'));
  const eventId = fields.get('x-uptime-event-id')?.trim();
  return {
    from: header('from'),
    to: header('to'),
    subject: header('subject'),
    eventId: eventId && /^[A-Za-z0-9._-]{1,200}$/.test(eventId) ? eventId : undefined,
    text: textOf(head, body).replace(/\s+/g, ' ').trim().slice(0, TEXT_CHARS),
  };
}
