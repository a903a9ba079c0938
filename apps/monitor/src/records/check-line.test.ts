import { describe, expect, it } from 'vitest';
import { isoLocal } from '@uptime/events';
import { formatCheckLine, formatMicros, isoLocalMs } from './check-line.js';

describe('check line', () => {
  it('matches the contract format in local time with microseconds', () => {
    const micros = new Date(2020, 9, 5, 17, 57, 57, 510).getTime() * 1000 + 261;
    expect(formatMicros(micros)).toBe('2020-10-05 17:57:57.510261');
    expect(formatCheckLine(micros, true, '8.8.8.8')).toBe('2020-10-05 17:57:57.510261 Network Active to 8.8.8.8');
    expect(formatCheckLine(micros, false, '127.0.0.51')).toBe('2020-10-05 17:57:57.510261 Network Inactive to 127.0.0.51');
  });

  it('marks simulated failures', () => {
    expect(formatCheckLine(0, false, '127.0.0.1', true)).toMatch(/Network Inactive to 127\.0\.0\.1 \(simulated failure\)$/);
  });

  it('formats many times within and across seconds as Date would', () => {
    const start = new Date(2026, 2, 29, 0, 59, 58).getTime(); // around a DST change in many zones
    for (let ms = start; ms < start + 4 * 3600_000; ms += 997.3) {
      const micros = Math.round(ms * 1000);
      expect(isoLocalMs(ms)).toBe(isoLocal(new Date(ms)));
      const date = new Date(Math.floor(micros / 1000));
      expect(formatMicros(micros).slice(0, 19)).toBe(isoLocal(date).slice(0, 19).replace('T', ' '));
      expect(formatMicros(micros).slice(19)).toBe(`.${String(micros % 1_000_000).padStart(6, '0')}`);
    }
  });
});
