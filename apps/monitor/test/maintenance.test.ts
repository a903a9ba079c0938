/**
 * Maintenance windows (issue 13): inside a window changes are recorded with `suppressed: maintenance`
 * and no email is sent; when it closes, a target still down gets one DOWN email and one that went down
 * and came back inside it gets none. Real ICMP in a namespace of the test's own, the real MTA and Maildir.
 */
import { describe, expect, it } from 'vitest';
import type { HostDownEvent, HostUpEvent, MaintenanceEvent } from '@uptime/events';
import { waitFor } from '@uptime/test-lab';
import { labUnavailable, sleep, stormLab, stormAddresses } from './helpers/storm-lab.js';

const unavailable = labUnavailable('maintenance tests');

describe.skipIf(unavailable !== undefined)('maintenance windows', () => {
  it('sends nothing while a window is open, then one DOWN for the target still down, none for one that came back', async () => {
    const made = stormLab();
    const [a, b, c] = stormAddresses(3) as [string, string, string];
    made.addresses('add', [a, b, c]);
    const end = Date.now() + 60_000;
    const window = { name: 'patching', targets: ['t0', 't1'], start: new Date(Date.now() - 60_000).toISOString(), end: new Date(end).toISOString() };
    made.writeConfig({ targets: [a, b, c].map((host, i) => ({ name: `t${i}`, host })) }, {}, { maintenance: [window] });
    await made.startMta();
    await made.startMonitor();
    await waitFor('every target up', async () => (await made.events('HOST_UP')).length >= 3, 60_000, 200);
    await waitFor('MAINTENANCE_STARTED', async () => (await made.events('MAINTENANCE_STARTED')).length === 1, 10_000, 200);

    made.addresses('del', [a, b]);
    await waitFor('t0 and t1 down', async () => (await made.events('HOST_DOWN')).length >= 2, 30_000, 100);
    made.addresses('add', [b]);
    await waitFor('t1 up again', async () => (await made.events('HOST_UP')).length >= 4, 30_000, 100);
    const downs = (await made.events('HOST_DOWN')) as HostDownEvent[];
    expect(downs.map((e) => [e.target, e.suppressed])).toEqual(expect.arrayContaining([['t0', 'maintenance'], ['t1', 'maintenance']]));
    const t1Up = ((await made.events('HOST_UP')) as HostUpEvent[]).find((e) => e.target === 't1' && e.before === 'down');
    expect(t1Up?.suppressed).toBe('maintenance');
    expect(Date.now()).toBeLessThan(end); // all of it inside the window
    await sleep(3000);
    expect(made.mail()).toEqual([]); // 0 emails while in force

    await waitFor('MAINTENANCE_ENDED', async () => (await made.events('MAINTENANCE_ENDED')).length === 1, 90_000, 200);
    await waitFor('an email after the window', () => made.mail().length >= 1, 30_000, 100);
    await sleep(3000);
    const [ended] = (await made.events('MAINTENANCE_ENDED')) as MaintenanceEvent[];
    expect(ended).toMatchObject({ window: 'patching', targets: ['t0', 't1'] });
    expect(made.mail().map((m) => m.subject)).toEqual([`[uptime] t0 ${a} is DOWN`]);
    expect(made.mail()[0]?.headers.get('x-uptime-event-id')).toBe(downs.find((e) => e.target === 't0')?.id);
  });

  it('remembers across a restart inside the window the DOWN it held back, and sends it when the window ends', async () => {
    const made = stormLab();
    const [a] = stormAddresses(1) as [string];
    made.addresses('add', [a]);
    const end = Date.now() + 40_000;
    const window = { name: 'patching', start: new Date(Date.now() - 60_000).toISOString(), end: new Date(end).toISOString() };
    made.writeConfig({ targets: [{ name: 't0', host: a }] }, {}, { maintenance: [window] });
    await made.startMta();
    await made.startMonitor();
    await waitFor('t0 up', async () => (await made.events('HOST_UP')).length >= 1, 60_000, 200);
    made.addresses('del', [a]);
    await waitFor('t0 down', async () => (await made.events('HOST_DOWN')).length >= 1, 30_000, 100);
    await made.monitor?.stop('SIGTERM', 20_000);
    await made.startMonitor();
    expect(Date.now()).toBeLessThan(end); // restarted inside the window
    await waitFor('MAINTENANCE_ENDED', async () => (await made.events('MAINTENANCE_ENDED')).length >= 1, 90_000, 200);
    await waitFor('the DOWN email after the window', () => made.mail().length >= 1, 30_000, 100);
    await sleep(3000);
    const [down] = (await made.events('HOST_DOWN')) as HostDownEvent[];
    expect(down?.suppressed).toBe('maintenance');
    expect(made.mail().map((m) => m.subject)).toEqual([`[uptime] t0 ${a} is DOWN`]);
    expect(made.mail()[0]?.headers.get('x-uptime-event-id')).toBe(down?.id);
  });
});
