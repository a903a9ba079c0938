import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HostDownEvent, HostUpEvent, NewEvent, UptimeEvent } from '@uptime/events';
import { FlapTracker } from './flap-tracker.js';

/** A tracker saving to `path`; `log` gets each event code recorded and each email sent. */
function tracker(path: string, log: string[]) {
  let n = 0;
  return new FlapTracker({
    thresholds: { high: 30, low: 20 },
    statePath: path,
    record: async (e: NewEvent) => {
      log.push(e.code);
      return { ...e, id: `f${++n}`, time: '2026-12-07T10:00:00.000+00:00' } as UptimeEvent;
    },
    sendFlapping: async () => void log.push('email FLAPPING'),
    sendChange: async (e) => void log.push(`email ${e.after}`),
    onProblem: (m) => log.push(`problem ${m}`),
  });
}

const change = (after: 'up' | 'down', suppressed?: 'flapping'): HostDownEvent | HostUpEvent =>
  ({ id: `c-${after}`, time: '2026-12-07T10:00:00.000+00:00', code: after === 'up' ? 'HOST_UP' : 'HOST_DOWN', hosts: ['192.0.2.1'], message: '', target: 'wobbly', before: after === 'up' ? 'down' : 'up', after, ...(suppressed ? { suppressed } : {}) }) as HostDownEvent | HostUpEvent;

/** Feeds `results` ("u"/"d") as checks, noting each status change as the monitor would. */
async function feed(t: FlapTracker, results: string, status: { now: 'up' | 'down' }) {
  for (const c of results) {
    const ok = c === 'u';
    await t.checked('wobbly', '192.0.2.1', ok, status.now);
    const after = ok ? 'up' : 'down';
    if (after !== status.now) {
      status.now = after;
      t.noted(change(after, t.suppression('wobbly')), '192.0.2.1', t.suppression('wobbly') === undefined);
    }
  }
}

describe('FlapTracker', () => {
  it('one FLAPPING email, nothing while flapping (also across a restart), the final status only when it differs', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'flaps-')), 'flapping.json');
    const log: string[] = [];
    const status = { now: 'up' as 'up' | 'down' };
    const first = tracker(path, log);
    await first.load();
    await feed(first, 'uuuuuudududu', status);
    expect(first.isFlapping('wobbly')).toBe(true);
    await first.stop();

    const second = tracker(path, log);
    await second.load();
    expect(second.isFlapping('wobbly')).toBe(true);
    await feed(second, 'dudu' + 'u'.repeat(21), status);
    expect(second.isFlapping('wobbly')).toBe(false);
    // told: DOWN (before flapping), so the steady UP at the end is sent
    expect(log).toEqual(['FLAPPING_STARTED', 'email FLAPPING', 'FLAPPING_STOPPED', 'email up']);
  });

  it('sends nothing when it stops in the status its last email told', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'flaps-')), 'flapping.json');
    const log: string[] = [];
    const t = tracker(path, log);
    await t.load();
    // failures never confirmed as down (thresholds above 1): the status stays up, as the last email told
    for (const c of 'uuuuuudududu' + 'u'.repeat(21)) await t.checked('wobbly', '192.0.2.1', c === 'u', 'up');
    expect(log).toEqual(['FLAPPING_STARTED', 'email FLAPPING', 'FLAPPING_STOPPED']);
  });
});
