/**
 * @module Reminders and escalations of a target that stays down (`alerts.repeatInterval`, `alerts.escalate`):
 * reminder n is due repeatInterval x n after the DOWN email, escalation step i once `escalate[i].after`
 * has passed since it. Reminders missed (a monitor stopped for a while) are not sent in a burst: one is
 * sent and the count catches up. Pure: the caller gives the time (ms on a monotonic clock) and acts on the answer.
 */

/** The policy: ms between reminders (0 = none) and the escalation steps' delays, in order. */
export interface RepeatPolicy {
  repeatInterval: number;
  escalateAfter: readonly number[];
}

/** Where one outage stands: how long it had been down at `at` (ms, monotonic), reminders sent, steps escalated. */
export interface ReminderState {
  /** The monotonic time at which the DOWN email went out. */
  toldAt: number;
  reminders: number;
  escalated: number[];
}

/** What is due now: a reminder (with its number) and the escalation steps not yet sent. */
export interface Due {
  reminder?: number;
  escalations: number[];
}

/** What is due at `now` for `state`; marks it as sent in `state` (in place). */
export function takeDue(state: ReminderState, now: number, policy: RepeatPolicy): Due {
  const elapsed = now - state.toldAt;
  const due: Due = { escalations: [] };
  if (policy.repeatInterval > 0) {
    const count = Math.floor(elapsed / policy.repeatInterval);
    if (count > state.reminders) {
      state.reminders = count;
      due.reminder = count;
    }
  }
  policy.escalateAfter.forEach((after, step) => {
    if (elapsed >= after && !state.escalated.includes(step)) {
      state.escalated.push(step);
      due.escalations.push(step);
    }
  });
  return due;
}

/** When the next reminder or escalation of `state` is due (monotonic ms), or undefined when none will be. */
export function nextDue(state: ReminderState, policy: RepeatPolicy): number | undefined {
  const times = policy.escalateAfter.filter((_, step) => !state.escalated.includes(step)).map((after) => state.toldAt + after);
  if (policy.repeatInterval > 0) times.push(state.toldAt + (state.reminders + 1) * policy.repeatInterval);
  return times.length ? Math.min(...times) : undefined;
}
