import { describe, expect, it } from 'vitest';
import { readCsvText, safeCsvText } from './csv-cell.js';

describe('safeCsvText', () => {
  it.each([
    ['=HYPERLINK("http://x")', `'=HYPERLINK("http://x")`],
    ['@SUM(1)', `'@SUM(1)`],
    ['+cmd|x', `'+cmd|x`],
    ['-2+3', `'-2+3`],
    ['\tgw', `'\tgw`],
    ['\rgw', `'\rgw`],
    [`'=x`, `''=x`],
    [' =1+1', `' =1+1`],
    ['  @SUM(1)', `'  @SUM(1)`],
    [" '=x", `' '=x`],
  ])('prefixes a quote to %j, which a spreadsheet would run', (text, cell) => {
    expect(safeCsvText(text)).toBe(cell);
    expect(readCsvText(cell)).toBe(text);
  });

  it.each(['gateway', ' gateway', '192.0.2.1', 'gw = core', `'quoted`, '-1', '-0.25', '+3', '1e-3', '2026-11-21T10:00:00.000-05:00', ''])(
    'leaves %j as it is (plain text or a number) and reads it back the same',
    (text) => {
      expect(safeCsvText(text)).toBe(text);
      expect(readCsvText(text)).toBe(text);
    },
  );
});
