/** @module Test helper: a data directory with something on every page: mail, targets up and down, events and outages. */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { dataLayout, type DataLayout } from '@uptime/config';
import { openEventWriter } from '@uptime/events';
import { compose, deliver } from '../src/test-support/maildir-fixture.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** One target as the monitor writes it into the status file. */
export interface DemoTarget {
  name: string;
  host: string;
  status: 'up' | 'down' | 'unknown';
}

/** Writes the status file atomically, as the monitor does. */
export async function writeStatus(layout: DataLayout, targets: DemoTarget[], now = Date.now()): Promise<void> {
  await mkdir(layout.run, { recursive: true });
  const recent = (down: boolean) => Array.from({ length: 30 }, (_, k) => ({ t: iso(now - (30 - k) * 2000), ok: !(down && k > 24), rttMs: down && k > 24 ? null : 1 + (k % 5) / 10 }));
  const body = JSON.stringify({
    updatedAt: iso(now),
    targets: targets.map((t) => ({ name: t.name, host: t.host, probe: 'icmp', status: t.status, since: iso(now - 90_000), rttMs: t.status === 'up' ? 1.2 : null, lastCheck: iso(now - 1000), lossPercent: t.status === 'down' ? 20 : 0, recent: recent(t.status === 'down') })),
  });
  const tmp = `${layout.statusFile}.tmp`;
  await writeFile(tmp, body);
  await rename(tmp, layout.statusFile);
}

/** Delivers one message into the admin mailbox (new, unread); answers its unique file name. */
export async function deliverMail(layout: DataLayout, subject: string, from = 'Uptime sensor <uptime@localhost>', at = new Date()): Promise<string> {
  return deliver(layout, await compose({ from, to: 'admin@localhost', subject, text: `${subject}\n\nThis is a test message.`, date: at }), { mailbox: 'admin', at });
}

/** Fills `<cwd>/data` with mail (one with HTML), three targets (up, down, unknown), events with an alert, and outages. */
export async function seedDemo(cwd: string, now = Date.now()): Promise<DataLayout> {
  const layout = dataLayout(join(cwd, 'data'));
  await writeStatus(layout, [
    { name: 'gateway', host: '127.0.0.1', status: 'up' },
    { name: 'nas storage', host: '127.0.0.20', status: 'down' },
    { name: 'printer', host: '127.0.0.30', status: 'unknown' },
  ], now);
  // a silence in force, as the monitor keeps it
  await mkdir(dirname(layout.silenceStateFile), { recursive: true });
  await writeFile(layout.silenceStateFile, JSON.stringify({ silences: [{ id: 's-demo-1', targets: ['printer', 'tag:lab'], until: iso(now + 7_200_000), author: 'admin', comment: 'toner change' }], acknowledged: [], held: [] }));
  const writer = await openEventWriter({ dir: layout.events, role: 'monitor' });
  await writer.record({ code: 'MONITOR_STARTED', hosts: [], message: 'The monitor started with 3 targets.', time: iso(now - 600_000) });
  const down = await writer.record({ code: 'HOST_DOWN', target: 'nas storage', before: 'up', after: 'down', hosts: ['127.0.0.20'], message: 'nas storage 127.0.0.20 is down.', time: iso(now - 90_000) });
  await writer.record({ code: 'ALERT_QUEUED', eventId: down.id, messageId: `<${down.id}@sensor.lab>`, hosts: ['127.0.0.20'], message: 'Alert for nas storage handed to the MTA.', time: iso(now - 89_000) });
  await writer.close();
  await mkdir(layout.logs, { recursive: true });
  const outage = (host: string, target: string, startMs: number, seconds: number) => `${iso(startMs).slice(0, 10)},${host},${target},${iso(startMs)},${iso(startMs + seconds * 1000)},${seconds}`;
  await writeFile(join(layout.logs, 'outage_log.csv'), ['date,host,target,start,end,duration_seconds', outage('127.0.0.1', 'gateway', now - 86_400_000, 320), outage('127.0.0.20', 'nas storage', now - 7_200_000, 95)].join('\n') + '\n');
  const alert = await compose({ from: 'Uptime sensor <uptime@localhost>', to: 'admin@localhost', subject: '[uptime] nas storage 127.0.0.20 is DOWN', text: `nas storage (127.0.0.20) is DOWN.\nEvent: HOST_DOWN ${down.id}`, headers: { 'X-Uptime-Event-Id': down.id }, date: new Date(now - 88_000) });
  await deliver(layout, alert, { mailbox: 'admin', at: new Date(now - 88_000) });
  const news = await compose({
    from: 'Lab newsletter <news@lab.example>',
    to: 'admin@localhost',
    subject: 'Rack move on Friday',
    text: 'The racks in room 2 move on Friday.',
    html: `<h2>Rack move on Friday</h2><p>The racks in <b>room 2</b> move on Friday from 9:00.</p>
<table><tr><td>Please take everything off the shelves before Thursday evening, label the boxes with your team name, and leave the cables in place.</td><td>Lab&nbsp;office Supercalifragilistic</td></tr></table>`,
    date: new Date(now - 3_600_000),
  });
  await deliver(layout, news, { mailbox: 'admin', at: new Date(now - 3_600_000), folder: 'cur', flags: 'S' });
  return layout;
}
