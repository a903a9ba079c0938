/** @module One scheduler for all targets: checks spread over the interval, each on a fixed grid without drift. */

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
  const timers = new Map<number, NodeJS.Timeout>();
  const inFlight = new Map<number, Promise<void>>();

  const plan = (index: number, dueAt: number) => {
    if (signal.aborted) return;
    timers.set(index, setTimeout(() => fire(index, dueAt), Math.max(0, dueAt - Date.now())));
  };

  const fire = (index: number, dueAt: number) => {
    let next = dueAt + intervalMs;
    const now = Date.now();
    if (next <= now) next += Math.ceil((now - next + 1) / intervalMs) * intervalMs; // the process was paused
    if (inFlight.has(index)) onSkip?.(index, dueAt);
    else {
      const check = run(index, dueAt)
        .catch(() => undefined)
        .finally(() => inFlight.delete(index));
      inFlight.set(index, check);
    }
    plan(index, next);
  };

  for (let i = 0; i < count; i++) plan(i, start + Math.floor((i * intervalMs) / Math.max(count, 1)));

  return new Promise((resolve) => {
    const finish = async () => {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      await Promise.all(inFlight.values());
      resolve();
    };
    if (signal.aborted) void finish();
    else signal.addEventListener('abort', () => void finish(), { once: true });
  });
}
