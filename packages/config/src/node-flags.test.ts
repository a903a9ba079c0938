import { describe, expect, it } from 'vitest';
import { monitorNodeFlags } from './node-flags.js';

const oldSpaceMb = (targets: number) => Number(/^--max-old-space-size=(\d+)$/.exec(monitorNodeFlags(targets)[0] ?? '')?.[1]);

describe('monitorNodeFlags', () => {
  it('gives the monitor an old-space ceiling that grows with its targets', () => {
    expect(oldSpaceMb(1)).toBeGreaterThanOrEqual(96);
    expect(oldSpaceMb(5000)).toBeGreaterThan(oldSpaceMb(1));
    expect(oldSpaceMb(20_000)).toBeGreaterThan(oldSpaceMb(5000));
  });

  it('keeps 20,000 targets well below the default ceiling (several GB) and above what they hold live (about 80 MB)', () => {
    expect(oldSpaceMb(20_000)).toBeLessThan(400);
    expect(oldSpaceMb(20_000)).toBeGreaterThan(160);
  });
});
