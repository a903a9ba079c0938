/** @module When deferred mail is tried again: the first delay, doubling after each attempt, up to a maximum. */

/** mta.relay.retry, in milliseconds. */
export interface RetryPolicy {
  first: number;
  max: number;
  /** Mail older than this is bounced instead of deferred again. */
  lifetime: number;
}

/** The delay before the next attempt, after `attempts` failed ones (1 -> first, 2 -> 2 x first, ...). */
export function retryDelay(attempts: number, policy: RetryPolicy): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 40);
  return Math.min(policy.first * 2 ** exponent, Math.max(policy.max, policy.first));
}

/** A duration in words for logs and bounces: "5d", "1h 30m", "45s". */
export function describeDuration(ms: number): string {
  const units: Array<[string, number]> = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]];
  const parts: string[] = [];
  let rest = Math.max(0, Math.round(ms));
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0 && parts.length < 2) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.join(' ') || `${ms}ms`;
}
