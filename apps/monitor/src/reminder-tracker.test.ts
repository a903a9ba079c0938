import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HostDownEvent } from '@uptime/events';
import { ReminderTracker } from './reminder-tracker.js';

const down: HostDownEvent = { id: 'e1', time: '2026-12-07T10:00:00.000+00:00', code: 'HOST_DOWN', hosts: ['192.0.2.1'], message: 'db is down.', target: 'db', before: 'up', after: 'down' };

/** A tracker on a clock the test moves (monotonic and wall ms), saving to `path`; `sent` lists what it sent. */
function tracker(path: string, clock: { mono: number; wall: number }, sent: string[], acked = () => false) {
  return new ReminderTracker({
    policy: { repeatInterval: 10_000, escalateAfter: [25_000] },
    statePath: path,
    isDown: () => true,
    isAcknowledged: acked,
    sendReminder: async (_e, _a, count) => void sent.push(`reminder ${count}`),
    sendEscalation: async (_e, _a, step) => void sent.push(`escalated ${step}`),
    onProblem: (m) => sent.push(`problem ${m}`),
    now: () => clock.mono,
    wallNow: () => clock.wall,
  });
}

describe('ReminderTracker across a restart', () => {
  it('continues the schedule: the next reminder neither lost nor sent twice, the escalation once', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'reminders-')), 'reminders.json');
    const sent: string[] = [];
    const clock = { mono: 1000, wall: 1_000_000 };
    const first = tracker(path, clock, sent);
    await first.start();
    await first.told(down, '192.0.2.1');
    clock.mono += 10_500;
    clock.wall += 10_500;
    await first.sendDue();
    await first.stop();
    expect(sent).toEqual(['reminder 1']);

    // 3 s later a new process (its monotonic clock starts over) takes the schedule from the file
    const later = { mono: 50, wall: clock.wall + 3000 };
    const second = tracker(path, later, sent);
    await second.start();
    await second.sendDue();
    expect(sent).toEqual(['reminder 1']); // 13.5 s down: reminder 1 is not sent again
    later.mono += 7000; // 20.5 s down
    await second.sendDue();
    later.mono += 5000; // 25.5 s down
    await second.sendDue();
    await second.stop();
    expect(sent).toEqual(['reminder 1', 'reminder 2', 'escalated 0']);
  });

  it('stops at an acknowledgement and at recovery', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'reminders-')), 'reminders.json');
    const sent: string[] = [];
    const clock = { mono: 0, wall: 0 };
    let acked = false;
    const t = tracker(path, clock, sent, () => acked);
    await t.start();
    await t.told(down, '192.0.2.1');
    acked = true;
    clock.mono = 30_000;
    await t.sendDue();
    await t.told({ ...down, id: 'e2' }, '192.0.2.1'); // a new outage after the acknowledged one ended
    acked = false;
    t.ended('db');
    clock.mono = 60_000;
    await t.sendDue();
    await t.stop();
    expect(sent).toEqual([]);
  });
});
