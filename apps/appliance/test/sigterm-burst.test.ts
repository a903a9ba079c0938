import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEvents, type UptimeEvent } from '@uptime/events';
import { Netns, netnsUnavailable, startInNetns, waitFor, type Child } from '@uptime/test-lab';
import { CLIS } from './helpers/clis.js';

/**
 * SIGTERM in the middle of a burst of mail (Postfix's smtp-source as the client) and of an alert:
 * after a restart on the same data directory, every message the MTA acknowledged with 250 is in the
 * Maildir, and every event is in the event log. Halfway through the burst the Maildir stops taking
 * mail (its tmp/ replaced by a file), so that the stop finds messages waiting in the spool.
 */
const SMTP_SOURCE = '/usr/sbin/smtp-source';
const TARGET = '127.0.0.51';
const BREAK_AFTER_ACKS = 75;
const STOP_AFTER_ACKS = 150;
const unavailable = netnsUnavailable() ?? (existsSync(SMTP_SOURCE) ? undefined : `${SMTP_SOURCE} not installed (run scripts/install-test-deps.sh)`);
if (unavailable) console.warn(`SKIPPED SIGTERM burst test: ${unavailable}`);

/** Every delivered message in a mailbox: our queue id (from our Received header) and its Message-ID. */
function delivered(dataDir: string, mailbox: string): Array<{ queueId: string; messageId: string; text: string }> {
  const dir = join(dataDir, 'mail', mailbox, 'new');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).map((file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    return {
      queueId: /\tby sensor\.lab with \S+ id ([A-Z0-9]+);/.exec(text)?.[1] ?? '',
      messageId: /^Message-I[Dd]: (<[^>]*>)/im.exec(text)?.[1] ?? '',
      text,
    };
  });
}

/** How often each value occurs. */
const tally = (values: string[]) => values.reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map<string, number>());

describe.skipIf(unavailable !== undefined)('SIGTERM in the middle of a burst', () => {
  const ns = unavailable ? undefined : new Netns();
  const children: Child[] = [];
  afterAll(async () => {
    await Promise.all(children.map((c) => c.stop('SIGKILL')));
    ns?.delete();
  });

  it('loses no acknowledged message, alert or event, and stops within a few seconds', async () => {
    if (!ns) return;
    ns.addAddress(TARGET);
    const dir = mkdtempSync(join(tmpdir(), 'uptime-sigterm-'));
    const dataDir = join(dir, 'data');
    const config = join(dir, 'uptime.config.yaml');
    writeFileSync(
      config,
      [
        `dataDir: ${dataDir}`,
        'monitor:',
        '  interval: 200ms',
        '  timeout: 150ms',
        '  targets:',
        `    - { name: lab-host, host: ${TARGET} }`,
        'mta:',
        '  mailboxes: [burst]',
        '  relay:',
        '    retry: { first: 1s, max: 2s }',
      ].join('\n'),
    );
    const events = (code?: UptimeEvent['code']) => readEvents(join(dataDir, 'events'), { code, limit: 10_000 });
    const start = () => {
      const child = startInNetns(ns, CLIS.appliance, ['--config', config], { cwd: dir });
      children.push(child);
      return child;
    };

    let appliance = start();
    await appliance.waitForOutput(/all parts are running/, 'the appliance to start');
    await waitFor('HOST_UP of the target', async () => (await events('HOST_UP')).length > 0);

    // an alert in flight: the target goes away, then the burst starts
    ns.removeAddress(TARGET);
    const [down] = await waitFor('HOST_DOWN', async () => {
      const found = await events('HOST_DOWN');
      return found.length ? found : undefined;
    });

    const [command, ...args] = ns.wrap([SMTP_SOURCE, '-v', '-s', '5', '-m', '3000', '-f', 'burst@localhost', '-t', 'burst@localhost', '127.0.0.1:2525']);
    const source = spawn(command as string, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let sourceLog = '';
    source.stdout?.on('data', (d: Buffer) => (sourceLog += d.toString()));
    source.stderr?.on('data', (d: Buffer) => (sourceLog += d.toString()));
    const sourceDone = new Promise((resolve) => source.on('exit', resolve));
    const acked = () => [...sourceLog.matchAll(/<<< 250 2\.0\.0 Ok: queued as ([A-Z0-9]+)/g)].map((m) => m[1] as string);
    await waitFor(`${BREAK_AFTER_ACKS} messages acknowledged`, () => acked().length >= BREAK_AFTER_ACKS, 60_000, 1);
    const burstTmp = join(dataDir, 'mail', 'burst', 'tmp');
    await waitFor('the burst Maildir', () => existsSync(burstTmp));
    renameSync(burstTmp, `${burstTmp}.away`);
    writeFileSync(burstTmp, 'deliveries to this Maildir fail (ENOTDIR) until the restart');
    await waitFor(`${STOP_AFTER_ACKS} messages acknowledged`, () => acked().length >= STOP_AFTER_ACKS, 60_000, 1);

    const sentAt = performance.now();
    const code = await appliance.stop('SIGTERM', 60_000); // the hang time-out; SIGKILL only then
    const stopMs = performance.now() - sentAt;
    source.kill('SIGKILL');
    await sourceDone;
    const ackedIds = new Set(acked());
    console.log(`SIGTERM after ${STOP_AFTER_ACKS}+ acks: the appliance exited with ${code} after ${Math.round(stopMs)} ms; ${ackedIds.size} messages acknowledged in all`);
    expect(code, appliance.output().slice(-3000)).toBe(0);
    const firstRunDelivered = delivered(dataDir, 'burst').filter((m) => ackedIds.has(m.queueId)).length;
    rmSync(burstTmp);
    renameSync(`${burstTmp}.away`, burstTmp);

    appliance = start();
    await appliance.waitForOutput(/all parts are running/, 'the appliance to start again');
    await waitFor('the monitor started again', async () => (await events('MONITOR_STARTED')).length === 2);
    const queued = /mta: (\d+) message\(s\) in the queue from before/.exec(appliance.output())?.[1] ?? '0';
    await waitFor(
      'every acknowledged message in the Maildir',
      () => {
        const ids = new Set(delivered(dataDir, 'burst').map((m) => m.queueId));
        return [...ackedIds].every((id) => ids.has(id));
      },
      60_000,
      100,
    );
    await waitFor('the DOWN alert in the Maildir', () => delivered(dataDir, 'admin').some((m) => m.text.includes(`X-Uptime-Event-Id: ${down?.id}`)));
    expect(await appliance.stop('SIGTERM', 60_000)).toBe(0);

    const mail = delivered(dataDir, 'burst');
    const copies = tally(mail.map((m) => m.queueId));
    const unacked = [...copies.keys()].filter((id) => !ackedIds.has(id));
    const duplicates = [...copies.values()].filter((n) => n > 1).length;
    const all = await events();
    const deliveredEvents = tally(all.filter((e) => e.code === 'MAIL_DELIVERED' && e.recipient === 'burst@localhost').map((e) => (e.code === 'MAIL_DELIVERED' ? e.messageId : '')));
    console.log(
      `acknowledged ${ackedIds.size}; delivered before the stop ${firstRunDelivered}, queued at restart ${queued}; ` +
        `in the Maildir ${mail.length} (${copies.size} distinct, ${duplicates} delivered twice, ${unacked.length} not acknowledged to the client but kept)`,
    );
    for (const id of ackedIds) expect(copies.get(id), `acknowledged message ${id}`).toBeGreaterThanOrEqual(1);
    // a message is in the Maildir as often as the MTA said it delivered it
    for (const m of mail) expect(deliveredEvents.get(m.messageId), `MAIL_DELIVERED of ${m.messageId}`).toBe(copies.get(m.queueId));
    expect(all.filter((e) => e.code === 'MONITOR_STARTED')).toHaveLength(2);
    expect(all.filter((e) => e.code === 'MONITOR_STOPPED')).toHaveLength(2);
    expect(all.filter((e) => e.code === 'ALERT_QUEUED' && e.eventId === down?.id)).toHaveLength(1);
    expect(all.filter((e) => e.code === 'HOST_DOWN' && e.before === 'up')).toHaveLength(1);
  });
});
