import { describe, expect, it } from 'vitest';
import { isoLocal } from '@uptime/events';
import { CheckWindow } from './check-window.js';

describe('CheckWindow', () => {
  it('keeps the last N checks and computes loss and mean RTT over them', () => {
    const window = new CheckWindow(4);
    expect(window.lossPercent()).toBeNull();
    expect(window.averageRttMs()).toBeNull();
    const results: Array<[boolean, number | null]> = [[false, null], [true, 2], [true, 4], [false, null], [true, 6]];
    results.forEach(([ok, rttMs], i) => window.push(i * 1000, ok, rttMs));
    expect(window.recent().map((c) => c.t)).toEqual([1, 2, 3, 4].map((i) => isoLocal(new Date(i * 1000))));
    expect(window.recent().map((c) => c.rttMs)).toEqual([2, 4, null, 6]);
    expect(window.lossPercent()).toBe(25);
    expect(window.averageRttMs()).toBe(4);
    expect(window.lastTimeMs()).toBe(4000);
    expect(window.lastRttMs()).toBe(6);
  });

  it('shows the round-trip time of a failed check (an HTTP 503) but leaves it out of the mean', () => {
    const window = new CheckWindow(4);
    expect(window.lastTimeMs()).toBeNull();
    expect(window.lastRttMs()).toBeNull();
    window.push(1, true, 2);
    window.push(2, false, 8.5);
    expect(window.lastRttMs()).toBe(8.5);
    expect(window.recent().map((c) => c.rttMs)).toEqual([2, 8.5]);
    expect(window.averageRttMs()).toBe(2);
  });

  it('stays exact over many wraps of the ring', () => {
    const window = new CheckWindow(3);
    for (let i = 0; i < 10_000; i++) window.push(i, i % 5 !== 0, i % 5 !== 0 ? 0.001 * (i % 7) : null);
    // the last three are i = 9997, 9998 and 9999, with round-trip times of 1, 2 and 3 µs
    expect(window.recent().map((c) => c.rttMs)).toEqual([0.001, 0.002, 0.003]);
    expect(window.lossPercent()).toBe(0);
    expect(window.averageRttMs()).toBe(0.002);
  });

  it('without keepTimes still knows the last check, loss and mean RTT, and lists no recent checks', () => {
    const window = new CheckWindow(4, { keepTimes: false });
    const results: Array<[boolean, number | null]> = [[false, null], [true, 2], [true, 4], [false, null], [true, 6]];
    results.forEach(([ok, rttMs], i) => window.push(i * 1000, ok, rttMs));
    expect(window.recent()).toEqual([]);
    expect(window.lastTimeMs()).toBe(4000);
    expect(window.lastRttMs()).toBe(6);
    expect(window.lossPercent()).toBe(25);
    expect(window.averageRttMs()).toBe(4);
  });
});
