import { describe, expect, it, vi } from 'vitest';
import { runSchedule } from './scheduler.js';

describe('runSchedule', () => {
  it('spreads targets over the interval and keeps each on its grid', async () => {
    const controller = new AbortController();
    const calls: Array<{ index: number; dueAt: number }> = [];
    const done = runSchedule({
      count: 4,
      intervalMs: 200,
      signal: controller.signal,
      run: async (index, dueAt) => {
        calls.push({ index, dueAt });
      },
    });
    await new Promise((r) => setTimeout(r, 700));
    controller.abort();
    await done;
    const first = calls.filter((c) => c.index === 0).map((c) => c.dueAt);
    // a late timer on a busy machine may skip a slot, never move one: offsets and gaps stay on the grid
    const offsets = [1, 2, 3].map((i) => ((calls.find((c) => c.index === i)?.dueAt ?? 0) - (first[0] ?? 0) + 2000) % 200);
    expect(offsets).toEqual([50, 100, 150]);
    expect(first.length).toBeGreaterThanOrEqual(3);
    first.slice(1).forEach((t, k) => expect((t - (first[k] ?? 0)) % 200 === 0 && t > (first[k] ?? 0), `gap ${t - (first[k] ?? 0)}`).toBe(true));
  });

  it('does not let a slow check delay other targets, and skips its own overlapping slots', async () => {
    const controller = new AbortController();
    const fast: number[] = [];
    const skipped: number[] = [];
    const done = runSchedule({
      count: 2,
      intervalMs: 100,
      signal: controller.signal,
      run: async (index) => {
        if (index === 0) await new Promise((r) => setTimeout(r, 350));
        else fast.push(Date.now());
      },
      onSkip: (index) => skipped.push(index),
    });
    await new Promise((r) => setTimeout(r, 500));
    controller.abort();
    await done;
    expect(fast.length).toBeGreaterThanOrEqual(4);
    expect(skipped.length).toBeGreaterThanOrEqual(2);
    expect(new Set(skipped)).toEqual(new Set([0]));
  });

  it('waits for checks in flight when stopped', async () => {
    const controller = new AbortController();
    let finished = false;
    const done = runSchedule({
      count: 1,
      intervalMs: 1000,
      signal: controller.signal,
      run: async () => {
        await new Promise((r) => setTimeout(r, 150));
        finished = true;
      },
    });
    await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    await done;
    expect(finished).toBe(true);
  });

  it('after a pause of the process, checks each target once and goes on with the grid, skipping the missed rounds', async () => {
    const controller = new AbortController();
    const calls: Array<{ index: number; dueAt: number; at: number }> = [];
    const done = runSchedule({
      count: 2,
      intervalMs: 100,
      signal: controller.signal,
      run: async (index, dueAt) => {
        calls.push({ index, dueAt, at: performance.now() });
      },
    });
    await new Promise((r) => setTimeout(r, 120));
    const until = Date.now() + 350;
    while (Date.now() < until); // the event loop is blocked, as by a stopped process
    await new Promise((r) => setTimeout(r, 250));
    controller.abort();
    await done;
    for (const index of [0, 1]) {
      const dues = calls.filter((c) => c.index === index).map((c) => c.dueAt);
      dues.slice(1).forEach((t, k) => {
        expect(t - (dues[k] ?? 0)).toBeGreaterThanOrEqual(100);
        expect((t - (dues[0] ?? 0)) % 100).toBe(0);
      });
    }
    expect(calls.every((c) => c.at - c.dueAt < 200)).toBe(true); // not 350 ms late: the missed slots were skipped
  });

  it('re-checks a target retryInterval after a check that asks for it, and goes back to the grid', async () => {
    const controller = new AbortController();
    const calls: number[] = [];
    const done = runSchedule({
      count: 1,
      intervalMs: 1000,
      retryIntervalMs: 100,
      signal: controller.signal,
      run: async (_index, dueAt) => {
        calls.push(dueAt);
        return calls.length <= 2; // the first two checks fail and ask for a re-check
      },
    });
    await new Promise((r) => setTimeout(r, 600));
    controller.abort();
    await done;
    expect(calls).toHaveLength(3); // the slot, two re-checks, then nothing until the next slot
    expect(calls[1]! - calls[0]!).toBeGreaterThanOrEqual(100);
    expect(calls[1]! - calls[0]!).toBeLessThan(1000);
  });

  it('counts retryInterval from the start of the failed check: after a check slower than it (a time-out), the re-check follows at once', async () => {
    const controller = new AbortController();
    const calls: { dueAt: number; at: number; ended?: number }[] = [];
    const done = runSchedule({
      count: 1,
      intervalMs: 5000,
      retryIntervalMs: 100,
      signal: controller.signal,
      run: async (_index, dueAt) => {
        const call: { dueAt: number; at: number; ended?: number } = { dueAt, at: performance.now() };
        calls.push(call);
        await new Promise((r) => setTimeout(r, 300)); // a check that times out after 300 ms
        call.ended = performance.now();
        return calls.length < 3;
      },
    });
    await vi.waitFor(() => expect(calls.length).toBe(3), { timeout: 10_000 });
    controller.abort();
    await done;
    // each re-check was due when the check before it ended, not retryInterval (100 ms) later
    expect(calls[1]!.dueAt - calls[0]!.ended!).toBeLessThan(100);
    expect(calls[2]!.dueAt - calls[1]!.ended!).toBeLessThan(100);
    expect(calls[1]!.dueAt).toBeGreaterThanOrEqual(calls[0]!.at + 100);
  });

  it('drops a re-check that its next grid slot would come before', async () => {
    const controller = new AbortController();
    const calls: number[] = [];
    const done = runSchedule({
      count: 1,
      intervalMs: 100,
      retryIntervalMs: 500,
      signal: controller.signal,
      run: async (_index, dueAt) => {
        calls.push(dueAt);
        return true;
      },
    });
    await new Promise((r) => setTimeout(r, 450));
    controller.abort();
    await done;
    // only the grid, no extra checks (a late timer on a busy machine may skip a slot, never add one)
    calls.slice(1).forEach((t, k) => expect((t - calls[k]!) % 100 === 0 && t > calls[k]!, `gap ${t - calls[k]!}`).toBe(true));
    expect(calls.length).toBeGreaterThanOrEqual(2);
  });

  it('checks no target twice in a row after a stall of nearly two intervals (its late check makes the slot close behind it moot)', async () => {
    const controller = new AbortController();
    const runs: number[][] = Array.from({ length: 20 }, () => []);
    const done = runSchedule({
      count: 20,
      intervalMs: 100,
      signal: controller.signal,
      run: async (index) => {
        runs[index]?.push(performance.now());
      },
    });
    await new Promise((r) => setTimeout(r, 230));
    const end = performance.now() + 190;
    while (performance.now() < end); // the event loop held for 1.9 intervals
    await new Promise((r) => setTimeout(r, 400));
    controller.abort();
    await done;
    for (const [index, times] of runs.entries()) {
      const gaps = times.slice(1).map((t, k) => t - (times[k] as number));
      expect(gaps.filter((gap) => gap < 50), `target ${index}: gaps ${gaps.map((g) => g.toFixed(0)).join(' ')}`).toEqual([]);
      expect(times.length, `target ${index}`).toBeGreaterThanOrEqual(3);
    }
  });

  it('keeps a target with its own interval on a grid of its own, beside the others', async () => {
    const controller = new AbortController();
    const calls: Array<{ index: number; dueAt: number }> = [];
    const done = runSchedule({
      count: 3,
      intervalMs: 100,
      intervalOf: (index) => (index === 1 ? 300 : 100),
      signal: controller.signal,
      run: async (index, dueAt) => {
        calls.push({ index, dueAt });
      },
    });
    await new Promise((r) => setTimeout(r, 950));
    controller.abort();
    await done;
    const dues = (index: number) => calls.filter((c) => c.index === index).map((c) => c.dueAt);
    const gaps = (index: number) => dues(index).slice(1).map((t, k) => t - dues(index)[k]!);
    // on a busy machine a late timer skips a slot (no bunching): every gap is a whole number of the target's own intervals
    const onGrid = (index: number, interval: number) => gaps(index).map((gap) => gap > 0 && gap % interval === 0);
    expect(gaps(1).length).toBeGreaterThanOrEqual(2);
    expect(onGrid(1, 300)).not.toContain(false);
    expect(onGrid(0, 100)).not.toContain(false);
    expect(onGrid(2, 100)).not.toContain(false);
    expect(gaps(0)).toContain(100);
    expect((dues(2)[0]! - dues(0)[0]! + 1000) % 100).toBe(50); // the two targets at 100 ms share their interval between them
  });
});
