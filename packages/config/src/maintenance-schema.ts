/**
 * @module The `maintenance` key: windows in which changes are recorded but no email is sent. A window is
 * fixed (`start`, `end`: ISO 8601 with offset) or repeats (`cron` + `duration`, in `timezone`, default
 * UTC; cron patterns checked with croner). `targets` names targets (or `tag:NAME`); none = all.
 */
import { Cron } from 'croner';
import { z } from 'zod';
import { durationUpTo, quoted } from './schema-values.js';

const windowDuration = durationUpTo(366 * 86_400_000, '366 days').refine((ms) => ms >= 1000, { error: 'must be at least 1s' });

/** True for an IANA time zone name this Node.js knows. */
function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const instant = z.string({ error: (i) => `${quoted(i.input)} is not a date and time` }).transform((value, ctx) => {
  const ms = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: `${quoted(value)} is not a date and time with an offset (e.g. "2026-12-24T00:00:00+01:00")` });
    return z.NEVER;
  }
  return ms;
});

const windowSchema = z
  .strictObject({
    name: z.string({ error: (i) => `${quoted(i.input)} is not a window name` }).min(1).max(200),
    /** Target names or `tag:NAME`; empty = every target. */
    targets: z.array(z.string({ error: (i) => `${quoted(i.input)} is not a target name` }).min(1)).default([]),
    cron: z.string({ error: (i) => `${quoted(i.input)} is not a cron pattern` }).optional(),
    duration: windowDuration.optional(),
    timezone: z.string({ error: (i) => `${quoted(i.input)} is not a time zone` }).refine(isTimeZone, { error: (i) => `${quoted(i.input)} is not a time zone (an IANA name such as "Europe/Berlin")` }).optional(),
    start: instant.optional(),
    end: instant.optional(),
  })
  .superRefine((w, ctx) => {
    const fixed = w.start !== undefined || w.end !== undefined;
    if (fixed && w.cron !== undefined) ctx.addIssue({ code: 'custom', path: ['cron'], message: 'cannot go with start/end: a window is fixed (start, end) or repeats (cron, duration)' });
    else if (fixed) {
      if (w.start === undefined) ctx.addIssue({ code: 'custom', path: ['start'], message: 'is required with end' });
      if (w.end === undefined) ctx.addIssue({ code: 'custom', path: ['end'], message: 'is required with start' });
      if (w.start !== undefined && w.end !== undefined && w.end <= w.start) ctx.addIssue({ code: 'custom', path: ['end'], message: 'must be after start' });
    } else if (w.cron === undefined) ctx.addIssue({ code: 'custom', path: [], message: 'needs start and end, or cron and duration' });
    else {
      if (w.duration === undefined) ctx.addIssue({ code: 'custom', path: ['duration'], message: 'is required with cron (how long each window lasts, e.g. "2h")' });
      try {
        new Cron(w.cron, { timezone: w.timezone !== undefined && isTimeZone(w.timezone) ? w.timezone : 'UTC' }).nextRun();
      } catch (err) {
        ctx.addIssue({ code: 'custom', path: ['cron'], message: `${quoted(w.cron)} is not a cron pattern: ${(err as Error).message.replace(/^CronPattern: /, '')}` });
      }
    }
  })
  .transform((w): MaintenanceWindow =>
    w.cron !== undefined
      ? { name: w.name, targets: w.targets, cron: w.cron, duration: w.duration as number, timezone: w.timezone ?? 'UTC' }
      : { name: w.name, targets: w.targets, start: w.start as number, end: w.end as number },
  );

/** `maintenance`: the windows, in order. */
export const maintenanceSchema = z.array(windowSchema).default([]);

/** A window between two instants (ms since epoch). */
export interface FixedWindow {
  name: string;
  targets: string[];
  start: number;
  end: number;
}

/** A window that opens at each run of `cron` (in `timezone`) and lasts `duration` ms. */
export interface CronWindow {
  name: string;
  targets: string[];
  cron: string;
  duration: number;
  timezone: string;
}

/** One maintenance window as the monitor uses it: times in ms. */
export type MaintenanceWindow = FixedWindow | CronWindow;

/** Each name in maintenance[].targets (other than `tag:NAME`) is a configured target. */
export function checkWindowTargets(windows: readonly MaintenanceWindow[], targets: ReadonlyArray<{ name: string }>, ctx: z.RefinementCtx): void {
  const names = new Set(targets.map((t) => t.name));
  windows.forEach((w, i) =>
    w.targets.forEach((name, j) => {
      if (!name.startsWith('tag:') && !names.has(name)) {
        ctx.addIssue({ code: 'custom', path: ['maintenance', i, 'targets', j], message: `${quoted(name)} is not the name of a target in monitor.targets (or a "tag:NAME")` });
      }
    }),
  );
}
