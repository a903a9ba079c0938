/**
 * @module The silence rule: which silences are in force at a time, which one covers a target, and which
 * have ended. Pure: the silences and times in, answers out.
 */
import type { Silence } from '@uptime/control';
import { namesTarget, type WindowTarget } from './maintenance-windows.js';

/** The silences in force or ended by `now`. */
export class Silences {
  constructor(private readonly list: readonly Silence[]) {}

  /** The silence in force at `now` (ms) that covers `target`, if any. */
  covering(target: WindowTarget, now: number): Silence | undefined {
    return this.list.find((s) => Date.parse(s.until) > now && namesTarget(s.targets, target));
  }

  /** The silences that have ended by `now`. */
  ended(now: number): Silence[] {
    return this.list.filter((s) => Date.parse(s.until) <= now);
  }
}
