/** @module WorkLane: jobs run in order within a count or a budget of weights (bytes of large messages). */
import { describe, expect, it } from 'vitest';
import { WorkLane } from './work-lane.js';

/** Pushes jobs of `weights` that each wait until released; records how much runs at once. */
function jobs(lane: WorkLane, weights: number[]) {
  const running = new Set<number>();
  const seen: number[][] = [];
  const release: Array<() => void> = [];
  weights.forEach((weight, i) =>
    lane.push(async () => {
      running.add(i);
      seen.push([...running].sort());
      await new Promise<void>((resolve) => (release[i] = resolve));
      running.delete(i);
    }, weight),
  );
  return { seen, release: (i: number) => release[i]?.(), running };
}

describe('WorkLane', () => {
  it('runs jobs whose weights fit the limit together, and the next only when its weight fits', async () => {
    const lane = new WorkLane(32);
    const run = jobs(lane, [20, 10, 20, 5]);
    await Promise.resolve();
    expect([...run.running].sort()).toEqual([0, 1]); // 20 + 10; the next 20 waits (FIFO: the 5 behind it too)
    run.release(0);
    await new Promise((r) => setTimeout(r, 0));
    expect([...run.running].sort()).toEqual([1, 2]);
    run.release(1);
    await new Promise((r) => setTimeout(r, 0));
    expect([...run.running].sort()).toEqual([2, 3]);
    run.release(2);
    run.release(3);
    await lane.idle();
  });

  it('runs a job heavier than the limit alone', async () => {
    const lane = new WorkLane(32);
    const run = jobs(lane, [40, 1]);
    await Promise.resolve();
    expect([...run.running]).toEqual([0]);
    run.release(0);
    await new Promise((r) => setTimeout(r, 0));
    expect([...run.running]).toEqual([1]);
    run.release(1);
    await lane.idle();
    expect(run.seen).toEqual([[0], [1]]);
  });
});
