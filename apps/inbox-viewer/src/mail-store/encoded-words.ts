/** @module Display form of a raw header value: unfolded, with RFC 2047 encoded words decoded. */
import { TextDecoder } from 'node:util';

const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;
const BETWEEN_WORDS = /(=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)\s+(?==\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)/g;

function decoderFor(charset: string): TextDecoder {
  try {
    return new TextDecoder(charset.replace(/\*.*$/, '')); // drop an RFC 2231 language suffix
  } catch {
    return new TextDecoder('latin1');
  }
}

function decodeWord(charset: string, encoding: string, text: string): string {
  const bytes =
    encoding.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
  return decoderFor(charset).decode(bytes);
}

/** Unfolds a header value and decodes its encoded words (`=?utf-8?Q?J=C3=B6rg?=` -> `Jörg`). */
export function decodeHeaderValue(raw: string): string {
  return raw
    .replace(/\r?\n(?=[ \t])/g, '')
    .replace(BETWEEN_WORDS, '$1')
    .replace(ENCODED_WORD, (_, charset: string, encoding: string, text: string) => decodeWord(charset, encoding, text))
    .trim();
}
