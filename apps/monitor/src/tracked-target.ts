/** @module A target as the monitor tracks it between checks, and its entry in the status file. */
import type { TargetConfig } from '@uptime/config';
import { CheckWindow } from './check-window.js';
import { isoLocalMsFormatter } from './records/check-line.js';
import type { TargetStatus } from './status-file.js';
import type { SavedTargetState } from './target-state-store.js';
import { initialState, type TargetState } from './transitions.js';

export interface TrackedTarget {
  target: TargetConfig;
  state: TargetState;
  /** The IP address last probed (the host itself until a name is resolved). */
  address: string;
  /** The recent checks, the last one's time and round-trip time included. */
  window: CheckWindow;
  /** Why the last check failed (undefined after a success). */
  lastError?: string;
  /** tls and https: the end of validity of the certificate last seen (ms since the epoch). */
  notAfter?: number;
}

/**
 * A target before its first check: unknown, or the status a previous run recorded (`saved`, settings
 * already matched). `withRecent`: its recent checks are shown (see recentWindowFits), so their times are kept.
 */
export function trackTarget(target: TargetConfig, saved?: SavedTargetState, withRecent = true): TrackedTarget {
  const window = new CheckWindow(60, { keepTimes: withRecent });
  if (!saved) return { target, state: initialState(), address: target.host, window };
  const state: TargetState = { ...initialState(), status: saved.status, since: saved.since };
  if (saved.status === 'down') state.downSince = saved.downSince ?? saved.since;
  return { target, state, address: saved.address, window };
}

/** What is kept of a target across restarts, once it has a recorded status. */
export function savedState({ target, state, address }: TrackedTarget, settings: string): SavedTargetState | undefined {
  if ((state.status !== 'up' && state.status !== 'down') || state.since === undefined) return undefined;
  const saved: SavedTargetState = { settings, status: state.status, since: state.since, address };
  if (state.downSince !== undefined) saved.downSince = state.downSince;
  return saved;
}

/** What holds a target's emails back now, as the status file shows it. */
export type TargetNotes = Pick<TargetStatus, 'silenced' | 'acknowledged' | 'flapping'>;

const NO_NOTES: TargetNotes = { silenced: false, acknowledged: false, flapping: false };

// thousands of targets a write: the last checks share a few seconds, the since times each other's rarely
const checkTime = isoLocalMsFormatter();
const sinceTime = isoLocalMsFormatter();
const certificateTime = isoLocalMsFormatter();

/** The target's entry in the status file; `withRecent` adds its recent checks. */
export function targetStatus(
  { target, state, address, window, lastError, notAfter }: TrackedTarget,
  withRecent: boolean,
  notes: TargetNotes = NO_NOTES,
): TargetStatus {
  const lastCheckMs = window.lastTimeMs();
  return {
    name: target.name,
    host: address,
    probe: target.probe,
    status: state.status,
    parents: target.parent ?? [],
    tags: target.tags ?? [],
    since: state.since !== undefined ? sinceTime(state.since) : null,
    rttMs: window.lastRttMs(),
    lastCheck: lastCheckMs !== null ? checkTime(lastCheckMs) : null,
    lossPercent: window.lossPercent(),
    averageRttMs: window.averageRttMs(),
    lastError: lastError ?? null,
    certificateExpires: notAfter !== undefined ? certificateTime(notAfter) : null,
    ...notes,
    ...(withRecent ? { recent: window.recent() } : {}),
  };
}
