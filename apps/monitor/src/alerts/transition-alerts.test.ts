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
    await expect.poll(() => told, { timeout: 5000 }).toEqual([['gw-key', 'id-1']]);
    expect(alerts.isParked('gw-key')).toBe(false);
    expect(recorded).toEqual(['HOST_DOWN']);
    expect(queued).toEqual(['id-1']);
    expect(await outbox.listPending()).toEqual([]);
    expect((await outbox.list()).map((e) => e.alert.text)).toEqual([expect.stringContaining('2026-03-01T10:00:00.000+00:00')]);
    await alerts.stop();
  });
});
