import { describe, expect, it } from 'vitest';
import { CheckWindow } from './check-window.js';

describe('CheckWindow', () => {
  it('keeps the last N checks and computes loss and mean RTT over them', () => {
    const window = new CheckWindow(4);
    expect(window.lossPercent()).toBeNull();
    const results: Array<[boolean, number | null]> = [[false, null], [true, 2], [true, 4], [false, null], [true, 6]];
    results.forEach(([ok, rttMs], i) => window.push({ t: String(i), ok, rttMs }));
    expect(window.recent().map((c) => c.t)).toEqual(['1', '2', '3', '4']);
    expect(window.lossPercent()).toBe(25);
    expect(window.averageRttMs()).toBe(4);
  });
});
