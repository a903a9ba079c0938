/**
 * @module The maintenance rule: which configured windows are open at a time, and whether one covers a
 * target (by name, `tag:NAME`, or every target when it lists none). Pure: times in, answers out.
 */
import { Cron } from 'croner';
import type { MaintenanceWindow } from '@uptime/config';

/** A target as the rule matches it. */
export interface WindowTarget {
  name: string;
  tags?: readonly string[];
}

/** Whether `window` is open at `now` (ms): a fixed one between start and end, a cron one for `duration` after each run. */
export function isOpen(window: MaintenanceWindow, now: number): boolean {
  if ('start' in window) return window.start <= now && now < window.end;
  const [last] = new Cron(window.cron, { timezone: window.timezone }).previousRuns(1, new Date(now + 1));
  return last !== undefined && now < last.getTime() + window.duration;
}

/** Whether a list of target names and `tag:NAME` (a window's, a silence's) names `target`; an empty list names every target. */
export function namesTarget(targets: readonly string[], target: WindowTarget): boolean {
  if (targets.length === 0) return true;
  return targets.some((t) => (t.startsWith('tag:') ? (target.tags ?? []).includes(t.slice(4)) : t === target.name));
}

/** Whether `window` covers `target`. */
export function covers(window: MaintenanceWindow, target: WindowTarget): boolean {
  return namesTarget(window.targets, target);
}

/** The configured windows: which are open, and which cover a target now. */
export class MaintenanceWindows {
  constructor(private readonly windows: readonly MaintenanceWindow[]) {}

  /** The windows open at `now`. */
  open(now: number): MaintenanceWindow[] {
    return this.windows.filter((w) => isOpen(w, now));
  }

  /** The name of an open window covering `target` at `now`, if any. */
  covering(target: WindowTarget, now: number): string | undefined {
    return this.windows.find((w) => covers(w, target) && isOpen(w, now))?.name;
  }
}
