/**
 * A transition a kill left pending in the outbox (stored before its event was recorded) becomes, at the
 * next start, an event in the real event log and an alert our MTA delivers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readdir } from 'node:fs/promises';
import { loadOrCreateSubmissionCredentials } from '@uptime/config';
import { openEventWriter, readEvents, type NewEvent } from '@uptime/events';
import { AlertSender } from '../src/alerts/alert-sender.js';
import { Outbox } from '../src/alerts/outbox.js';
import { TransitionAlerts } from '../src/alerts/transition-alerts.js';
import { AlertDispatch } from '../src/alerts/alert-dispatch.js';
import { delivered, freePort, lab, startMta } from './helpers/mta-child.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('pending transitions at start', () => {
  it('turns a pending transition left by a kill into an event and a sent alert, in order', async () => {
    const port = await freePort();
    const { dir, layout } = await lab(port);
    const down: NewEvent = { code: 'HOST_DOWN', hosts: ['127.0.0.51'], target: 'gw', before: 'up', after: 'down', message: 'gw (127.0.0.51) went down.' };
    const up: NewEvent = { code: 'HOST_UP', hosts: [], target: 'named', before: 'down', after: 'up', outageSeconds: 4, message: 'named (named.lab) is up again.' };
    // what a kill between storing the transition and recording its event leaves behind
    const crashed = new Outbox(layout.outbox);
    await crashed.putPending({ event: down, address: '127.0.0.51' });
    await crashed.putPending({ event: up, address: 'named.lab' });

    await startMta(dir, cleanups);
    const events = await openEventWriter({ dir: layout.events, role: 'monitor' });
    cleanups.push(() => events.close());
    const { user, password } = await loadOrCreateSubmissionCredentials(layout);
    const outbox = new Outbox(layout.outbox);
    const problems: string[] = [];
    const sender = new AlertSender({
      outbox,
      smtp: { host: '127.0.0.1', port, name: 'sensor.lab', auth: { user, pass: password } },
      recordEvent: (e) => events.record(e),
      logNotification: () => undefined,
      onProblem: (m) => problems.push(m),
      retryMs: { first: 50, max: 200 },
    });
    cleanups.push(() => sender.stop());
    const alerts = new TransitionAlerts({
      outbox,
      dispatch: new AlertDispatch({
        outbox,
        sender,
        alert: { from: 'uptime@localhost', to: ['admin@localhost'], hostname: 'sensor.lab', sensor: 'lab' },
        groupWaitMs: 0,
        onProblem: (m) => problems.push(m),
      }),
      record: (e) => events.record(e),
      onProblem: (m) => problems.push(m),
    });
    expect(await alerts.recover()).toBe(2);
    await sender.start();

    const transitions = await readEvents(layout.events, { code: ['HOST_DOWN', 'HOST_UP'] });
    const idOf = (code: string) => transitions.find((e) => e.code === code)?.id;
    expect(idOf('HOST_DOWN')).toBeDefined();
    expect(idOf('HOST_UP')).toBeDefined();
    await expect.poll(() => delivered(layout), { timeout: 20_000 }).toEqual([idOf('HOST_DOWN'), idOf('HOST_UP')]);
    await expect.poll(async () => (await readdir(layout.outbox)).length).toBe(0);
    expect(problems).toEqual([]);
  });
});
