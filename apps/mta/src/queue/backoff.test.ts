import { describe, expect, it } from 'vitest';
import { describeDuration, retryDelay } from './backoff.js';

describe('retryDelay', () => {
  it('starts at first, doubles, and stops at max (1 min doubling up to 1 h)', () => {
    const policy = { first: 60_000, max: 3_600_000, lifetime: 5 * 86_400_000 };
    expect([1, 2, 3, 4, 5, 6, 7, 8, 100].map((n) => retryDelay(n, policy) / 60_000)).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
  });

  it('describes durations briefly', () => {
    expect(describeDuration(300)).toBe('300ms');
    expect(describeDuration(90_000)).toBe('1m 30s');
    expect(describeDuration(5 * 86_400_000 + 3_600_000)).toBe('5d 1h');
  });
});
