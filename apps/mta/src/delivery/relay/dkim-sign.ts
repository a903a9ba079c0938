/**
 * @module DKIM signing (RFC 6376, rsa-sha256, relaxed/relaxed) of relayed mail. Own code rather than
 * nodemailer's signer, which can list a header field only once in h= and so cannot oversign From.
 */
import { createHash, createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { Headers } from '@zone-eu/mailsplit';
import { splitMessage } from '../../message/header-cleanup.js';
import type { DkimSettings, Signer } from './dkim.js';

/** The fields signed when present (RFC 6376 5.4.1), in h= order. */
const SIGNED = [
  'from', 'sender', 'reply-to', 'subject', 'date', 'message-id', 'to', 'cc', 'mime-version', 'content-type', 'content-transfer-encoding',
  'content-id', 'content-description', 'resent-date', 'resent-from', 'resent-sender', 'resent-to', 'resent-cc', 'resent-message-id',
  'in-reply-to', 'references', 'list-id', 'list-help', 'list-unsubscribe', 'list-subscribe', 'list-post', 'list-owner', 'list-archive',
];

/** Listed once more than they occur (RFC 6376 8.15), so a second From prepended later breaks the signature. */
const OVERSIGNED = new Set(['from']);

/** Every line break, bare CR or bare LF included, as CRLF: what is signed is exactly what goes on the wire. */
export function normalizeLineEnds(data: Buffer): Buffer {
  return Buffer.from(data.toString('latin1').replace(/\r\n|\r|\n/g, '\r\n'), 'latin1');
}

/** The relaxed canonical body (RFC 6376 3.4.4) of a CRLF body. */
export function relaxedBody(body: string): string {
  const lines = body.split('\r\n').map((line) => line.replace(/[ \t]+/g, ' ').replace(/ $/, ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.length ? `${lines.join('\r\n')}\r\n` : '';
}

/** The relaxed canonical form (RFC 6376 3.4.2) of one header field, without its line end. */
export function relaxedHeader(line: string): string {
  const colon = line.indexOf(':');
  const value = line.slice(colon + 1).replace(/\r\n/g, '').replace(/[ \t]+/g, ' ').trim();
  return `${line.slice(0, colon).trim().toLowerCase()}:${value}`;
}

/** The h= list and the canonical header data it stands for: each field from the bottom up, plus one empty From. */
function signedFields(lines: readonly { key: string; line: string }[]): { names: string[]; canonical: string } {
  const names: string[] = [];
  let canonical = '';
  for (const name of SIGNED) {
    const present = lines.filter((l) => l.key === name).reverse();
    for (const field of present) {
      names.push(name);
      canonical += `${relaxedHeader(field.line)}\r\n`;
    }
    if (present.length > 0 && OVERSIGNED.has(name)) names.push(name); // an instance that does not exist hashes as nothing
  }
  return { names, canonical };
}

/** The DKIM-Signature header for `data`, CRLF-terminated, followed by `data` with CRLF line ends. */
export function signMessage(data: Buffer, settings: Omit<DkimSettings, 'keyFile'>, key: KeyObject, now = new Date()): Buffer {
  const message = normalizeLineEnds(data);
  const { header, body } = splitMessage(message);
  const { names, canonical } = signedFields(new Headers(header).getList());
  const bodyHash = createHash('sha256').update(relaxedBody(body.toString('latin1')), 'latin1').digest('base64');
  const tags = [`v=1; a=rsa-sha256; c=relaxed/relaxed; d=${settings.domain}; s=${settings.selector};`, `t=${Math.floor(now.getTime() / 1000)}; bh=${bodyHash};`];
  const unsigned = `DKIM-Signature: ${tags.join('\r\n\t')}\r\n\th=${names.join(':')};\r\n\tb=`;
  const signature = sign('sha256', Buffer.from(canonical + relaxedHeader(unsigned), 'latin1'), key).toString('base64');
  const folded = signature.match(/.{1,72}/g)?.join('\r\n\t') ?? '';
  return Buffer.concat([Buffer.from(`${unsigned}${folded}\r\n`, 'latin1'), message]);
}

/** A signer for `settings` with the given key. */
export function dkimSigner(settings: DkimSettings, privateKeyPem: string): Signer {
  const key = createPrivateKey(privateKeyPem);
  return async (data) => signMessage(data, settings, key);
}
