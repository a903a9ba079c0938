import { describe, expect, it } from 'vitest';
import { flapPercent, flapStateOf, noteResult, resultsOf } from './flap-detector.js';

/** "u" an answered check, "d" a failed one, oldest first. */
const results = (s: string) => [...s].map((c) => c === 'u');

describe('flapPercent (Nagios weighting)', () => {
  it.each<[string, string, number]>([
    ['steady up', 'uuuuuuuuuuuuuuuuuuuuu', 0],
    ['every check a change', 'ududududududududududu', 100],
    ['one change, the newest', 'uuuuuuuuuuuuuuuuuuuud', 6.25],
    ['one change, the oldest', 'duuuuuuuuuuuuuuuuuuuu', 3.75],
    ['one lost packet lately', 'uuuuuuuuuuuuuuuuuuudu', 12.37],
    ['five changes, newest', 'uuuuuuuuuuuuuuuududud', 29.93],
    ['six changes, newest', 'uuuuuuuuuuuuuuudududu', 35.53],
    ['only 21 results count', `dudud${'u'.repeat(21)}`, 0],
    ['fewer than 21 results: weighted as the newest', 'uud', 6.25],
  ])('%s: %s -> %s%%', (_what, history, percent) => {
    expect(flapPercent(results(history))).toBe(percent);
  });
});

describe('noteResult', () => {
  const thresholds = { high: 30, low: 20 };
  const run = (state: ReturnType<typeof flapStateOf>, history: string) => [...history].map((c) => noteResult(state, c === 'u', thresholds).change);

  it('starts at high (the sixth change in a row of alternating checks) and not before', () => {
    const state = flapStateOf(results('u'.repeat(21)), false);
    expect(run(state, 'dududu')).toEqual(['none', 'none', 'none', 'none', 'none', 'started']);
    expect(state.flapping).toBe(true);
  });

  it('goes on flapping between low and high, stops below low', () => {
    const state = flapStateOf(results('ud'.repeat(10) + 'u'), true);
    const changes = run(state, 'u'.repeat(21));
    const stoppedAt = changes.indexOf('stopped');
    expect(stoppedAt).toBeGreaterThan(0);
    expect(changes.filter((c) => c !== 'none')).toEqual(['stopped']);
    expect(state.flapping).toBe(false);
  });

  it('keeps 21 results', () => {
    const state = flapStateOf([], false);
    run(state, `${'d'.repeat(19)}${'u'.repeat(20)}d`);
    expect(resultsOf(state)).toEqual(results(`${'u'.repeat(20)}d`));
  });
});
