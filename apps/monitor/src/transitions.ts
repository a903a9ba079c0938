/** @module Per-target up/down state: thresholds of consecutive results decide a status change. */
import type { HostStatus } from '@uptime/events';

export interface Thresholds {
  /** Consecutive failures before up (or unknown) -> down. */
  failureThreshold: number;
  /** Consecutive successes before down (or unknown) -> up. */
  successThreshold: number;
}

export interface TargetState {
  status: HostStatus;
  /** When the current status began (ms since epoch); undefined while unknown. */
  since?: number;
  /** When the current outage began, while down. */
  downSince?: number;
  /** The same moment on this process's monotonic clock (performance.now()), when this process saw it. */
  downSinceMono?: number;
  /** The current outage was simulated (--sim-fail): its recovery says so too. */
  downSimulated?: boolean;
  /** A change found but not yet committed (its alert could not be stored): found again, it keeps its first time. */
  found?: Transition;
  successes: number;
  failures: number;
}

export interface Transition {
  before: HostStatus;
  /** `unreachable`: it failed while a parent of it was down, unreachable or failing (set by the parents rule). */
  after: 'up' | 'down' | 'unreachable';
  /** When it happened (wall-clock ms since epoch, the time of the check that caused it). */
  time: number;
  /** When the outage began: `time` for a change to down; for a recovery, the start of the outage it ends. */
  outageStart?: number;
  /** Length of the outage a recovery ends, in seconds. */
  outageSeconds?: number;
  /** Caused by a simulated failure (--sim-fail), or the end of a simulated outage. */
  simulated?: boolean;
  /** When it happened on the monotonic clock of the process that saw it (a step of the wall clock leaves it alone). */
  mono?: MonotonicTime;
}

/** A performance.now() reading, with the process's time origin: a reading from another process means nothing here. */
export interface MonotonicTime {
  origin: number;
  at: number;
}

const monotonicAt = (at: number | undefined): MonotonicTime | undefined =>
  at !== undefined ? { origin: performance.timeOrigin, at } : undefined;

/** A step of the wall clock smaller than this during an outage is taken as the clocks' ordinary drift. */
const STEP_MS = 1000;

/** The state of a target before its first check. */
export function initialState(): TargetState {
  return { status: 'unknown', since: undefined, downSince: undefined, successes: 0, failures: 0 };
}

/**
 * Counts one check result at wall time `now` (and `monoNow`, performance.now() at the same moment) in
 * `state` (in place: thousands of targets are checked a second) and returns the status change it calls
 * for, if any. The status itself is left as it was: the caller commits the
 * change with `commitTransition` once its event and alert are safely recorded, so that a change that
 * could not be recorded is found again by the next check.
 */
export function applyResult(
  state: TargetState,
  ok: boolean,
  now: number,
  { failureThreshold, successThreshold }: Thresholds,
  monoNow?: number,
): Transition | undefined {
  state.successes = ok ? state.successes + 1 : 0;
  state.failures = ok ? 0 : state.failures + 1;
  const found = state.found;
  if (found && (found.after === 'up') !== ok) state.found = undefined; // the change it called for is undone
  else if (found) return found;

  if (ok && state.status !== 'up' && state.successes >= successThreshold) {
    const mono = monotonicAt(monoNow);
    const transition: Transition = { before: state.status, after: 'up', time: now, ...(mono ? { mono } : {}) };
    if (state.downSince !== undefined) {
      const { start, ms } = outageLength(state, now, mono);
      transition.outageStart = start;
      transition.outageSeconds = Math.round(ms) / 1000;
    }
    return (state.found = transition);
  }
  if (!ok && state.status !== 'down' && state.failures >= failureThreshold) {
    const mono = monotonicAt(monoNow);
    return (state.found = { before: state.status, after: 'down', time: now, outageStart: now, ...(mono ? { mono } : {}) });
  }
  return undefined;
}

/**
 * The start and length of the outage that ends at wall time `now`. It starts when its DOWN event says
 * (the outage row and the events agree); its length comes from the monotonic clock when this process saw
 * it begin and the wall clock stepped meanwhile (so after a step back the row's end may read earlier than
 * its start, and its length is still the time it lasted). One begun in an earlier run is measured on the
 * wall clock, never below zero.
 */
function outageLength(state: TargetState, now: number, mono: MonotonicTime | undefined): { start: number; ms: number } {
  const downSince = state.downSince as number;
  const wallMs = now - downSince;
  if (mono && mono.origin === performance.timeOrigin && state.downSinceMono !== undefined) {
    const monoMs = Math.max(0, mono.at - state.downSinceMono);
    return { start: downSince, ms: Math.abs(wallMs - monoMs) > STEP_MS ? monoMs : Math.max(0, wallMs) };
  }
  return wallMs >= 0 ? { start: downSince, ms: wallMs } : { start: now, ms: 0 };
}

/** Applies a recorded transition to the target's state. */
export function commitTransition(state: TargetState, transition: Transition): void {
  state.found = undefined;
  state.status = transition.after;
  state.since = transition.time;
  const down = transition.after === 'down';
  state.downSince = down ? (transition.outageStart ?? transition.time) : undefined;
  state.downSimulated = down && transition.simulated === true ? true : undefined;
  const mono = transition.mono;
  state.downSinceMono = down && mono && mono.origin === performance.timeOrigin ? mono.at : undefined;
}
