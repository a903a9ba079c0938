import { describe, expect, it } from 'vitest';
import { formatCheckLine, formatMicros } from './check-line.js';

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
});
