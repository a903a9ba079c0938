import { describe, expect, it } from 'vitest';
import { createWallClock, wallMicros } from './wall-clock.js';
import { nowMicros } from './records/check-line.js';

/** Clocks a test sets by hand: `wall` in whole ms, `mono` in ms with a fraction. */
function handClocks(wall: number, mono: number) {
  const clocks = { wall, mono };
  const now = createWallClock({ wallMs: () => clocks.wall, monotonicMs: () => clocks.mono });
  return { clocks, now };
}

describe('the wall clock', () => {
  it('takes the µs from the monotonic clock while the wall clock runs with it', () => {
    const { clocks, now } = handClocks(1_000_000, 5);
    expect(now()).toBe(1_000_000_000);
    clocks.mono = 5.25;
    expect(now()).toBe(1_000_000_250);
    clocks.mono = 5.999;
    expect(now()).toBe(1_000_000_999);
    clocks.mono = 6.2;
    clocks.wall = 1_000_001;
    expect(now()).toBe(1_000_001_200);
    clocks.mono = 7;
    clocks.wall = 1_000_002;
    expect(now()).toBe(1_000_002_000);
    clocks.mono = 7.5;
    expect(now()).toBe(1_000_002_500);
    // Date.now() ticks before the offset says it would: the offset is raised to it, never lowered
    clocks.mono = 7.9;
    clocks.wall = 1_000_003;
    expect(now()).toBe(1_000_003_000);
    clocks.mono = 8;
    expect(now()).toBe(1_000_003_100);
  });

  it('follows a backward step of the wall clock at once, and keeps steady µs after it', () => {
    const { clocks, now } = handClocks(1_000_000, 5);
    now();
    clocks.mono = 5.4;
    clocks.wall = 1_000_000 - 3_600_000;
    expect(now()).toBe((1_000_000 - 3_600_000) * 1000);
    clocks.mono = 5.65;
    expect(now()).toBe((1_000_000 - 3_600_000) * 1000 + 250);
  });

  it('follows a forward step of the wall clock at once', () => {
    const { clocks, now } = handClocks(1_000_000, 5);
    now();
    clocks.mono = 5.4;
    clocks.wall = 1_000_000 + 3_600_000;
    expect(now()).toBe((1_000_000 + 3_600_000) * 1000);
  });

  it('is the time of the check lines, within a millisecond of Date.now() and never going back', () => {
    let last = 0;
    for (let i = 0; i < 20_000; i++) {
      const before = Date.now();
      const micros = nowMicros();
      const after = Date.now();
      expect(micros).toBeGreaterThanOrEqual(before * 1000);
      expect(micros).toBeLessThan((after + 2) * 1000);
      expect(micros).toBeGreaterThanOrEqual(last);
      last = Math.max(micros, wallMicros());
    }
  });
});
