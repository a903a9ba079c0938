import { describe, expect, it } from 'vitest';
import { SimulatedOutages } from './simulated-outages.js';

/** A random source that answers the given numbers in turn. */
const sequence = (...values: number[]) => () => values.shift() ?? 0.99;

describe('SimulatedOutages', () => {
  it('fails `length` checks in a row once an outage starts, then passes until the next one starts', () => {
    const outages = new SimulatedOutages(0.1, 3, sequence(0.5, 0.05, 0.5, 0.5));
    expect([1, 2, 3, 4, 5, 6].map(() => outages.fails(0))).toEqual([false, true, true, true, false, false]);
  });

  it('keeps each target to its own outage', () => {
    const outages = new SimulatedOutages(0.1, 2, sequence(0.05, 0.5, 0.5));
    expect(outages.fails(0)).toBe(true);
    expect(outages.fails(1)).toBe(false);
    expect(outages.fails(0)).toBe(true);
    expect(outages.fails(1)).toBe(false);
    expect(outages.fails(0)).toBe(false);
  });

  it('with a length of one, fails single checks only', () => {
    const outages = new SimulatedOutages(0.1, 1, sequence(0.05, 0.5));
    expect([outages.fails(0), outages.fails(0)]).toEqual([true, false]);
  });
});
