/**
 * @module The one wall clock for every time people read (check lines, CSV rows, event times, outage
 * start and end): Date.now(), with the digits below the millisecond taken from the monotonic clock.
 * It follows a step of the system clock (NTP, `date -s`) at once, so a check line and the event it
 * causes always agree; nothing is scheduled on it (the scheduler runs on performance.now()).
 */

export interface ClockSources {
  /** The system's wall clock in whole ms since the epoch (Date.now()). */
  wallMs: () => number;
  /** A monotonic clock in ms with a fraction (performance.now()). */
  monotonicMs: () => number;
}

const systemClocks: ClockSources = { wallMs: () => Date.now(), monotonicMs: () => performance.now() };

/**
 * A wall clock in whole µs since the epoch. It keeps the offset between the wall and the monotonic
 * clock: while the two run together, the time is monotonic time plus that offset (steady µs, never
 * backwards); when they part by more than about a millisecond (a step), it takes the wall clock again.
 */
export function createWallClock({ wallMs, monotonicMs }: ClockSources = systemClocks): () => number {
  let offset = -Infinity;
  /** Takes the offset at the moment Date.now() ticks (a wait of at most 1 ms), so the µs are right from the start. */
  const calibrate = (): void => {
    const first = wallMs();
    const start = monotonicMs();
    let [wall, mono] = [first, start];
    for (let i = 0; wall === first && i < 100_000 && mono - start < 2; i++) {
      wall = wallMs();
      mono = monotonicMs();
    }
    offset = wall - mono;
  };
  return () => {
    // the wall clock first: it is then at most the true time at the monotonic reading, so `offset`
    // stays a lower bound of the true one, and is only ever raised while no step happens
    const wall = wallMs();
    const mono = monotonicMs();
    let ms = offset + mono;
    if (ms < wall - 1 || (ms > wall + 1 && ms >= wallMs() + 1)) {
      // far behind Date.now(): a forward step (or the first call); ahead of a wall clock read after the
      // monotonic one by more than its last millisecond: a backward step (not just a pause between reads)
      calibrate();
      ms = offset + monotonicMs();
    } else if (ms < wall) {
      offset = wall - mono; // a tighter bound: Date.now() ticked before the offset said it would
      ms = wall;
    }
    return Math.floor(ms * 1000);
  };
}

/** The current wall-clock time in µs since the epoch: the time of every check line, CSV row and event. */
export const wallMicros: () => number = createWallClock();
