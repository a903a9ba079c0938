import { afterEach, describe, expect, it } from 'vitest';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { registerPart } from '@uptime/config';
import { readMetricsSnapshots } from '@uptime/metrics';
import { waitFor } from '../test/helpers/peers.js';
import { clientOf, startTestMta, stopTestMtas } from '../test/helpers/test-mta.js';

const unregisters: Array<() => void> = [];
afterEach(async () => {
  await stopTestMtas();
  for (const unregister of unregisters.splice(0)) unregister();
});

/** The value of one series in the Prometheus text, or undefined when absent. */
function valueOf(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('MTA metrics', () => {
  it('counts a received and delivered message and keeps the queue gauges current', async () => {
    const t = await startTestMta((c) => {
      c.mta.relay.retry = { first: 3_600_000, max: 3_600_000, lifetime: 86_400_000 };
      c.mta.mailboxes = ['ops'];
    });
    unregisters.push(registerPart(t.layout, 'mta', `127.0.0.1:${t.port}`));
    const client = await clientOf(t);
    await client.sendMail({ from: 'a@localhost', to: 'admin@localhost', subject: 'one', text: 't' });
    await waitFor(() => t.recorded.length === 1, 'MAIL_DELIVERED');
    await t.mta.metrics.flush();
    let text = await readMetricsSnapshots(t.layout);
    expect(valueOf(text, 'uptime_mta_messages_received_total')).toBe(1);
    expect(valueOf(text, 'uptime_mta_deliveries_total{transport="local"}')).toBe(1);
    expect(valueOf(text, 'uptime_mta_deferred_total')).toBe(0);
    expect(valueOf(text, 'uptime_mta_queue_messages')).toBe(0);
    expect(valueOf(text, 'uptime_mta_spool_bytes')).toBe(0);

    await mkdir(t.layout.mail, { recursive: true });
    await writeFile(join(t.layout.mail, 'ops'), 'a file where the mailbox should be');
    await client.sendMail({ from: 'a@localhost', to: 'ops@localhost', subject: 'two', text: 't' });
    await waitFor(() => t.recorded.length === 2, 'MAIL_DEFERRED');
    await t.mta.metrics.flush();
    text = await readMetricsSnapshots(t.layout);
    expect(valueOf(text, 'uptime_mta_messages_received_total')).toBe(2);
    expect(valueOf(text, 'uptime_mta_deferred_total')).toBe(1);
    expect(valueOf(text, 'uptime_mta_queue_messages')).toBe(1);
    expect(valueOf(text, 'uptime_mta_spool_bytes')).toBeGreaterThan(100);

    // `queue delete` in another process: the next reconcile notices
    const [id] = await readdir(join(t.layout.spool, 'queue'));
    await rm(join(t.layout.spool, 'queue', id ?? ''));
    await t.mta.queue.idle();
    t.mta.flush();
    await t.mta.queue.idle();
    await t.mta.metrics.flush();
    expect(valueOf(await readMetricsSnapshots(t.layout), 'uptime_mta_queue_messages')).toBe(0);
  });

  it('counts bounces, and the snapshot goes away when the MTA stops', async () => {
    const t = await startTestMta((c) => {
      c.mta.relay.retry = { first: 3_600_000, max: 3_600_000, lifetime: 0 };
      c.mta.mailboxes = ['ops'];
    });
    unregisters.push(registerPart(t.layout, 'mta', `127.0.0.1:${t.port}`));
    await mkdir(t.layout.mail, { recursive: true });
    await writeFile(join(t.layout.mail, 'ops'), 'a file where the mailbox should be');
    await (await clientOf(t)).sendMail({ from: 'a@localhost', to: 'ops@localhost', subject: 'lost', text: 't' });
    await waitFor(() => t.recorded.some((e) => e.code === 'MAIL_DELIVERED'), 'the bounce delivered to the sender');
    await t.mta.queue.idle();
    await t.mta.metrics.flush();
    const text = await readMetricsSnapshots(t.layout);
    expect(valueOf(text, 'uptime_mta_bounced_total')).toBe(1);
    expect(valueOf(text, 'uptime_mta_deliveries_total{transport="local"}')).toBe(1);
    expect(valueOf(text, 'uptime_mta_queue_messages')).toBe(0);
    await stopTestMtas();
    expect(await readMetricsSnapshots(t.layout)).toBe('');
  });
});
