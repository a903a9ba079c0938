/**
 * @module One scheduler for all targets: checks spread over their interval, each on a fixed grid without
 * drift, and a quick re-check after a failure. Targets with their own interval form a grid of their own. It runs on the monotonic clock (performance.now()), so
 * a step of the wall clock (NTP, a person with `date -s`) neither stops nor floods checking.
 */

export interface SchedulerOptions {
  count: number;
  intervalMs: number;
  /** Target `index`'s own interval, when targets differ (default: `intervalMs` for all). */
  intervalOf?: (index: number) => number;
  /** How soon after the start of a check that asked for it the target is checked again (if before its next slot). */
  retryIntervalMs?: number;
  signal: AbortSignal;
  /** Runs one check of target `index` due at `dueAt` (performance.now() ms); true asks for a re-check soon. */
  run: (index: number, dueAt: number) => Promise<boolean | void>;
  /** Hears of a slot skipped because the previous check of that target had not finished. */
  onSkip?: (index: number, dueAt: number) => void;
}

/** The targets that share one interval: a grid of their own, walked by a cursor. */
interface Grid {
  intervalMs: number;
  members: Uint32Array;
  /** The next member on the grid ... */
  cursor: number;
  /** ... in this round of the interval. */
  round: number;
}

/** Groups targets by interval; `slot[i]` is target i's place in its grid. */
function makeGrids(count: number, intervalOf: (index: number) => number): { grids: Grid[]; gridOf: Uint32Array; slot: Uint32Array } {
  const byInterval = new Map<number, number[]>();
  for (let i = 0; i < count; i += 1) {
    const ms = intervalOf(i);
    const members = byInterval.get(ms);
    if (members) members.push(i);
    else byInterval.set(ms, [i]);
  }
  const gridOf = new Uint32Array(count);
  const slot = new Uint32Array(count);
  const grids = [...byInterval].map(([intervalMs, members], g): Grid => {
    members.forEach((i, k) => {
      gridOf[i] = g;
      slot[i] = k;
    });
    return { intervalMs, members: Uint32Array.from(members), cursor: 0, round: 0 };
  });
  return { grids, gridOf, slot };
}

interface Retry {
  index: number;
  dueAt: number;
  /** The target's grid generation when asked: a grid check in between makes the retry moot. */
  generation: number;
}

/**
 * Starts checking `count` targets. Target i, the j-th of the n with its interval, is checked at
 * start + j*interval/n + k*interval:
 * a slow check never shifts later ones (they keep to the grid) nor delays other targets. A check that
 * asks for it is followed by a re-check `retryIntervalMs` after it started (at once when it took longer, as
 * a time-out does), unless its next slot comes first.
 * Resolves once the signal is aborted and every check in flight has finished.
 */
export function runSchedule({ count, intervalMs, intervalOf = () => intervalMs, retryIntervalMs = intervalMs, signal, run, onSkip }: SchedulerOptions): Promise<void> {
  const start = Math.floor(performance.now());
  const { grids, gridOf, slot } = makeGrids(count, intervalOf);
  const gridOfTarget = (i: number) => grids[gridOf[i] as number] as Grid;
  const offset = (i: number) => {
    const grid = gridOfTarget(i);
    return Math.floor(((slot[i] as number) * grid.intervalMs) / grid.members.length);
  };
  const busy = new Uint8Array(count);
  const startedAt = new Float64Array(count);
  /** When each target's last grid check was fired: a check fired late (after a stall) makes its next slot, close behind, moot. */
  const gridFiredAt = new Float64Array(count).fill(-Infinity);
  const generation = new Uint32Array(count);
  // retries are asked for in the order checks end, and all wait the same time: a queue is in due order
  let retries: Retry[] = [];
  let retryHead = 0;
  let inFlight = 0;
  let drained: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  let timerAt = Infinity;

  const finished = (i: number, again: boolean | void) => {
    busy[i] = 0;
    inFlight -= 1;
    if (again === true && !signal.aborted) askRetry(i);
    if (inFlight === 0) drained?.();
  };

  const fire = (i: number, dueAt: number) => {
    if (busy[i] === 1) return onSkip?.(i, dueAt);
    busy[i] = 1;
    startedAt[i] = performance.now();
    inFlight += 1;
    run(i, dueAt).then(onDone[i], onFail[i]);
  };
  // made once per target, not per check: thousands of checks a second
  const onDone = Array.from({ length: count }, (_, i) => (again: boolean | void) => finished(i, again));
  const onFail = Array.from({ length: count }, (_, i) => () => finished(i, false));

  const gridDue = (grid: Grid) => start + grid.round * grid.intervalMs + offset(grid.members[grid.cursor] as number);
  const nextSlotOf = (i: number, now: number) => {
    const every = gridOfTarget(i).intervalMs;
    const k = Math.ceil((now - start - offset(i)) / every);
    return start + Math.max(k, 0) * every + offset(i);
  };

  /** Fires the checks of `grid` that are due by `now`; returns when its next one is due. */
  const fireGrid = (grid: Grid, now: number): number => {
    let dueAt = gridDue(grid);
    if (now - dueAt >= grid.intervalMs) {
      // the process was paused for a whole interval or more: skip the rounds it missed
      grid.round += Math.floor((now - dueAt) / grid.intervalMs);
      dueAt = gridDue(grid);
    }
    while (dueAt <= now) {
      const index = grid.members[grid.cursor] as number;
      if (now - (gridFiredAt[index] as number) >= grid.intervalMs / 2) {
        gridFiredAt[index] = now;
        generation[index] = (generation[index] as number) + 1;
        fire(index, dueAt);
      }
      grid.cursor += 1;
      if (grid.cursor === grid.members.length) {
        grid.cursor = 0;
        grid.round += 1;
      }
      dueAt = gridDue(grid);
    }
    return dueAt;
  };

  const askRetry = (i: number) => {
    const now = performance.now();
    const dueAt = Math.max(now, (startedAt[i] as number) + retryIntervalMs);
    if (dueAt >= nextSlotOf(i, now)) return; // the grid checks it sooner
    retries.push({ index: i, dueAt, generation: generation[i] as number });
    arm(dueAt, now);
  };

  const arm = (at: number, now: number) => {
    if (at >= timerAt) return;
    clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(tick, Math.max(0, Math.ceil(at - now)));
  };

  const tick = () => {
    timer = undefined;
    timerAt = Infinity;
    if (signal.aborted || count === 0) return;
    const now = performance.now();
    let dueAt = Infinity;
    for (const grid of grids) dueAt = Math.min(dueAt, fireGrid(grid, now));
    while (retryHead < retries.length && (retries[retryHead] as Retry).dueAt <= now) {
      const retry = retries[retryHead] as Retry;
      retryHead += 1;
      if (retry.generation === generation[retry.index]) fire(retry.index, retry.dueAt);
    }
    if (retryHead === retries.length) {
      retries = [];
      retryHead = 0;
    } else if (retryHead > 1024) {
      retries = retries.slice(retryHead);
      retryHead = 0;
    }
    arm(Math.min(dueAt, retries[retryHead]?.dueAt ?? Infinity), now);
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
