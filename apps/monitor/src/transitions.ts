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
  /** Length of the outage a recovery ends, in seconds. */
  outageSeconds?: number;
}

/** The state of a target before its first check. */
export function initialState(): TargetState {
  return { status: 'unknown', since: undefined, downSince: undefined, successes: 0, failures: 0 };
}

/**
 * Applies one check result to `state`, which is updated in place (thousands of targets are checked a
 * second, and a state that lives until the target's next check is best not copied); returns the state
 * and the transition the result caused, if any.
 */
export function applyResult(
  state: TargetState,
  ok: boolean,
  now: number,
  { failureThreshold, successThreshold }: Thresholds,
): { state: TargetState; transition?: Transition } {
  state.successes = ok ? state.successes + 1 : 0;
  state.failures = ok ? 0 : state.failures + 1;

  if (ok && state.status !== 'up' && state.successes >= successThreshold) {
    const transition: Transition = { before: state.status, after: 'up' };
    if (state.downSince !== undefined) transition.outageSeconds = Math.round(now - state.downSince) / 1000;
    state.status = 'up';
    state.since = now;
    state.downSince = undefined;
    return { state, transition };
  }
  if (!ok && state.status !== 'down' && state.failures >= failureThreshold) {
    const transition: Transition = { before: state.status, after: 'down' };
    state.status = 'down';
    state.since = now;
    state.downSince = now;
    return { state, transition };
  }
  return { state };
}
