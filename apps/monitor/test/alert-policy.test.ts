/**
 * Routes, reminders, escalation and viewer links (issue 13), with real ICMP in a namespace of the test's
 * own, the real MTA and the Maildir: a route's recipients get only their targets' alerts (each digest
 * per recipient), every alert links to the viewer, a DOWN is repeated as `(reminder)` and sent to the
 * escalation recipients as `(escalated)`, across a restart without a reminder twice, until it is up.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeControlRequest } from '@uptime/control';
import { isoLocal } from '@uptime/events';
import { waitFor } from '@uptime/test-lab';
import { labUnavailable, sleep, stormLab, stormAddresses, type Mail } from './helpers/storm-lab.js';

const unavailable = labUnavailable('alert policy tests');

/** The targets an email names: in its subject, or on a line of a digest. */
const named = (m: Mail) => [...new Set([...(/^\[uptime\] (\S+) 127\./.exec(m.subject)?.slice(1) ?? []), ...[...m.body.matchAll(/ (web|switch|printer) {2}127\./g)].map((x) => x[1] as string)])];

describe.skipIf(unavailable !== undefined)('alert policy', () => {
  it('routes some targets to more recipients, each digest holding only the recipient\'s targets, every alert linked to the viewer', async () => {
    const lab = stormLab();
    const [web, sw, printer] = stormAddresses(3) as [string, string, string];
    lab.addresses('add', [web, sw, printer]);
    lab.writeConfig(
      { targets: [{ name: 'web', host: web }, { name: 'switch', host: sw, tags: ['core'] }, { name: 'printer', host: printer }] },
      { groupWait: '3s', routes: [{ targets: ['web', 'tag:core'], to: ['net-team@localhost'] }] },
      { viewer: { listen: '127.0.0.1:8025', url: 'https://sensor.lab/uptime' } },
    );
    await lab.startMta();
    await lab.startMonitor();
    await waitFor('every target up', async () => (await lab.events('HOST_UP')).length >= 3, 60_000, 200);
    lab.addresses('del', [web, sw, printer]);
    await waitFor('admin told of all three', () => new Set(lab.mail().flatMap(named)).size === 3, 60_000, 100);
    await waitFor('net-team told of its two', () => new Set(lab.mail('net-team').flatMap(named)).size === 2, 30_000, 100);
    await sleep(4000); // a further window: nothing else may come
    expect(new Set(lab.mail('net-team').flatMap(named))).toEqual(new Set(['web', 'switch']));
    expect(lab.mail().flatMap(named).sort()).toEqual(['printer', 'switch', 'web']); // each once
    const single = [...lab.mail(), ...lab.mail('net-team')].find((m) => / is DOWN$/.test(m.subject));
    const name = /^\[uptime\] (\S+) /.exec(single?.subject ?? '')?.[1] ?? '';
    expect(single?.body).toContain(`https://sensor.lab/uptime/status#target-${Buffer.from(name).toString('base64url')}`);
    expect(single?.body).toContain(`https://sensor.lab/uptime/status?ack=${name}`);
  });

  it('sends a route\'s first change after a quiet spell for its recipients at once, though admin\'s window is open, and that change once to each', async () => {
    const lab = stormLab();
    const [a, web] = stormAddresses(2) as [string, string];
    lab.addresses('add', [a, web]);
    lab.writeConfig({ targets: [{ name: 'a', host: a }, { name: 'web', host: web }] }, { groupWait: '10s', routes: [{ targets: ['web'], to: ['net-team@localhost'] }] });
    await lab.startMta();
    await lab.startMonitor();
    await waitFor('every target up', async () => (await lab.events('HOST_UP')).length >= 2, 60_000, 200);
    lab.addresses('del', [a]);
    await waitFor('admin told of a', () => lab.mail().length === 1, 30_000, 100);
    lab.addresses('del', [web]); // inside admin's window; net-team has heard nothing yet
    await waitFor('net-team told of web', () => lab.mail('net-team').length === 1, 30_000, 100);
    expect(lab.mail('net-team').map((m) => m.subject)).toEqual([`[uptime] web ${web} is DOWN`]);
    expect(lab.mail().map((m) => m.subject)).toEqual([`[uptime] a ${a} is DOWN`]); // admin's window is still open: web waits for its end
    await waitFor('admin told of web at the end of its window', () => lab.mail().length === 2, 30_000, 100);
    await sleep(3000);
    expect(lab.mail().map((m) => m.subject)).toEqual([`[uptime] a ${a} is DOWN`, `[uptime] web ${web} is DOWN`]);
    expect(lab.mail('net-team')).toHaveLength(1);
  });

  it('repeats the DOWN as reminders and escalates it, across a restart without a reminder twice, until it is up', async () => {
    const lab = stormLab();
    const [a] = stormAddresses(1) as [string];
    lab.addresses('add', [a]);
    lab.writeConfig({ targets: [{ name: 'db', host: a }] }, { groupWait: 0, repeatInterval: '3s', escalate: [{ after: '5s', to: ['oncall@localhost'] }] });
    await lab.startMta();
    await lab.startMonitor();
    await waitFor('db up', async () => (await lab.events('HOST_UP')).length >= 1, 60_000, 200);
    lab.addresses('del', [a]);
    const reminders = () => lab.mail().filter((m) => m.subject === `[uptime] db ${a} is DOWN (reminder)`);
    await waitFor('two reminders', () => reminders().length >= 2, 30_000, 100);
    await waitFor('the escalation', () => lab.mail('oncall').length >= 1, 30_000, 100);
    expect(lab.mail('oncall').map((m) => m.subject)).toEqual([`[uptime] db ${a} is DOWN (escalated)`]);

    await lab.monitor?.stop('SIGTERM', 20_000);
    const beforeRestart = reminders().length;
    await lab.startMonitor();
    await waitFor('a reminder after the restart', () => reminders().length > beforeRestart, 30_000, 100);
    lab.addresses('add', [a]);
    await waitFor('the UP email', () => lab.mail().some((m) => m.subject === `[uptime] db ${a} is UP`), 30_000, 100);
    const afterUp = reminders().length;
    await sleep(7000);
    expect(reminders().length).toBe(afterUp); // stopped by the recovery
    expect(lab.mail('oncall')).toHaveLength(1); // escalated once, also across the restart
    const numbers = reminders().map((m) => Number(/^Reminder (\d+):/m.exec(m.body)?.[1]));
    expect(numbers).toEqual([...new Set(numbers)].sort((x, y) => x - y)); // none twice, in order
    const ids = reminders().map((m) => m.headers.get('message-id'));
    expect(new Set(ids).size).toBe(ids.length);
    const [down] = await lab.events('HOST_DOWN');
    expect(reminders().every((m) => m.headers.get('x-uptime-event-id') === down?.id)).toBe(true);
  });

  it('stops reminders and the escalation still to come once the target is acknowledged', async () => {
    const lab = stormLab();
    const [a] = stormAddresses(1) as [string];
    lab.addresses('add', [a]);
    lab.writeConfig({ targets: [{ name: 'db', host: a }] }, { groupWait: 0, repeatInterval: '2s', escalate: [{ after: '8s', to: ['oncall@localhost'] }] });
    await lab.startMta();
    await lab.startMonitor();
    await waitFor('db up', async () => (await lab.events('HOST_UP')).length >= 1, 60_000, 200);
    lab.addresses('del', [a]);
    const reminders = () => lab.mail().filter((m) => m.subject.endsWith('(reminder)'));
    await waitFor('a reminder', () => reminders().length >= 1, 30_000, 100);
    await writeControlRequest(join(lab.dataDir, 'requests'), { kind: 'ack', target: 'db', author: 'tester', comment: 'on it', time: isoLocal() });
    await waitFor('ACKNOWLEDGED', async () => (await lab.events('ACKNOWLEDGED')).length === 1, 10_000, 100);
    await sleep(1500); // a reminder already stored when the ack came may still arrive
    const atAck = reminders().length;
    await sleep(9000); // past the escalation's delay and several reminder intervals
    expect(reminders().length).toBe(atAck);
    expect(lab.mail('oncall')).toEqual([]);
  });
});
