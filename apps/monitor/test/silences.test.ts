/**
 * Silences and acknowledgements (issue 13), applied by the monitor from the requests the viewer and the
 * CLI leave: a silenced target's changes carry `suppressed: silence` and send nothing; when the silence
 * is deleted one DOWN email goes for the target still down, none for one that came and went. The state
 * survives a kill -9; a silence that ended while the monitor was stopped is recorded at the start and
 * what it held is told. An acknowledgement lasts until the target is up. Real ICMP in a namespace of the
 * test's own, the real MTA and Maildir.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { newSilenceId, writeControlRequest, type ControlRequest, type Silence } from '@uptime/control';
import { isoLocal, type AcknowledgedEvent, type HostDownEvent, type HostUpEvent, type SilenceEvent } from '@uptime/events';
import { waitFor } from '@uptime/test-lab';
import { labUnavailable, sleep, stormLab, stormAddresses, type StormLab } from './helpers/storm-lab.js';

const unavailable = labUnavailable('silence tests');

const ask = (made: StormLab, request: ControlRequest) => writeControlRequest(join(made.dataDir, 'requests'), request);
const silence = (targets: string[], ms: number, comment = ''): Silence => ({ id: newSilenceId(), targets, until: isoLocal(new Date(Date.now() + ms)), author: 'tester', comment });

/** The notes of each target in the status file, by name. */
function notes(made: StormLab): Map<string, { silenced: boolean; acknowledged: boolean; flapping: boolean }> {
  try {
    const file = JSON.parse(readFileSync(join(made.dataDir, 'run', 'status.json'), 'utf8')) as { targets: Array<{ name: string; silenced: boolean; acknowledged: boolean; flapping: boolean }> };
    return new Map(file.targets.map((t) => [t.name, t]));
  } catch {
    return new Map();
  }
}

describe.skipIf(unavailable !== undefined)('silences', () => {
  it('holds emails back while in force; deleting it sends one DOWN for the target still down, none for the one that came back', async () => {
    const made = stormLab();
    const [a, b, c] = stormAddresses(3) as [string, string, string];
    made.addresses('add', [a, b, c]);
    made.writeConfig({ targets: [{ name: 't0', host: a }, { name: 't1', host: b, tags: ['rack'] }, { name: 't2', host: c }] });
    await made.startMta();
    await made.startMonitor();
    await waitFor('every target up', async () => (await made.events('HOST_UP')).length >= 3, 60_000, 200);

    const s = silence(['t0', 'tag:rack'], 3_600_000, 'patching');
    await ask(made, { kind: 'silence-add', silence: s });
    await waitFor('SILENCE_ADDED', async () => (await made.events('SILENCE_ADDED')).length === 1, 10_000, 100);
    const [added] = (await made.events('SILENCE_ADDED')) as SilenceEvent[];
    expect(added).toMatchObject({ silenceId: s.id, targets: ['t0', 'tag:rack'], until: s.until, author: 'tester', comment: 'patching', hosts: [a, b] });
    await waitFor('silenced in the status file', () => notes(made).get('t1')?.silenced === true, 10_000, 100);
    expect([...notes(made)].map(([name, n]) => [name, n.silenced])).toEqual([['t0', true], ['t1', true], ['t2', false]]);

    made.addresses('del', [a, b]);
    await waitFor('t0 and t1 down', async () => (await made.events('HOST_DOWN')).length >= 2, 30_000, 100);
    made.addresses('add', [b]);
    await waitFor('t1 up again', async () => (await made.events('HOST_UP')).length >= 4, 30_000, 100);
    const downs = (await made.events('HOST_DOWN')) as HostDownEvent[];
    expect(downs.map((e) => [e.target, e.suppressed]).sort()).toEqual([['t0', 'silence'], ['t1', 'silence']]);
    expect(((await made.events('HOST_UP')) as HostUpEvent[]).find((e) => e.target === 't1' && e.before === 'down')?.suppressed).toBe('silence');
    await sleep(3000);
    expect(made.mail()).toEqual([]); // 0 emails while in force

    await ask(made, { kind: 'silence-delete', id: s.id, author: 'tester2' });
    await waitFor('SILENCE_REMOVED', async () => (await made.events('SILENCE_REMOVED')).length === 1, 10_000, 100);
    const [removed] = (await made.events('SILENCE_REMOVED')) as SilenceEvent[];
    expect(removed).toMatchObject({ silenceId: s.id, targets: ['t0', 'tag:rack'], author: 'tester2', message: expect.stringContaining('deleted by tester2') });
    await waitFor('an email after the silence', () => made.mail().length >= 1, 30_000, 100);
    await sleep(3000);
    expect(made.mail().map((m) => m.subject)).toEqual([`[uptime] t0 ${a} is DOWN`]);
    expect(made.mail()[0]?.headers.get('x-uptime-event-id')).toBe(downs.find((e) => e.target === 't0')?.id);
    expect(notes(made).get('t0')?.silenced).toBe(false);
  });

  it('a parent held back by a silence: when the silence ends while it is down, its one DOWN email lists the targets behind it, which get none', async () => {
    const made = stormLab();
    const [core, c0, c1] = stormAddresses(3) as [string, string, string];
    made.addresses('add', [core, c0, c1]);
    made.writeConfig({ targets: [{ name: 'core', host: core }, { name: 'c0', host: c0, parent: 'core' }, { name: 'c1', host: c1, parent: 'core' }] });
    await made.startMta();
    await made.startMonitor();
    await waitFor('every target up', async () => (await made.events('HOST_UP')).length >= 3, 60_000, 200);
    const s = silence(['core'], 3_600_000, 'switch firmware');
    await ask(made, { kind: 'silence-add', silence: s });
    await waitFor('SILENCE_ADDED', async () => (await made.events('SILENCE_ADDED')).length === 1, 10_000, 100);

    made.addresses('del', [core, c0, c1]);
    await waitFor('core down, c0 and c1 unreachable', async () => (await made.events('HOST_DOWN')).length === 1 && (await made.events('HOST_UNREACHABLE')).length === 2, 30_000, 100);
    expect(((await made.events('HOST_DOWN')) as HostDownEvent[])[0]).toMatchObject({ target: 'core', suppressed: 'silence' });
    await sleep(2000);
    expect(made.mail()).toEqual([]);

    await ask(made, { kind: 'silence-delete', id: s.id, author: 'tester' });
    await waitFor('the DOWN email after the silence', () => made.mail().length >= 1, 30_000, 100);
    await sleep(3000);
    expect(made.mail().map((m) => m.subject)).toEqual([`[uptime] core ${core} is DOWN`]);
    // the plain text part, quoted-printable
    const body = (made.mail()[0]?.body ?? '').replace(/=\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    expect(body).toContain('2 target(s) behind it are unreachable:');
    expect(body).toContain(`  c0  ${c0}\n`);
    expect(body).toContain(`  c1  ${c1}\n`);
  });

  it('survives kill -9: a silence still in force holds, one that ended while stopped is recorded at the start and its target still down told', async () => {
    const made = stormLab();
    const [a, b] = stormAddresses(2) as [string, string];
    made.addresses('add', [a, b]);
    made.writeConfig({ targets: [{ name: 'short', host: a }, { name: 'long', host: b }] });
    await made.startMta();
    const first = await made.startMonitor();
    await waitFor('both up', async () => (await made.events('HOST_UP')).length >= 2, 60_000, 200);
    const long = silence(['long'], 3_600_000);
    const short = silence(['short'], 6000);
    await ask(made, { kind: 'silence-add', silence: long });
    await ask(made, { kind: 'silence-add', silence: short });
    await waitFor('both silences', async () => (await made.events('SILENCE_ADDED')).length === 2, 10_000, 100);
    made.addresses('del', [a, b]);
    await waitFor('both down, held back', async () => (await made.events('HOST_DOWN')).length >= 2, 30_000, 100);
    await first.stop('SIGKILL', 10_000);

    await waitFor('the short silence to end while the monitor is stopped', () => Date.now() > Date.parse(short.until) + 500, 20_000, 100);
    expect(made.mail()).toEqual([]);
    await made.startMonitor();
    await waitFor('SILENCE_REMOVED at the start', async () => (await made.events('SILENCE_REMOVED')).length === 1, 20_000, 100);
    const [removed] = (await made.events('SILENCE_REMOVED')) as SilenceEvent[];
    expect(removed).toMatchObject({ silenceId: short.id, author: 'tester', message: expect.stringContaining('expired') });
    await waitFor('the DOWN the short silence held', () => made.mail().length >= 1, 30_000, 100);
    await waitFor('long still silenced after the restart', () => notes(made).get('long')?.silenced === true, 10_000, 100);
    await sleep(3000);
    expect(made.mail().map((m) => m.subject)).toEqual([`[uptime] short ${a} is DOWN`]);
    expect(notes(made).get('short')?.silenced).toBe(false);
  });
});

describe.skipIf(unavailable !== undefined)('acknowledgements', () => {
  it('records ACKNOWLEDGED for a target that is down, drops one for a target that is up, and lasts until it is up', async () => {
    const made = stormLab();
    const [a, b] = stormAddresses(2) as [string, string];
    made.addresses('add', [a, b]);
    made.writeConfig({ targets: [{ name: 'gw', host: a }, { name: 'ok', host: b }] });
    await made.startMta();
    const monitor = await made.startMonitor();
    await waitFor('both up', async () => (await made.events('HOST_UP')).length >= 2, 60_000, 200);
    made.addresses('del', [a]);
    await waitFor('the DOWN email', () => made.mail().length === 1, 30_000, 100);

    const time = isoLocal();
    await ask(made, { kind: 'ack', target: 'ok', author: 'tester', comment: '', time });
    await ask(made, { kind: 'ack', target: 'gw', author: 'tester', comment: 'on it', time });
    await waitFor('ACKNOWLEDGED', async () => (await made.events('ACKNOWLEDGED')).length === 1, 10_000, 100);
    const [ack] = (await made.events('ACKNOWLEDGED')) as AcknowledgedEvent[];
    expect(ack).toMatchObject({ target: 'gw', author: 'tester', comment: 'on it', hosts: [a] });
    await waitFor('acknowledged in the status file', () => notes(made).get('gw')?.acknowledged === true, 10_000, 100);
    expect(notes(made).get('ok')?.acknowledged).toBe(false);
    await monitor.waitForOutput(/acknowledgement of ok by tester dropped: it is up, not down/, 'the dropped acknowledgement', 10_000);

    made.addresses('add', [a]);
    await waitFor('gw up', () => made.mail().length === 2, 30_000, 100);
    expect(made.mail().map((m) => m.subject)).toEqual([`[uptime] gw ${a} is DOWN`, `[uptime] gw ${a} is UP`]);
    await waitFor('no longer acknowledged', () => notes(made).get('gw')?.acknowledged === false, 10_000, 100);
  });
});
