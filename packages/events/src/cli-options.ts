/** @module Option values of the events CLI: data directory, --since, --limit, --code. */
import { join, resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { EVENT_CODES, isEventCode, type EventCode } from './event-codes.js';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `<dataDir>/events`, the data dir from --data-dir, else UPTIME_DATA_DIR, else ./data. */
export function eventsDirOf(dataDir: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  // `pnpm --filter @uptime/events events ...` runs in the package's folder; INIT_CWD is where the user ran it
  const base = env.npm_lifecycle_event === 'events' && env.INIT_CWD ? env.INIT_CWD : process.cwd();
  return join(resolve(base, dataDir ?? env.UPTIME_DATA_DIR ?? './data'), 'events');
}

/** --since: an ISO 8601 time or date, or an age such as 30m, 12h, 7d. */
export function parseSince(value: string, now = Date.now()): Date {
  const age = /^(\d+)([mhd])$/.exec(value);
  if (age) return new Date(now - Number(age[1]) * UNIT_MS[age[2] as keyof typeof UNIT_MS]);
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw new InvalidArgumentError('use an ISO 8601 time (2026-11-21T12:00:00+01:00) or an age (30m, 12h, 7d)');
  return new Date(ms);
}

/** --limit: a positive integer. */
export function parseLimit(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) throw new InvalidArgumentError('use a positive integer');
  return n;
}

/** --code: one code, repeatable or comma-separated; collects into a list. */
export function collectCodes(value: string, previous: EventCode[] = []): EventCode[] {
  const codes = value.split(',').map((c) => c.trim().toUpperCase());
  const unknown = codes.find((c) => !isEventCode(c));
  if (unknown !== undefined) throw new InvalidArgumentError(`${unknown} is not one of ${EVENT_CODES.join(', ')}`);
  return [...previous, ...(codes as EventCode[])];
}
