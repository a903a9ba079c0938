import { describe, expect, it } from 'vitest';
import { stringify } from 'csv-stringify/sync';
import { SAFE_CSV_CAST } from '@uptime/events';
import { csvRowFormatter } from './csv-row.js';

const COLUMNS = ['a', 'b', 'c'] as const;
const VALUES: unknown[] = [
  '', 'plain', '10.1.2.3', '2026-12-07T17:00:00.123+01:00', '2026-12-07T17:00:00.123-05:00', '0.052', 'up', 'ünïcødé 🙂',
  'a,b', 'say "hi"', 'two\nlines', 'cr\rhere', 'tab\tinside', ' leading space', 'trailing space ', "'quoted", '=1+2',
  '+1', '-2+3', '-1', '@SUM(1)', '\tstarts with tab', '  =behind spaces', '_under', 'request timed out (answer came after 1012.5 ms)',
  'ICMP: Destination Host Unreachable', '١٢٣ arabic digits', 0, 5, -1, 1.5, undefined, null,
];

describe('csvRowFormatter', () => {
  it('writes every row exactly as csv-stringify with the formula-safe cast would, the same text again from memory', () => {
    const format = csvRowFormatter<Record<string, unknown>>(COLUMNS);
    for (let round = 0; round < 2; round += 1) {
      for (const a of VALUES) {
        for (const b of VALUES.slice(0, 12)) {
          const row = { a, b, c: a };
          expect(format(row), JSON.stringify(row)).toBe(stringify([row], { columns: [...COLUMNS], record_delimiter: 'unix', cast: SAFE_CSV_CAST }));
        }
      }
    }
  });
});
