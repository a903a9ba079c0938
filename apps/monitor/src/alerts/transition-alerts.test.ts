import { describe, expect, it } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewEvent, UptimeEvent } from '@uptime/events';
import { Outbox } from './outbox.js';
import { TransitionAlerts } from './transition-alerts.js';
import { AlertDispatch } from './alert-dispatch.js';

const alert = { from: 'uptime@localhost', to: ['admin@localhost'], hostname: 'sensor.lab', sensor: 'lab' };

describe('TransitionAlerts', () => {
  it('stores an alert-worthy transition before its event, so a failing event log leaves it pending', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'transition-alerts-'));
    const outbox = new Outbox(dir);
    const queued: string[] = [];
    const alerts = new TransitionAlerts({
      outbox,
      dispatch: new AlertDispatch({ outbox, sender: { enqueueStored: (e) => queued.push(e.file) }, alert, groupWaitMs: 0, onProblem: () => undefined }),
      record: async () => {
        throw new Error('disk full');
      },
      onProblem: () => undefined,
    });
    const down: NewEvent = { code: 'HOST_DOWN', hosts: ['127.0.0.51'], target: 'gw', before: 'up', after: 'down', message: 'down.' };
    await expect(alerts.record({ event: down, address: '127.0.0.51' })).rejects.toThrow('disk full');
    expect(queued).toEqual([]);
    expect((await outbox.listPending()).map((p) => p.pending.event)).toEqual([down]);
    await alerts.stop();
  });

  it('parks a transition whose event failed and completes it while running, once, telling its target', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'transition-alerts-'));
    const outbox = new Outbox(dir);
    const queued: string[] = [];
    const recorded: string[] = [];
    let failing = true;
    const told: Array<[string | undefined, string]> = [];
    const alerts = new TransitionAlerts({
      outbox,
      dispatch: new AlertDispatch({ outbox, sender: { enqueueStored: (e) => queued.push(e.alert.eventId) }, alert, groupWaitMs: 0, onProblem: () => undefined }),
      record: async (e) => {
        if (failing) throw new Error('events unwritable');
        recorded.push(e.code);
        return { ...e, id: `id-${recorded.length}`, time: e.time ?? 'now' } as UptimeEvent;
      },
      onProblem: () => undefined,
      onRecorded: (pending, event) => void told.push([pending.key, event.id]),
      retryMs: { first: 20, max: 40 },
    });
    const down: NewEvent = { code: 'HOST_DOWN', time: '2026-03-01T10:00:00.000+00:00', hosts: ['127.0.0.51'], target: 'gw', before: 'up', after: 'down', message: 'down.' };
    await expect(alerts.record({ event: down, address: '127.0.0.51', key: 'gw-key', transition: { before: 'up', after: 'down', time: 0 } })).rejects.toThrow();
    expect(alerts.isParked('gw-key')).toBe(true);
    failing = false;
    // the target is told first, the alert queued after it
    await expect.poll(() => queued, { timeout: 5000 }).toEqual(['id-1']);
    expect(told).toEqual([['gw-key', 'id-1']]);
    await expect.poll(() => alerts.isParked('gw-key')).toBe(false);
    expect(recorded).toEqual(['HOST_DOWN']);
    expect(await outbox.listPending()).toEqual([]);
    expect((await outbox.list()).map((e) => e.alert.text)).toEqual([expect.stringContaining('2026-03-01T10:00:00.000+00:00')]);
    await alerts.stop();
  });

  it('lets the target take (and save) the change before the alert is completed: a kill in between leaves it pending, never sent twice', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'transition-alerts-'));
    const outbox = new Outbox(dir);
    const queued: string[] = [];
    const seenByTarget: Array<{ key?: string; pending: number; completed: number; queued: number }> = [];
    const alerts = new TransitionAlerts({
      outbox,
      dispatch: new AlertDispatch({ outbox, sender: { enqueueStored: (e) => queued.push(e.alert.eventId) }, alert, groupWaitMs: 0, onProblem: () => undefined }),
      record: async (e) => ({ ...e, id: 'id-1', time: e.time ?? 'now' }) as UptimeEvent,
      onProblem: () => undefined,
      // what a kill here (the state file being saved) would leave on disk
      onRecorded: async (pending) => {
        seenByTarget.push({ key: pending.key, pending: (await outbox.listPending()).length, completed: (await outbox.list()).length, queued: queued.length });
      },
    });
    const down: NewEvent = { code: 'HOST_DOWN', hosts: ['127.0.0.51'], target: 'gw', before: 'up', after: 'down', message: 'down.' };
    await alerts.record({ event: down, address: '127.0.0.51', key: 'gw-key', transition: { before: 'up', after: 'down', time: 0 } });
    // a kill there leaves the transition pending (completed once, at the next start), no alert ready to send
    expect(seenByTarget).toEqual([{ key: 'gw-key', pending: 1, completed: 0, queued: 0 }]);
    expect(queued).toEqual(['id-1']);
    expect(await outbox.listPending()).toEqual([]);
    expect(await outbox.list()).toHaveLength(1);
    // a change worth no alert (unknown -> up) is told too
    const up: NewEvent = { code: 'HOST_UP', hosts: ['127.0.0.52'], target: 'web', before: 'unknown', after: 'up', message: 'up.' };
    await alerts.record({ event: up, address: '127.0.0.52', key: 'web-key', transition: { before: 'unknown', after: 'up', time: 0 } });
    expect(seenByTarget.map((s) => s.key)).toEqual(['gw-key', 'web-key']);
    await alerts.stop();
  });
});
