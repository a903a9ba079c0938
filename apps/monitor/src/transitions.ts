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
  successes: number;
  failures: number;
}

export interface Transition {
  before: HostStatus;
  after: 'up' | 'down';
  /** When it happened (wall-clock ms since epoch, the time of the check that caused it). */
  time: number;
  /** When the outage began: `time` for a change to down; for a recovery, the start of the outage it ends. */
  outageStart?: number;
  /** Length of the outage a recovery ends, in seconds. */
  outageSeconds?: number;
}

/** The state of a target before its first check. */
export function initialState(): TargetState {
  return { status: 'unknown', since: undefined, downSince: undefined, successes: 0, failures: 0 };
}

/**
 * Counts one check result in `state` (in place: thousands of targets are checked a second) and returns
 * the status change it calls for, if any. The status itself is left as it was: the caller commits the
 * change with `commitTransition` once its event and alert are safely recorded, so that a change that
 * could not be recorded is found again by the next check.
 */
export function applyResult(
  state: TargetState,
  ok: boolean,
  now: number,
  { failureThreshold, successThreshold }: Thresholds,
): Transition | undefined {
  state.successes = ok ? state.successes + 1 : 0;
  state.failures = ok ? 0 : state.failures + 1;

  if (ok && state.status !== 'up' && state.successes >= successThreshold) {
    const transition: Transition = { before: state.status, after: 'up', time: now };
    if (state.downSince !== undefined) {
      transition.outageStart = state.downSince;
      transition.outageSeconds = Math.round(now - state.downSince) / 1000;
    }
    return transition;
  }
  if (!ok && state.status !== 'down' && state.failures >= failureThreshold) {
    return { before: state.status, after: 'down', time: now, outageStart: now };
  }
  return undefined;
}

/** Applies a recorded transition to the target's state. */
export function commitTransition(state: TargetState, transition: Transition): void {
  state.status = transition.after;
  state.since = transition.time;
  state.downSince = transition.after === 'down' ? (transition.outageStart ?? transition.time) : undefined;
}
