/** @module Header fields on the wire: folding fields with lines over 998 octets, and 8-bit text in them (RFC 5322 2.1.1, 2.2.3; RFC 2047). */
import { domainToASCII } from 'node:url';
import addressparser, { type Address } from 'nodemailer/lib/addressparser/index.js';
import { encodeWords, quoteString } from 'nodemailer/lib/mime-funcs/index.js';

/** The longest line SMTP may carry, without its CRLF (RFC 5321 4.5.3.1.6). */
export const MAX_LINE = 998;

/** Folded lines aim at this length (RFC 5322 2.1.1 "SHOULD"). */
const FOLD_AT = 78;

/** Fields whose body is free text (RFC 5322 3.6.5, 3.6.8), so 8-bit text in them can become encoded words. */
const UNSTRUCTURED = /^(subject|comments|content-description|x-[a-z0-9-]*)$/i;

/** Fields that hold address lists (RFC 5322 3.6.2, 3.6.3, 3.6.6): names can become encoded words, domains A-labels. */
const ADDRESSES = /^(from|sender|reply-to|to|cc|resent-from|resent-sender|resent-to|resent-cc)$/i;

const NON_ASCII = /[^\x00-\x7f]/;

/** True when some line of `text` (CRLF line ends) is longer than MAX_LINE. */
export function hasLongLine(text: string): boolean {
  let start = 0;
  for (let end = text.indexOf('\r\n'); ; end = text.indexOf('\r\n', start)) {
    if ((end === -1 ? text.length : end) - start > MAX_LINE) return true;
    if (end === -1) return false;
    start = end + 2;
  }
}

/**
 * Folds one field (without its final CRLF) into lines of about 78 octets, at white space where there
 * is some; a run of more than 998 octets without white space is broken by inserting CRLF SP, as
 * Postfix does (smtp_line_length_limit).
 */
export function foldField(field: string): string {
  let rest = field.replace(/\r\n(?=[ \t])/g, '');
  const lines: string[] = [];
  while (rest.length > FOLD_AT) {
    let at = lastSpace(rest, FOLD_AT);
    if (at <= 0) at = firstSpace(rest, FOLD_AT, MAX_LINE);
    if (at <= 0) at = Math.min(rest.length, MAX_LINE - 1);
    lines.push(rest.slice(0, at));
    rest = rest.slice(at);
    if (rest && !/^[ \t]/.test(rest)) rest = ` ${rest}`;
    if (rest.trim() === '') break;
  }
  if (rest.trim() !== '' || lines.length === 0) lines.push(rest);
  return lines.join('\r\n');
}

function lastSpace(text: string, limit: number): number {
  for (let i = Math.min(limit, text.length - 1); i > 0; i--) if (text[i] === ' ' || text[i] === '\t') return i;
  return -1;
}

function firstSpace(text: string, from: number, limit: number): number {
  for (let i = from; i < Math.min(limit, text.length); i++) if (text[i] === ' ' || text[i] === '\t') return i;
  return -1;
}

/** Raised when a field holds 8-bit text that only SMTPUTF8 can carry (a UTF-8 local part, a structured field). */
export class NeedsSmtpUtf8Error extends Error {
  constructor(readonly field: string) {
    super(`the ${field} header field holds 8-bit text that only an SMTPUTF8 server may receive`);
    this.name = 'NeedsSmtpUtf8Error';
  }
}

/**
 * One field (latin1 string, no final CRLF) as it may be sent: when `eightBitHeaders` is false, 8-bit
 * free text becomes UTF-8 encoded words and address lists are rewritten in 7-bit (asciiAddresses);
 * other fields with 8-bit octets throw NeedsSmtpUtf8Error. A field
 * with a line over 998 octets is folded. Anything else is returned unchanged.
 */
export function wireField(field: string, eightBitHeaders: boolean): string {
  let out = field;
  if (!eightBitHeaders && /[\x80-\xff]/.test(field)) {
    const colon = field.indexOf(':');
    const name = field.slice(0, colon).trim();
    const value = Buffer.from(field.slice(colon + 1).replace(/\r\n(?=[ \t])/g, ''), 'latin1').toString('utf8').trim();
    if (colon > 0 && UNSTRUCTURED.test(name)) out = `${name}: ${encodeWords(value, 'Q', 52, false)}`;
    else if (colon > 0 && ADDRESSES.test(name)) out = `${name}: ${asciiAddresses(name, addressparser(value))}`;
    else throw new NeedsSmtpUtf8Error(name || 'first');
  }
  return hasLongLine(out) || out !== field ? foldField(out) : out;
}

/** An address list in 7-bit: display names as encoded words, domains as A-labels; a UTF-8 local part throws NeedsSmtpUtf8Error. */
function asciiAddresses(field: string, list: Address[]): string {
  const phrase = (name: string) => (NON_ASCII.test(name) ? encodeWords(name, 'Q', 52, true) : /^[\w !#$%&'*+/=?^`{|}~-]*$/.test(name) ? name : quoteString(name));
  return list
    .map((entry) => {
      if (entry.group) return `${phrase(entry.name)}: ${asciiAddresses(field, entry.group)};`;
      const address = entry.address ?? '';
      const at = address.lastIndexOf('@');
      const local = at < 0 ? address : address.slice(0, at);
      if (NON_ASCII.test(local)) throw new NeedsSmtpUtf8Error(field);
      const ascii = at < 0 ? address : `${local}@${domainToASCII(address.slice(at + 1)) || address.slice(at + 1)}`;
      return entry.name ? `${phrase(entry.name)} <${ascii}>` : `<${ascii}>`;
    })
    .join(', ');
}

/** A header section (latin1, CRLF, with its closing empty line) with every field made fit by wireField. */
export function wireHeader(header: string, eightBitHeaders: boolean): string {
  const end = header.endsWith('\r\n\r\n') ? header.length - 2 : header.length;
  const fields = header.slice(0, end).replace(/\r\n$/, '').split(/\r\n(?![ \t])/);
  return `${fields.map((f) => wireField(f, eightBitHeaders)).join('\r\n')}\r\n${header.slice(end)}`;
}
