/**
 * @module A message made fit for one SMTP server before it is signed and sent: no line over 998
 * octets (RFC 5321 4.5.3.1.6) and, for a server without 8BITMIME, 7-bit only (RFC 6152): the body
 * parts that need it are re-encoded as quoted-printable (base64 ones re-wrapped), long header fields
 * folded. A message that already fits is returned as it is, byte for byte.
 */
import { Splitter, type MimeNode } from '@zone-eu/mailsplit';
import { encode as qpEncode, wrap as qpWrap } from 'nodemailer/lib/qp/index.js';
import { splitMessage } from './header-cleanup.js';
import { hasLongLine, MAX_LINE, wireHeader } from './header-fields.js';

/** What the receiving server takes beyond 7-bit text (from its EHLO reply). */
export interface ServerLimits {
  /** 8BITMIME: 8-bit body parts may go as they are. */
  eightBitMime: boolean;
  /** SMTPUTF8: UTF-8 header fields may go as they are. */
  smtpUtf8: boolean;
}

const EIGHT_BIT = /[\x80-\xff]/;

type Part = MimeNode | { type: 'data' | 'body'; value: Buffer };

/** True when `data` (CRLF line ends) can go to a server with `limits` unchanged. */
export function fitsAsIs(data: Buffer, limits: ServerLimits): boolean {
  if (!limits.eightBitMime || !limits.smtpUtf8) {
    const { header, body } = splitMessage(data);
    if (!limits.smtpUtf8 && EIGHT_BIT.test(header.toString('latin1'))) return false;
    if (!limits.eightBitMime && EIGHT_BIT.test(body.toString('latin1'))) return false;
  }
  let start = 0;
  for (let lf = data.indexOf(0x0a); lf !== -1; lf = data.indexOf(0x0a, start)) {
    if (lf - start > MAX_LINE + 1) return false;
    start = lf + 1;
  }
  return data.length - start <= MAX_LINE;
}

/** `data` (CRLF line ends) as it may be sent to a server with `limits`; throws NeedsSmtpUtf8Error when a header field cannot be made 7-bit. */
export async function wireForm(data: Buffer, limits: ServerLimits): Promise<Buffer> {
  if (fitsAsIs(data, limits)) return data;
  const parts = await split(data);
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.type === 'node') {
      const body: Buffer[] = [];
      while (parts[i + 1]?.type === 'body') body.push((parts[++i] as { value: Buffer }).value);
      out.push(...(await wireNode(part, Buffer.concat(body).toString('latin1'), limits)));
    } else {
      out.push(breakLongLines(part.value.toString('latin1')));
    }
  }
  return Buffer.from(out.join(''), 'latin1');
}

async function split(data: Buffer): Promise<Part[]> {
  const parts: Part[] = [];
  const splitter = new Splitter();
  splitter.end(data);
  for await (const part of splitter) parts.push(part as Part);
  return parts;
}

/** The header and body of one MIME node, the body re-encoded when its lines are too long or it is 8-bit for a 7-bit server. */
async function wireNode(node: MimeNode, body: string, limits: ServerLimits): Promise<[string, string]> {
  const header = node.getHeaders().toString('latin1');
  const eightBit = !limits.eightBitMime && EIGHT_BIT.test(body);
  if (node.multipart || !(eightBit || hasLongLine(body))) return [wireHeader(header, limits.smtpUtf8), body];
  const encoding = node.encoding || '7bit';
  if (/^message\//i.test(node.contentType || '') && !['base64', 'quoted-printable'].includes(encoding)) return attachedMessage(header, body, limits);
  const ending = body.endsWith('\r\n') ? '\r\n' : '';
  if (encoding === 'base64') {
    const lines = Buffer.from(body, 'base64').toString('base64').match(/.{1,76}/g) ?? [];
    return [wireHeader(header, limits.smtpUtf8), `${lines.join('\r\n')}${ending}`];
  }
  if (encoding === 'quoted-printable' && !eightBit) return [wireHeader(header, limits.smtpUtf8), qpWrap(body, 76)];
  const encoded = qpWrap(qpEncode(Buffer.from(body, 'latin1')), 76);
  return [wireHeader(quotedPrintableHeader(header, node, body), limits.smtpUtf8), encoded];
}

/**
 * An attached message (message/rfc822 and the like, which may only be 7bit, 8bit or binary, RFC 2046
 * 5.2.1) that mailsplit left whole: made fit as a message of its own, and labelled 7bit when it now is.
 */
async function attachedMessage(header: string, body: string, limits: ServerLimits): Promise<[string, string]> {
  const inner = (await wireForm(Buffer.from(body, 'latin1'), limits)).toString('latin1');
  const relabelled = EIGHT_BIT.test(inner) ? header : header.replace(/^(content-transfer-encoding[ \t]*:[ \t]*)(?:8bit|binary)/im, (_, start: string) => `${start}7bit`);
  return [wireHeader(relabelled, limits.smtpUtf8), inner];
}

/** `header` saying Content-Transfer-Encoding: quoted-printable (and, on a message without MIME headers, MIME-Version and a charset). */
function quotedPrintableHeader(header: string, node: MimeNode, body: string): string {
  const end = header.endsWith('\r\n\r\n') ? header.length - 2 : header.length;
  const isEncoding = (f: string) => /^content-transfer-encoding[ \t]*:/i.test(f);
  const all = header.slice(0, end).split(/\r\n(?![ \t])/).filter((f) => f !== '');
  const first = all.findIndex(isEncoding);
  const fields = all.map((f, i) => (i === first ? 'Content-Transfer-Encoding: quoted-printable' : f)).filter((f, i) => i === first || !isEncoding(f));
  const has = (name: string) => fields.some((f) => f.toLowerCase().startsWith(`${name}:`));
  if (node.root && !has('mime-version')) fields.push('MIME-Version: 1.0');
  if (!has('content-type')) {
    const utf8 = Buffer.from(Buffer.from(body, 'latin1').toString('utf8'), 'utf8').equals(Buffer.from(body, 'latin1'));
    fields.push(`Content-Type: text/plain; charset=${utf8 ? 'utf-8' : 'unknown-8bit'}`);
  }
  if (first === -1) fields.push('Content-Transfer-Encoding: quoted-printable');
  return `${fields.join('\r\n')}\r\n\r\n`;
}

/** Multipart structure text (preamble, boundaries, epilogue) with any line over 998 octets broken. */
function breakLongLines(text: string): string {
  if (!hasLongLine(text)) return text;
  return text
    .split('\r\n')
    .map((line) => line.match(new RegExp(`[^]{1,${MAX_LINE}}`, 'g'))?.join('\r\n') ?? line)
    .join('\r\n');
}
