/** @module Value schemas the config sections share: durations, counts, host names. */
import { z } from 'zod';
import { formatDuration, MAX_TIMER_MS, parseDuration } from './duration.js';
import { isHostOrIp } from './address.js';

/** A value as a message quotes it. */
export const quoted = (value: unknown): string => JSON.stringify(value);

/** A duration of at most `maxMs`, said in words (`limit`) when a value is longer. */
export const durationUpTo = (maxMs: number, limit: string) =>
  z.unknown().transform((value, ctx) => {
    const ms = parseDuration(value);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: `${quoted(value)} is not a duration (use "500ms", "2s", "5m" or milliseconds)` });
      return z.NEVER;
    }
    if (ms > maxMs) {
      ctx.addIssue({ code: 'custom', message: `${quoted(value)} is too long: at most ${limit}` });
      return z.NEVER;
    }
    return ms;
  });

export const duration = durationUpTo(Number.MAX_SAFE_INTEGER, `${Number.MAX_SAFE_INTEGER} ms`);

/** The longest check interval, timeout or retry: a day, far inside what a timer holds. */
export const MAX_CHECK_MS = 86_400_000;

/** A check timing: at least 1 ms (0 would stop checking or fail every check) and at most 24h. */
export const checkDuration = durationUpTo(MAX_CHECK_MS, '24h').refine((ms) => ms >= 1, { error: 'must be at least 1ms' });

/** A duration handed to a timer as it is: at most 2^31-1 ms, beyond which Node fires it after 1 ms. */
export const timerDuration = durationUpTo(MAX_TIMER_MS, `${formatDuration(MAX_TIMER_MS)} (${MAX_TIMER_MS} ms, the longest timer)`);

export const positiveInt = (what: string, max = Number.MAX_SAFE_INTEGER) =>
  z.unknown().transform((value, ctx) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
      ctx.addIssue({ code: 'custom', message: `${quoted(value)} is not ${what}` });
      return z.NEVER;
    }
    return value;
  });

export const hostName = z.string({ error: (i) => `${quoted(i.input)} is not a string` }).refine(isHostOrIp, {
  error: (i) => `${quoted(i.input)} is not an IP address or host name`,
});
