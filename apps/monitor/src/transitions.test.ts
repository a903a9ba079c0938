import { describe, expect, it } from 'vitest';
import { applyResult, initialState, type TargetState, type Transition } from './transitions.js';

function run(results: boolean[], thresholds = { failureThreshold: 1, successThreshold: 1 }) {
  let state: TargetState = initialState();
  const transitions: Array<Transition & { at: number }> = [];
  results.forEach((ok, i) => {
    const step = applyResult(state, ok, i * 1000, thresholds);
    state = step.state;
    if (step.transition) transitions.push({ ...step.transition, at: i });
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
});
