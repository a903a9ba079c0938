import { describe, expect, it } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewEvent } from '@uptime/events';
import { Outbox } from './outbox.js';
import { TransitionAlerts } from './transition-alerts.js';

describe('TransitionAlerts', () => {
  it('stores an alert-worthy transition before its event, so a failing event log leaves it pending', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'transition-alerts-'));
    const outbox = new Outbox(dir);
    const queued: string[] = [];
    const alerts = new TransitionAlerts({
      outbox,
      sender: { enqueueStored: (e) => queued.push(e.file) },
      record: async () => {
        throw new Error('disk full');
      },
      alert: { from: 'uptime@localhost', to: ['admin@localhost'], hostname: 'sensor.lab', sensor: 'lab' },
      onProblem: () => undefined,
    });
    const down: NewEvent = { code: 'HOST_DOWN', hosts: ['127.0.0.51'], target: 'gw', before: 'up', after: 'down', message: 'down.' };
    await expect(alerts.record(down, '127.0.0.51')).rejects.toThrow('disk full');
    expect(queued).toEqual([]);
    expect((await outbox.listPending()).map((p) => p.pending.event)).toEqual([down]);
  });
});
