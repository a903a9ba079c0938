/** @module HeaderScanner finds the end of the header section where splitMessage does, however the message is cut into chunks. */
import { describe, expect, it } from 'vitest';
import { splitMessage } from '../message/header-cleanup.js';
import { HeaderScanner } from './header-scanner.js';

/** Where the body starts by the scanner when `data` comes in pieces of `size` bytes (the end for a message that is all header). */
function endIn(data: Buffer, size: number): number {
  const scanner = new HeaderScanner();
  for (let at = 0; at < data.length; at += size) {
    const end = scanner.push(data.subarray(at, at + size));
    if (end !== -1) return at + end;
  }
  return data.length;
}

/** Where splitMessage starts the body. */
const splitAt = (data: Buffer) => data.length - splitMessage(data).body.length;

const cases = [
  'Subject: a\r\n\r\nbody\r\n',
  'Subject: a\n\nbody\n',
  '\r\nno header at all\r\n',
  '\nno header at all\n',
  'Subject: a\r\n folded\r\n\r\nbody',
  'Subject: a\r\r\n\r\nbody', // CR CR LF is not an empty line
  'Subject: a\r\n\r\r\nX: still header?\r\n\r\nbody',
  'Subject: only a header\r\n',
  'Subject: a\r\nX: b\n\nmixed line ends',
];

describe('HeaderScanner', () => {
  it.each(cases)('agrees with splitMessage on %j in chunks of every size', (text) => {
    const data = Buffer.from(text, 'latin1');
    for (let size = 1; size <= data.length; size++) expect(endIn(data, size)).toBe(splitAt(data));
  });

  it('agrees with splitMessage on random CR/LF/text soup', () => {
    const alphabet = ['\r', '\n', 'a', ':', ' '];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let n = 0; n < 500; n++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 30) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const data = Buffer.from(text, 'latin1');
      expect([text, endIn(data, 1 + Math.floor(random() * 5))]).toEqual([text, splitAt(data)]);
    }
  });
});
