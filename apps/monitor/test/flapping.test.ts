/**
 * Flap detection (issue 13): a target whose checks fail every other time starts flapping (Nagios's
 * weighted percent of the last 21 checks): one FLAPPING email, its changes then recorded with
 * `suppressed: flapping` and not emailed, `flapping: true` in the status file, kept across a restart;
 * once steady it stops, with one email of its final status (it differs from the last DOWN email).
 * Real ICMP in a namespace of the test's own (nftables drops every other echo request), the real MTA and Maildir.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FlappingEvent, HostDownEvent, HostUpEvent } from '@uptime/events';
import { waitFor } from '@uptime/test-lab';
import { labUnavailable, sleep, stormLab, stormAddresses } from './helpers/storm-lab.js';

const unavailable = labUnavailable('flapping tests');

describe.skipIf(unavailable !== undefined)('flapping', () => {
  it('sends DOWN and FLAPPING while it flaps, holds its changes back across a restart, and its final status when it stops', async () => {
    const lab = stormLab();
    const [a] = stormAddresses(1) as [string];
    lab.addresses('add', [a]);
    lab.writeConfig({ targets: [{ name: 'wobbly', host: a }] }, { groupWait: '10s' });
    const flappingInStatus = () => {
      try {
        const file = JSON.parse(readFileSync(join(lab.dataDir, 'run', 'status.json'), 'utf8')) as { targets: Array<{ name: string; flapping?: boolean }> };
        return file.targets.find((t) => t.name === 'wobbly')?.flapping;
      } catch {
        return undefined;
      }
    };
    await lab.startMta();
    await lab.startMonitor();
    await waitFor('wobbly up', async () => (await lab.events('HOST_UP')).length >= 1, 30_000, 200);

    lab.alternate(a);
    await waitFor('FLAPPING_STARTED', async () => (await lab.events('FLAPPING_STARTED')).length === 1, 60_000, 200);
    const [started] = (await lab.events('FLAPPING_STARTED')) as FlappingEvent[];
    expect(started).toMatchObject({ target: 'wobbly', hosts: [a] });
    expect(started?.percent).toBeGreaterThanOrEqual(30);
    await waitFor('flapping in the status file', () => flappingInStatus() === true, 10_000, 100);
    const changesBefore = (await lab.events(['HOST_DOWN', 'HOST_UP'])).length;
    await waitFor('more changes while flapping', async () => (await lab.events(['HOST_DOWN', 'HOST_UP'])).length >= changesBefore + 4, 30_000, 200);
    await sleep(11_000); // past the digest window of the first DOWN

    // a restart while it flaps keeps it flapping: no second FLAPPING email, its changes still held back
    await lab.monitor?.stop('SIGTERM', 20_000);
    await lab.startMonitor();
    const afterRestart = (await lab.events(['HOST_DOWN', 'HOST_UP'])).length;
    await waitFor('changes after the restart', async () => (await lab.events(['HOST_DOWN', 'HOST_UP'])).length >= afterRestart + 2, 30_000, 200);
    expect((await lab.events('FLAPPING_STARTED')).length).toBe(1);
    expect(flappingInStatus()).toBe(true);

    const held = ((await lab.events(['HOST_DOWN', 'HOST_UP'])) as Array<HostDownEvent | HostUpEvent>).filter((e) => e.time > (started?.time ?? ''));
    expect(held.length).toBeGreaterThanOrEqual(6);
    expect(held.every((e) => e.suppressed === 'flapping')).toBe(true);
    expect(lab.mail().map((m) => m.subject)).toEqual([`[uptime] wobbly ${a} is DOWN`, `[uptime] wobbly ${a} is FLAPPING`]);
    expect(lab.mail()[1]?.headers.get('x-uptime-event-id')).toBe(started?.id);

    // steady again: it stops below low, and its final status (up) differs from the last DOWN email
    lab.unblock();
    await waitFor('FLAPPING_STOPPED', async () => (await lab.events('FLAPPING_STOPPED')).length === 1, 90_000, 200);
    await waitFor('the final status email', () => lab.mail().length >= 3, 30_000, 100);
    await sleep(2000);
    expect(lab.mail().map((m) => m.subject)).toEqual([`[uptime] wobbly ${a} is DOWN`, `[uptime] wobbly ${a} is FLAPPING`, `[uptime] wobbly ${a} is UP`]);
    expect(flappingInStatus()).toBe(false);
  });

  it('sends no FLAPPING email inside a maintenance window (the event is still recorded)', async () => {
    const lab = stormLab();
    const [a] = stormAddresses(1) as [string];
    lab.addresses('add', [a]);
    const window = { name: 'works', start: new Date(Date.now() - 60_000).toISOString(), end: new Date(Date.now() + 3_600_000).toISOString() };
    lab.writeConfig({ targets: [{ name: 'wobbly', host: a }] }, { groupWait: '10s' }, { maintenance: [window] });
    await lab.startMta();
    await lab.startMonitor();
    await waitFor('wobbly up', async () => (await lab.events('HOST_UP')).length >= 1, 30_000, 200);
    lab.alternate(a);
    await waitFor('FLAPPING_STARTED', async () => (await lab.events('FLAPPING_STARTED')).length === 1, 60_000, 200);
    await sleep(3000);
    expect(lab.mail()).toEqual([]);
  });
});
