import { describe, expect, it } from 'vitest';
import { nextDue, takeDue, type RepeatPolicy, type ReminderState } from './reminder-schedule.js';

const MIN = 60_000;
const policy: RepeatPolicy = { repeatInterval: 10 * MIN, escalateAfter: [30 * MIN] };

/** Runs the schedule at the given minutes after the DOWN email; what each tick sent. */
function run(minutes: number[], p = policy): string[] {
  const state: ReminderState = { toldAt: 0, reminders: 0, escalated: [] };
  return minutes.map((m) => {
    const due = takeDue(state, m * MIN, p);
    return [due.reminder !== undefined ? `reminder ${due.reminder}` : '', ...due.escalations.map((s) => `escalated ${s}`)].filter(Boolean).join(', ') || '-';
  });
}

describe('takeDue', () => {
  it.each<[string, number[], string[], RepeatPolicy?]>([
    ['nothing before the first interval', [1, 9.9], ['-', '-']],
    ['one reminder per interval, each once', [10, 10.5, 20, 25], ['reminder 1', '-', 'reminder 2', '-']],
    ['the escalation once, after its delay', [29, 30, 31, 40], ['reminder 2', 'reminder 3, escalated 0', '-', 'reminder 4']],
    ['missed reminders: one, and the count catches up', [55, 59, 60], ['reminder 5, escalated 0', '-', 'reminder 6']],
    ['no reminders with repeatInterval 0', [10, 30, 60], ['-', 'escalated 0', '-'], { repeatInterval: 0, escalateAfter: [30 * MIN] }],
    ['two escalation steps', [5, 15], ['escalated 0', 'escalated 1'], { repeatInterval: 0, escalateAfter: [5 * MIN, 15 * MIN] }],
  ])('%s', (_what, minutes, expected, p) => {
    expect(run(minutes, p)).toEqual(expected);
  });
});

describe('nextDue', () => {
  it('is the nearest of the next reminder and the next escalation', () => {
    expect(nextDue({ toldAt: 0, reminders: 0, escalated: [] }, policy)).toBe(10 * MIN);
    expect(nextDue({ toldAt: 0, reminders: 3, escalated: [] }, policy)).toBe(30 * MIN);
    expect(nextDue({ toldAt: 0, reminders: 3, escalated: [0] }, policy)).toBe(40 * MIN);
    expect(nextDue({ toldAt: 0, reminders: 0, escalated: [0] }, { repeatInterval: 0, escalateAfter: [MIN] })).toBeUndefined();
  });
});
