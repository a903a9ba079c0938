/**
 * @module Flap detection, Nagios's method: the last 21 check results of a target; each of the (up to) 20
 * changes between them is weighted linearly from 0.75 (oldest) to 1.25 (newest); percent = weighted
 * changes / 20 x 100. Flapping starts at `high` and stops below `low`. Pure: results in, decisions out.
 */

/** Check results kept per target (Nagios's MAX_STATE_HISTORY_ENTRIES). */
export const FLAP_HISTORY = 21;

const LOW_WEIGHT = 0.75;
const HIGH_WEIGHT = 1.25;

/** The weighted percent state change of `results` (oldest first; only the last 21 count). */
export function flapPercent(results: readonly boolean[]): number {
  const recent = results.slice(-FLAP_HISTORY);
  // the newest change has position FLAP_HISTORY - 1 even when fewer results are known yet
  const offset = FLAP_HISTORY - recent.length;
  let weighted = 0;
  for (let i = 1; i < recent.length; i++) {
    if (recent[i] === recent[i - 1]) continue;
    const position = offset + i - 1; // 0 (oldest change) .. 19 (newest)
    weighted += LOW_WEIGHT + (position * (HIGH_WEIGHT - LOW_WEIGHT)) / (FLAP_HISTORY - 2);
  }
  return Math.round(((weighted * 100) / (FLAP_HISTORY - 1)) * 100) / 100;
}

/** What one check did to a target's flapping: it started, it stopped, or neither. */
export type FlapChange = { change: 'started' | 'stopped'; percent: number } | { change: 'none'; percent: number };

/** A target's recent results and whether it is flapping. */
export interface FlapState {
  results: boolean[];
  flapping: boolean;
}

/** Counts one check result (`ok`) in `state` (in place) and answers whether flapping started or stopped with it. */
export function noteResult(state: FlapState, ok: boolean, thresholds: { high: number; low: number }): FlapChange {
  state.results.push(ok);
  while (state.results.length > FLAP_HISTORY) state.results.shift();
  const percent = flapPercent(state.results);
  if (!state.flapping && percent >= thresholds.high) {
    state.flapping = true;
    return { change: 'started', percent };
  }
  if (state.flapping && percent < thresholds.low) {
    state.flapping = false;
    return { change: 'stopped', percent };
  }
  return { change: 'none', percent };
}
