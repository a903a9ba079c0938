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
  return { status: 'unknown', successes: 0, failures: 0 };
}

/** Applies one check result; returns the new state and the transition it caused, if any. */
export function applyResult(
  state: TargetState,
  ok: boolean,
  now: number,
  { failureThreshold, successThreshold }: Thresholds,
): { state: TargetState; transition?: Transition } {
  const successes = ok ? state.successes + 1 : 0;
  const failures = ok ? 0 : state.failures + 1;
  const next: TargetState = { ...state, successes, failures };

  if (ok && state.status !== 'up' && successes >= successThreshold) {
    const outageSeconds = state.downSince !== undefined ? (now - state.downSince) / 1000 : undefined;
    const transition: Transition = { before: state.status, after: 'up' };
    if (outageSeconds !== undefined) transition.outageSeconds = Math.round(outageSeconds * 1000) / 1000;
    return { state: { ...next, status: 'up', since: now, downSince: undefined }, transition };
  }
  if (!ok && state.status !== 'down' && failures >= failureThreshold) {
    return {
      state: { ...next, status: 'down', since: now, downSince: now },
      transition: { before: state.status, after: 'down' },
    };
  }
  return { state: next };
}
