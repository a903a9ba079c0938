import { describe, expect, it } from 'vitest';
import { applyResult, commitTransition, initialState, type Transition } from './transitions.js';

/** Runs checks one second apart, committing every transition; lists them without their times. */
function run(results: boolean[], thresholds = { failureThreshold: 1, successThreshold: 1 }) {
  const state = initialState();
  const transitions: Array<{ before: string; after: string; outageSeconds?: number; at: number }> = [];
  results.forEach((ok, i) => {
    const transition = applyResult(state, ok, i * 1000, thresholds);
    if (!transition) return;
    commitTransition(state, transition);
    const { before, after, outageSeconds } = transition;
    transitions.push({ before, after, ...(outageSeconds !== undefined ? { outageSeconds } : {}), at: i });
  });
  return { state, transitions };
}

describe('applyResult', () => {
  it('leaves unknown on the first result and reports unknown -> up', () => {
    const { state, transitions } = run([true, true]);
    expect(state.status).toBe('up');
    expect(transitions).toEqual([{ before: 'unknown', after: 'up', at: 0 }]);
  });

  it('reports up -> down and down -> up with the outage length', () => {
    const { transitions } = run([true, false, false, false, true]);
    expect(transitions).toEqual([
      { before: 'unknown', after: 'up', at: 0 },
      { before: 'up', after: 'down', at: 1 },
      { before: 'down', after: 'up', outageSeconds: 3, at: 4 },
    ]);
  });

  it('has no outage length when a target starts down and the status was unknown', () => {
    const { transitions } = run([false, true]);
    expect(transitions[0]).toEqual({ before: 'unknown', after: 'down', at: 0 });
    expect(transitions[1]).toEqual({ before: 'down', after: 'up', outageSeconds: 1, at: 1 });
  });

  it('waits for failureThreshold consecutive failures', () => {
    const thresholds = { failureThreshold: 3, successThreshold: 1 };
    expect(run([true, false, false, true, false, false], thresholds).transitions).toHaveLength(1);
    const { transitions } = run([true, false, false, false], thresholds);
    expect(transitions.at(-1)).toEqual({ before: 'up', after: 'down', at: 3 });
  });

  it('waits for successThreshold consecutive successes', () => {
    const thresholds = { failureThreshold: 1, successThreshold: 2 };
    const { transitions } = run([false, true, false, true, true], thresholds);
    expect(transitions).toEqual([
      { before: 'unknown', after: 'down', at: 0 },
      { before: 'down', after: 'up', outageSeconds: 4, at: 4 },
    ]);
  });

  it('leaves the status alone until the change is committed, so the next check reports it again, with its first time', () => {
    const state = initialState();
    commitTransition(state, { before: 'unknown', after: 'up', time: 0 });
    const lost = applyResult(state, false, 1000, { failureThreshold: 1, successThreshold: 1 });
    expect(lost).toEqual({ before: 'up', after: 'down', time: 1000, outageStart: 1000 });
    expect(state).toMatchObject({ status: 'up', since: 0, downSince: undefined });
    // found again (a full disk held its alert back for a while): the outage began when it was first confirmed
    const again = applyResult(state, false, 9000, { failureThreshold: 1, successThreshold: 1 });
    expect(again).toEqual({ before: 'up', after: 'down', time: 1000, outageStart: 1000 });
    commitTransition(state, again as Transition);
    expect(state).toMatchObject({ status: 'down', since: 1000, downSince: 1000 });
    expect(applyResult(state, true, 5000, { failureThreshold: 1, successThreshold: 1 })).toEqual({
      before: 'down', after: 'up', time: 5000, outageStart: 1000, outageSeconds: 4,
    });
  });

  it('forgets a change found but not committed once the target is back as it was', () => {
    const thresholds = { failureThreshold: 1, successThreshold: 1 };
    const state = initialState();
    commitTransition(state, { before: 'unknown', after: 'up', time: 0 });
    applyResult(state, false, 1000, thresholds);
    expect(applyResult(state, true, 2000, thresholds)).toBeUndefined();
    expect(applyResult(state, false, 3000, thresholds)).toEqual({ before: 'up', after: 'down', time: 3000, outageStart: 3000 });
  });

  describe('an outage while the wall clock steps (NTP correcting it, `date -s`)', () => {
    const thresholds = { failureThreshold: 1, successThreshold: 1 };
    const HOUR = 3600_000;
    /** Down at wall 10:00 (monotonic 1,000 ms), up 90 s later by the monotonic clock, the wall clock stepped by `step`. */
    const outage = (step: number) => {
      const state = initialState();
      commitTransition(state, { before: 'unknown', after: 'up', time: 0 });
      const down = applyResult(state, false, 10 * HOUR, thresholds, 1000) as Transition;
      commitTransition(state, down);
      return applyResult(state, true, 10 * HOUR + 90_000 + step, thresholds, 91_000) as Transition;
    };

    it.each([
      { step: -HOUR, name: 'back 1 h' },
      { step: HOUR, name: 'forward 1 h' },
      { step: -5000, name: 'back 5 s' },
    ])('$name: the outage lasts what the monotonic clock measured, and starts when its DOWN event says', ({ step }) => {
      const up = outage(step);
      expect(up.outageSeconds).toBe(90);
      expect(up.time).toBe(10 * HOUR + 90_000 + step);
      expect(up.outageStart).toBe(10 * HOUR);
    });

    it('without a step (or one under a second) the outage starts when its DOWN event says', () => {
      expect(outage(0)).toMatchObject({ outageStart: 10 * HOUR, outageSeconds: 90 });
      expect(outage(400)).toMatchObject({ outageStart: 10 * HOUR, outageSeconds: 90.4 });
    });

    it('an outage begun in an earlier run (no monotonic reading of its start) is never negative', () => {
      const state = initialState();
      commitTransition(state, { before: 'up', after: 'down', time: 10 * HOUR, mono: { origin: performance.timeOrigin - 5, at: 1 } });
      expect(state.downSinceMono).toBeUndefined();
      const up = applyResult(state, true, 9 * HOUR, thresholds, 2000) as Transition;
      expect(up).toMatchObject({ outageStart: 9 * HOUR, outageSeconds: 0 });
      const later = initialState();
      commitTransition(later, { before: 'up', after: 'down', time: 10 * HOUR });
      expect(applyResult(later, true, 10 * HOUR + 30_000, thresholds, 2000)).toMatchObject({ outageStart: 10 * HOUR, outageSeconds: 30 });
    });
  });
});
