/** @module Durations in the config: "500ms", "2s", "5m", "1h", "1d" or an integer of milliseconds. */

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** The longest delay a Node.js timer holds (2^31-1 ms, about 24.8 days); a longer one fires after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Parses a duration to milliseconds; returns undefined when the value is not a duration. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(value);
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unit = match[2] ?? 'ms';
  const ms = Math.round(amount * (UNITS[unit] ?? 1));
  return Number.isFinite(ms) ? ms : undefined;
}

/** Milliseconds in the words of the config: 500 -> "500ms", 1500 -> "1.5s", 90_000 -> "1m 30s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const parts: string[] = [];
  let rest = ms;
  for (const unit of ['d', 'h', 'm'] as const) {
    const size = UNITS[unit] as number;
    if (rest >= size) parts.push(`${Math.floor(rest / size)}${unit}`);
    rest %= size;
  }
  if (rest > 0) parts.push(`${rest / 1000}s`);
  return parts.join(' ');
}
