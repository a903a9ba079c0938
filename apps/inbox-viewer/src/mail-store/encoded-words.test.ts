import { describe, expect, it } from 'vitest';
import { decodeHeaderValue } from './encoded-words.js';

describe('decodeHeaderValue', () => {
  it('decodes B and Q words in several charsets and unfolds lines', () => {
    expect(decodeHeaderValue(' =?utf-8?Q?J=C3=B6rg_M?= <j@lab>')).toBe('Jörg M <j@lab>');
    expect(decodeHeaderValue('=?UTF-8?B?w6TDtsO8?=\r\n =?UTF-8?B?w58=?= end')).toBe('äöüß end');
    expect(decodeHeaderValue('=?iso-8859-1?q?caf=E9?=')).toBe('café');
    expect(decodeHeaderValue('plain\r\n\tfolded')).toBe('plain\tfolded');
  });

  it('leaves unknown charsets readable instead of failing', () => {
    expect(decodeHeaderValue('=?x-unknown?Q?abc?=')).toBe('abc');
  });
});
