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
  const { bits, count } = flapStateOf(results, false);
  return percentOf(bits, count);
}

/** The weighted percent state change of the last `count` results held in `bits` (newest in bit 0). */
function percentOf(bits: number, count: number): number {
  const n = Math.min(count, FLAP_HISTORY);
  // the newest change has position FLAP_HISTORY - 1 even when fewer results are known yet
  const offset = FLAP_HISTORY - n;
  let weighted = 0;
  for (let i = 1; i < n; i++) {
    // result i (oldest first) is bit n-1-i
    if (((bits >>> (n - 1 - i)) & 1) === ((bits >>> (n - i)) & 1)) continue;
    const position = offset + i - 1; // 0 (oldest change) .. 19 (newest)
    weighted += LOW_WEIGHT + (position * (HIGH_WEIGHT - LOW_WEIGHT)) / (FLAP_HISTORY - 2);
  }
  return Math.round(((weighted * 100) / (FLAP_HISTORY - 1)) * 100) / 100;
}

/** What one check did to a target's flapping: it started, it stopped, or neither. */
export type FlapChange = { change: 'started' | 'stopped'; percent: number } | { change: 'none'; percent: number };

/**
 * A target's recent results and whether it is flapping. The last 21 results are bits of one number,
 * the newest in bit 0 (1: answered): thousands of targets keep no array each.
 */
export interface FlapState {
  bits: number;
  /** How many results the bits hold (at most 21). */
  count: number;
  flapping: boolean;
}

const HISTORY_MASK = (1 << FLAP_HISTORY) - 1;

/** The state of these results (oldest first; the last 21 kept). */
export function flapStateOf(results: readonly boolean[], flapping: boolean): FlapState {
  let bits = 0;
  for (const ok of results.slice(-FLAP_HISTORY)) bits = (bits << 1) | (ok ? 1 : 0);
  return { bits, count: Math.min(results.length, FLAP_HISTORY), flapping };
}

/** The results a state holds, oldest first. */
export function resultsOf({ bits, count }: FlapState): boolean[] {
  return Array.from({ length: count }, (_, i) => ((bits >>> (count - 1 - i)) & 1) === 1);
}

/** The last result a state holds (undefined before the first). */
export function lastResult({ bits, count }: FlapState): boolean | undefined {
  return count === 0 ? undefined : (bits & 1) === 1;
}

/** Counts one check result (`ok`) in `state` (in place) and answers whether flapping started or stopped with it. */
export function noteResult(state: FlapState, ok: boolean, thresholds: { high: number; low: number }): FlapChange {
  state.bits = ((state.bits << 1) | (ok ? 1 : 0)) & HISTORY_MASK;
  state.count = Math.min(state.count + 1, FLAP_HISTORY);
  const percent = percentOf(state.bits, state.count);
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
