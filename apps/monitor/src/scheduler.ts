/**
 * @module One scheduler for all targets: checks spread over the interval, each on a fixed grid without
 * drift. The grid is walked in order by a single timer, which fires every check that is due.
 */

export interface SchedulerOptions {
  count: number;
  intervalMs: number;
  signal: AbortSignal;
  /** Runs one check of target `index` that was due at `dueAt` (ms since epoch). */
  run: (index: number, dueAt: number) => Promise<void>;
  /** Hears of a slot skipped because the previous check of that target had not finished. */
  onSkip?: (index: number, dueAt: number) => void;
}

/**
 * Starts checking `count` targets. Target i is checked at start + i*interval/count + k*interval:
 * a slow check never shifts later ones (they keep to the grid) nor delays other targets.
 * Resolves once the signal is aborted and every check in flight has finished.
 */
export function runSchedule({ count, intervalMs, signal, run, onSkip }: SchedulerOptions): Promise<void> {
  const start = Date.now();
  const offset = (index: number) => Math.floor((index * intervalMs) / Math.max(count, 1));
  const busy = new Uint8Array(count);
  let inFlight = 0;
  let drained: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  let index = 0; // the next target on the grid
  let round = 0; // ... in this round of the interval

  const finished = (i: number) => {
    busy[i] = 0;
    inFlight -= 1;
    if (inFlight === 0) drained?.();
  };

  const fire = (i: number, dueAt: number) => {
    if (busy[i] === 1) return onSkip?.(i, dueAt);
    busy[i] = 1;
    inFlight += 1;
    const done = () => finished(i);
    run(i, dueAt).then(done, done);
  };

  const tick = () => {
    timer = undefined;
    if (signal.aborted || count === 0) return;
    const now = Date.now();
    let dueAt = start + round * intervalMs + offset(index);
    if (now - dueAt >= intervalMs) {
      // the process was paused for a whole interval or more: skip the rounds it missed
      round += Math.floor((now - dueAt) / intervalMs);
      dueAt = start + round * intervalMs + offset(index);
    }
    while (dueAt <= now) {
      fire(index, dueAt);
      index += 1;
      if (index === count) {
        index = 0;
        round += 1;
      }
      dueAt = start + round * intervalMs + offset(index);
    }
    timer = setTimeout(tick, dueAt - now);
  };

  tick();

  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      timer = undefined;
      if (inFlight === 0) resolve();
      else drained = resolve;
    };
    if (signal.aborted) finish();
    else signal.addEventListener('abort', finish, { once: true });
  });
}
